import { Node, type ArrowFunction, type FunctionDeclaration, type FunctionExpression, type MethodDeclaration, type ObjectBindingPattern, type ParameterDeclaration, type Type } from "ts-morph";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { InputIR, OutputIR, ReturnShape } from "../ir.js";
import type { DslSymbols } from "./dsl.js";
import type { Docs } from "./jsdoc.js";
import { evaluateConstant } from "./literals.js";
import { locationOf } from "./location.js";
import { mapType, notJson } from "./types.js";
import { ioNameProblem, quoteName } from "../../src/spec/names.js";
import { parameterValueProblem } from "../../src/spec/parameter-type.js";

export type FunctionNode = ArrowFunction | FunctionExpression | FunctionDeclaration | MethodDeclaration;

export function isFunctionNode(node: Node | undefined): node is FunctionNode {
  return !!node && (Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node));
}

/** A component written with one destructured object parameter, `({ data, epochs = 10 }: { … })`: called with named arguments. */
export function hasNamedArguments(fn: FunctionNode): boolean {
  const parameters = fn.getParameters();
  return parameters.length === 1 && Node.isObjectBindingPattern(parameters[0]!.getNameNode());
}

/**
 * The inputs of a component or pipeline, from its parameters (or, for a component with named arguments, from the
 * fields of its one object parameter). A component whose default is not a literal keeps it at run time (the input
 * is optional without a default in the spec); a pipeline's defaults exist only in the spec, so there they must be literals.
 */
export function analyzeInputs(fn: FunctionNode, docs: Docs, owner: "component" | "pipeline", dsl: DslSymbols, diagnostics: DiagnosticBag, parameters = fn.getParameters()): InputIR[] {
  if (owner === "component" && hasNamedArguments(fn)) return analyzeNamedInputs(fn.getParameters()[0]!, docs, dsl, diagnostics);
  const inputs: InputIR[] = [];
  for (const param of parameters) {
    const nameNode = param.getNameNode();
    if (!Node.isIdentifier(nameNode)) {
      const hint = owner === "component" ? "declare one parameter per input, or one destructured object parameter `({ a, b }: { a: string; b: number })`" : "declare one parameter per input";
      diagnostics.error(codes.unsupportedParameterSyntax, `a ${owner} parameter must be a plain name; destructuring has no KFP input name`, locationOf(nameNode), hint);
      continue;
    }
    const name = nameNode.getText();
    const nameProblem = ioNameProblem(name);
    if (nameProblem) {
      diagnostics.error(codes.invalidName, `input name ${quoteName(name)} is not valid: ${nameProblem}`, locationOf(nameNode), "rename the parameter");
      continue;
    }
    if (param.isRestParameter()) {
      diagnostics.error(codes.unsupportedParameterSyntax, `rest parameter '...${name}' has no KFP input`, locationOf(param), "declare one parameter per input");
      continue;
    }
    if (!param.getTypeNode() && !param.getInitializer()) {
      diagnostics.error(codes.missingType, `parameter '${name}' has no type`, locationOf(param), `annotate it, for example '${name}: string'`);
      continue;
    }
    const input = inputOf({ name, type: param.getType(), at: param.getTypeNode() ?? param, typeText: param.getTypeNode()?.getText(), initializer: param.getInitializer(), optional: param.hasQuestionToken() }, docs.params.get(name), owner, dsl, diagnostics);
    if (input) inputs.push(input);
  }
  return inputs;
}

/** One input per field of a destructured object parameter; defaults come from the destructuring. */
function analyzeNamedInputs(param: ParameterDeclaration, docs: Docs, dsl: DslSymbols, diagnostics: DiagnosticBag): InputIR[] {
  const pattern = param.getNameNode() as ObjectBindingPattern;
  if (!param.getTypeNode()) {
    diagnostics.error(codes.missingType, "the object parameter has no type", locationOf(param), "annotate it, for example `({ data, epochs = 10 }: { data: Dataset; epochs?: Int })`");
    return [];
  }
  const objectType = param.getType();
  const inputs: InputIR[] = [];
  for (const element of pattern.getElements()) {
    if (element.getDotDotDotToken()) {
      diagnostics.error(codes.unsupportedParameterSyntax, `rest element '${element.getText()}' has no KFP input`, locationOf(element), "name each field you use");
      continue;
    }
    const name = element.getPropertyNameNode()?.getText() ?? element.getName();
    if (!Node.isIdentifier(element.getNameNode())) {
      diagnostics.error(codes.unsupportedParameterSyntax, `field '${name}' is destructured again; nested destructuring has no KFP input name`, locationOf(element), `take the field whole: '${name}'`);
      continue;
    }
    const property = objectType.getProperty(name);
    if (!property) {
      diagnostics.error(codes.missingType, `field '${name}' is not in the parameter's type`, locationOf(element), `add it to the type, for example '${name}: string'`);
      continue;
    }
    const declaration = property.getDeclarations()[0];
    const fieldDocs = declaration && Node.isJSDocable(declaration) ? declaration.getJsDocs()[0]?.getDescription().trim() : undefined;
    const typeText = declaration && Node.isPropertySignature(declaration) ? declaration.getTypeNode()?.getText() : undefined;
    const input = inputOf({ name, type: property.getTypeAtLocation(param), at: element, typeText, initializer: element.getInitializer(), optional: property.isOptional() }, docs.params.get(name) ?? (fieldDocs || undefined), "component", dsl, diagnostics);
    if (input) inputs.push(input);
  }
  return inputs;
}

interface DeclaredInput {
  readonly name: string;
  readonly type: Type;
  /** Where diagnostics point. */
  readonly at: Node;
  readonly typeText: string | undefined;
  readonly initializer: Node | undefined;
  /** Declared optional (`x?: T`). */
  readonly optional: boolean;
}

function inputOf(declared: DeclaredInput, description: string | undefined, owner: "component" | "pipeline", dsl: DslSymbols, diagnostics: DiagnosticBag): InputIR | undefined {
  const { name, type, at, initializer } = declared;
  const mapped = mapType(type, at, dsl);
  if (!mapped.ok) {
    diagnostics.error(codes.unsupportedType, `input '${name}' ${mapped.reason}`, locationOf(at), mapped.hint);
    return undefined;
  }
  let optional = declared.optional || initializer !== undefined || type.isNullable() || (type.isUnion() && type.getUnionTypes().some((t) => t.isUndefined()));
  let defaultValue: InputIR["defaultValue"];
  if (initializer) {
    const constant = evaluateConstant(initializer);
    if (mapped.type.kind === "artifact" && !(constant.ok && constant.value === undefined)) {
      diagnostics.error(codes.nonLiteralDefault, `artifact input '${name}' cannot have a default`, locationOf(initializer), `make it optional instead: '${name}?: ${declared.typeText ?? "…"}'`);
    } else if (constant.ok) {
      const parameterType = mapped.type.kind === "parameter" ? mapped.type.parameterType : undefined;
      const problem = constant.value === undefined || constant.value === null || !parameterType ? undefined : parameterValueProblem(parameterType, constant.value);
      if (problem) diagnostics.error(codes.invalidDefault, `the default of '${name}' is not a ${parameterType} value: ${problem}`, locationOf(initializer), "write a value the input's type can hold exactly");
      defaultValue = constant.value ?? undefined;
      if (constant.value === null) defaultValue = undefined;
    } else if (owner === "pipeline") {
      diagnostics.error(codes.nonLiteralDefault, `the default of pipeline parameter '${name}' must be a literal`, locationOf(initializer), "pipeline defaults are written into the spec; use a string, number, boolean, array or object literal");
    } else {
      optional = true;
      diagnostics.warning(codes.nonLiteralDefault, `the default of '${name}' is not a literal, so the spec marks the input optional without a default value`, locationOf(initializer), "the default still applies when the component runs");
    }
  }
  return { name, type: mapped.type, optional, ...(defaultValue !== undefined && { defaultValue }), ...(description && { description }) };
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
      const nameProblem = ioNameProblem(property.getName());
      if (nameProblem) {
        diagnostics.error(codes.invalidName, `output name ${quoteName(property.getName())} is not valid: ${nameProblem}`, locationOf(declaration && declaration.getSourceFile() === fn.getSourceFile() ? declaration : at), "name each output with an identifier");
        continue;
      }
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
