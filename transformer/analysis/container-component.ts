// `containerComponent(…)`: the image, command and args a function returns, with its parameters read as the
// placeholders KFP substitutes (`@dsl.container_component`).
import { Node, type ParameterDeclaration } from "ts-morph";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { InputIR, OutputIR } from "../ir.js";
import { pythonJsonDumps } from "../../src/spec/python-values.js";
import { declarationOf, type DslSymbols } from "./dsl.js";
import { evaluateConstant, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import type { FunctionNode } from "./signature.js";
import { mapType } from "./types.js";

export interface ContainerRead {
  readonly image: string;
  readonly command?: string[];
  readonly args?: string[];
}

/** A placeholder item: text, or (for ifPresent and concat) the structure the Python SDK writes as JSON. */
type Item = string | { IfPresent: { InputName: string; Then: Item | Item[]; Else?: Item | Item[] } } | { Concat: Item[] };

/** The parameter typed `Outputs<{ … }>`, if the first parameter is one. */
export function outputsParameter(fn: FunctionNode, dsl: DslSymbols): ParameterDeclaration | undefined {
  const first = fn.getParameters()[0];
  return first && dsl.isOutputs(first.getType()) ? first : undefined;
}

/** The outputs an `Outputs<{ … }>` parameter declares, by field. */
export function containerOutputs(parameter: ParameterDeclaration, dsl: DslSymbols, diagnostics: DiagnosticBag): OutputIR[] {
  const declared = parameter.getType().getAliasTypeArguments()[0];
  const outputs: OutputIR[] = [];
  for (const property of declared?.getProperties() ?? []) {
    const mapped = mapType(property.getTypeAtLocation(parameter), parameter, dsl);
    if (!mapped.ok) diagnostics.error(codes.unsupportedReturn, `output '${property.getName()}' ${mapped.reason}`, locationOf(parameter), mapped.hint);
    else outputs.push({ name: property.getName(), type: mapped.type });
  }
  return outputs;
}

/** Reads the returned `{ image, command, args }`, or reports what the compiler cannot read. */
export function readContainer(fn: FunctionNode, inputs: readonly InputIR[], outputs: readonly OutputIR[], dsl: DslSymbols, diagnostics: DiagnosticBag): ContainerRead | undefined {
  const outputsParam = outputsParameter(fn, dsl);
  const inputParams = new Map<Node, InputIR>();
  for (const param of fn.getParameters()) {
    const input = inputs.find((i) => i.name === param.getName());
    if (input) inputParams.set(param, input);
  }
  const fail = (node: Node, message: string, hint?: string): undefined => {
    diagnostics.error(codes.invalidContainer, message, locationOf(node), hint);
    return undefined;
  };
  const body = fn.getBody();
  let returned: Node | undefined = body && !Node.isBlock(body) ? body : undefined;
  if (body && Node.isBlock(body)) {
    const statements = body.getStatements();
    const last = statements.at(-1);
    if (statements.length === 1 && last && Node.isReturnStatement(last)) returned = last.getExpression();
  }
  const spec = returned && unwrapTransparent(returned);
  if (!spec || !Node.isObjectLiteralExpression(spec)) return fail(fn, "a container component returns `{ image, command, args }` as an object literal", "write `(…) => ({ image: \"alpine\", command: [\"echo\", text] })`");

  const parameterOf = (node: Node): ParameterDeclaration | undefined => {
    const declaration = Node.isIdentifier(node) ? declarationOf(node) : undefined;
    return declaration && Node.isParameterDeclaration(declaration) && declaration.getParent() === fn ? declaration : undefined;
  };
  const itemOf = (expression: Node): Item | undefined => {
    const node = unwrapTransparent(expression);
    const constant = evaluateConstant(node);
    if (constant.ok && (typeof constant.value === "string" || typeof constant.value === "number" || typeof constant.value === "boolean")) return String(constant.value);
    if (Node.isTemplateExpression(node)) {
      let text = node.getHead().getLiteralText();
      for (const span of node.getTemplateSpans()) {
        const part = itemOf(span.getExpression());
        if (part === undefined) return undefined;
        if (typeof part !== "string") return fail(span, "ifPresent and concat cannot be used inside a template literal", "pass them as command items of their own");
        text += part + span.getLiteral().getLiteralText();
      }
      return text;
    }
    const param = parameterOf(node);
    if (param && param === outputsParam) return fail(node, "pass one output, such as `out.result`", undefined);
    if (param) {
      const input = inputParams.get(param);
      if (!input) return undefined; // its type was reported
      if (input.type.kind === "artifact") return input.type.list ? `{{$.inputs.artifacts['${input.name}']}}` : fail(node, `artifact input '${input.name}' stands for no text: use its .path, .uri or .metadata`);
      return `{{$.inputs.parameters['${input.name}']}}`;
    }
    if (Node.isPropertyAccessExpression(node)) {
      const field = node.getName();
      const receiver = unwrapTransparent(node.getExpression());
      const owner = parameterOf(receiver);
      if (owner && owner === outputsParam) {
        const output = outputs.find((o) => o.name === field);
        if (!output) return undefined;
        return output.type.kind === "artifact" ? fail(node, `artifact output '${field}' stands for no text: use its .path, .uri or .metadata`) : `{{$.outputs.parameters['${field}'].output_file}}`;
      }
      if (owner && inputParams.get(owner)?.type.kind === "artifact" && ["path", "uri", "metadata"].includes(field)) return `{{$.inputs.artifacts['${inputParams.get(owner)!.name}'].${field}}}`;
      if (Node.isPropertyAccessExpression(receiver) && parameterOf(unwrapTransparent(receiver.getExpression())) === outputsParam && outputsParam && ["path", "uri", "metadata"].includes(field)) {
        return `{{$.outputs.artifacts['${receiver.getName()}'].${field}}}`;
      }
    }
    if (Node.isCallExpression(node)) {
      const kind = dsl.functionKind(node.getExpression());
      const args = node.getArguments();
      if (kind === "concat") {
        const items = args.map(itemOf);
        return items.every((i) => i !== undefined) ? { Concat: items as Item[] } : undefined;
      }
      if (kind === "ifPresent") {
        const [inputNode, thenNode, elseNode] = args;
        const param = inputNode && parameterOf(unwrapTransparent(inputNode));
        const input = param && inputParams.get(param);
        if (!input || !thenNode) return fail(node, "ifPresent takes one of the component's inputs, then what to pass when it is given", "write `ifPresent(name, [\"--name\", name])`");
        const branch = (n: Node) => {
          const b = unwrapTransparent(n);
          if (!Node.isArrayLiteralExpression(b)) return itemOf(b);
          const items = b.getElements().map(itemOf);
          return items.every((i) => i !== undefined) ? (items as Item[]) : undefined;
        };
        const then = branch(thenNode);
        const otherwise = elseNode && branch(elseNode);
        if (then === undefined || (elseNode && otherwise === undefined)) return undefined;
        return { IfPresent: { InputName: input.name, Then: then, ...(otherwise !== undefined && { Else: otherwise }) } };
      }
    }
    return fail(node, "a container's command line holds literals, the component's inputs and outputs, template literals of them, ifPresent(…) and concat(…)", "compute anything else inside the container");
  };
  const list = (name: string, node: Node): string[] | undefined => {
    const value = unwrapTransparent(node);
    if (!Node.isArrayLiteralExpression(value)) return fail(node, `'${name}' must be an array literal`);
    const items = value.getElements().map(itemOf);
    if (items.some((i) => i === undefined)) return undefined;
    return (items as Item[]).map((item) => (typeof item === "string" ? item : pythonJsonDumps(item, false)));
  };
  let image: string | undefined;
  let command: string[] | undefined;
  let args: string[] | undefined;
  for (const property of spec.getProperties()) {
    if (!Node.isPropertyAssignment(property)) return fail(property, "write each of image, command and args as `name: value`");
    const name = property.getName();
    const value = property.getInitializerOrThrow();
    if (name === "image") {
      const constant = evaluateConstant(value);
      if (!constant.ok || typeof constant.value !== "string") return fail(value, "the image must be a string literal");
      image = constant.value;
    } else if (name === "command") command = list(name, value);
    else if (name === "args") args = list(name, value);
    else return fail(property, `unknown container field '${name}'`, "a container component returns image, command and args");
    if ((name === "command" && !command) || (name === "args" && !args)) return undefined;
  }
  if (image === undefined) return fail(spec, "the container needs an image");
  return { image, ...(command && { command }), ...(args && { args }) };
}
