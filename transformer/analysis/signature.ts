import { Node, type ArrowFunction, type FunctionDeclaration, type FunctionExpression, type MethodDeclaration, type Type } from "ts-morph";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { InputIR, OutputIR, ReturnShape } from "../ir.js";
import type { DslSymbols } from "./dsl.js";
import type { Docs } from "./jsdoc.js";
import { evaluateConstant } from "./literals.js";
import { locationOf } from "./location.js";
import { mapType, notJson } from "./types.js";

export type FunctionNode = ArrowFunction | FunctionExpression | FunctionDeclaration | MethodDeclaration;

export function isFunctionNode(node: Node | undefined): node is FunctionNode {
  return !!node && (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node));
}

/**
 * The inputs of a component or pipeline, from its parameters. A component whose default is not a
 * literal keeps it at run time (the input is optional without a default in the spec); a pipeline's
 * defaults exist only in the spec, so there they must be literals.
 */
export function analyzeInputs(fn: FunctionNode, docs: Docs, owner: "component" | "pipeline", dsl: DslSymbols, diagnostics: DiagnosticBag, parameters = fn.getParameters()): InputIR[] {
  const inputs: InputIR[] = [];
  for (const param of parameters) {
    const nameNode = param.getNameNode();
    if (!Node.isIdentifier(nameNode)) {
      diagnostics.error(codes.unsupportedParameterSyntax, `a ${owner} parameter must be a plain name; destructuring has no KFP input name`, locationOf(nameNode), "declare one parameter per input");
      continue;
    }
    const name = nameNode.getText();
    if (param.isRestParameter()) {
      diagnostics.error(codes.unsupportedParameterSyntax, `rest parameter '...${name}' has no KFP input`, locationOf(param), "declare one parameter per input");
      continue;
    }
    if (!param.getTypeNode() && !param.getInitializer()) {
      diagnostics.error(codes.missingType, `parameter '${name}' has no type`, locationOf(param), `annotate it, for example '${name}: string'`);
      continue;
    }
    const type = param.getType();
    const mapped = mapType(type, param, dsl);
    if (!mapped.ok) {
      diagnostics.error(codes.unsupportedType, `input '${name}' ${mapped.reason}`, locationOf(param.getTypeNode() ?? param), mapped.hint);
      continue;
    }
    const initializer = param.getInitializer();
    let optional = param.hasQuestionToken() || initializer !== undefined || type.isNullable() || (type.isUnion() && type.getUnionTypes().some((t) => t.isUndefined()));
    let defaultValue: InputIR["defaultValue"];
    if (initializer) {
      const constant = evaluateConstant(initializer);
      if (mapped.type.kind === "artifact" && !(constant.ok && constant.value === undefined)) {
        diagnostics.error(codes.nonLiteralDefault, `artifact input '${name}' cannot have a default`, locationOf(initializer), `make it optional instead: '${name}?: ${param.getTypeNode()?.getText() ?? "…"}'`);
      } else if (constant.ok) {
        defaultValue = constant.value ?? undefined;
        if (constant.value === null) defaultValue = undefined;
      } else if (owner === "pipeline") {
        diagnostics.error(codes.nonLiteralDefault, `the default of pipeline parameter '${name}' must be a literal`, locationOf(initializer), "pipeline defaults are written into the spec; use a string, number, boolean, array or object literal");
      } else {
        optional = true;
        diagnostics.warning(codes.nonLiteralDefault, `the default of '${name}' is not a literal, so the spec marks the input optional without a default value`, locationOf(initializer), "the default still applies when the component runs");
      }
    }
    const description = docs.params.get(name);
    inputs.push({ name, type: mapped.type, optional, ...(defaultValue !== undefined && { defaultValue }), ...(description && { description }) });
  }
  return inputs;
}

/** The outputs of a component, from its return type: none (void), `Output` (one value), or one per field of an object. */
export function analyzeOutputs(fn: FunctionNode, docs: Docs, dsl: DslSymbols, diagnostics: DiagnosticBag): { outputs: OutputIR[]; returns: ReturnShape } {
  const checker = fn.getProject().getTypeChecker();
  const type = checker.getAwaitedType(fn.getReturnType()) ?? fn.getReturnType();
  const at = fn.getReturnTypeNode() ?? fn;
  if (type.isVoid() || type.isUndefined() || type.isNever()) return { outputs: [], returns: "none" };
  if (isNamedOutputs(type, dsl)) {
    const outputs: OutputIR[] = [];
    for (const property of type.getProperties()) {
      const declaration = property.getDeclarations()[0];
      const mapped = mapType(property.getTypeAtLocation(fn), fn, dsl);
      if (!mapped.ok) {
        diagnostics.error(codes.unsupportedReturn, `output '${property.getName()}' ${mapped.reason}`, locationOf(declaration && declaration.getSourceFile() === fn.getSourceFile() ? declaration : at), mapped.hint);
        continue;
      }
      const description = declaration && Node.isJSDocable(declaration) ? declaration.getJsDocs()[0]?.getDescription().trim() : undefined;
      outputs.push({ name: property.getName(), type: mapped.type, ...(description && { description }) });
    }
    return { outputs, returns: "named" };
  }
  const mapped = mapType(type, fn, dsl);
  if (!mapped.ok) {
    diagnostics.error(codes.unsupportedReturn, `the return value ${mapped.reason}`, locationOf(at), mapped.hint);
    return { outputs: [], returns: "none" };
  }
  return { outputs: [{ name: "Output", type: mapped.type, ...(docs.returns && { description: docs.returns }) }], returns: "single" };
}

/** An object type with declared fields (not an artifact, array or index signature) returns one output per field. */
function isNamedOutputs(type: Type, dsl: DslSymbols): boolean {
  return type.isObject() && !type.isArray() && !type.isTuple() && !dsl.isArtifact(type) && type.getCallSignatures().length === 0
    && !type.getStringIndexType() && type.getProperties().length > 0 && !notJson.has(type.getSymbol()?.getName() ?? "")
    && type.getSymbol()?.getName() !== "ReadonlyArray";
}
