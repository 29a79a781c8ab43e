import { Node, SyntaxKind, type Type } from "ts-morph";
import type { ArtifactTypeIR, ValueType } from "../ir.js";
import type { DslSymbols } from "./dsl.js";
import { evaluateConstant } from "./literals.js";

export type TypeMapping = { ok: true; type: ValueType } | { ok: false; reason: string; hint?: string };

export const notJson: ReadonlySet<string> = new Set([
  "Date", "Map", "Set", "WeakMap", "WeakSet", "Promise", "RegExp", "Error", "Buffer", "ArrayBuffer",
  "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array",
  "Float64Array", "BigInt64Array", "BigUint64Array", "URL", "Function", "Symbol",
]);

const supported = "string, number, Int, boolean, arrays, JSON-like objects, and artifact classes (Dataset, Model, …)";

/** Maps the TypeScript type of a component input or output to its KFP type. `at` anchors type printing. */
export function mapType(type: Type, at: Node, dsl: DslSymbols): TypeMapping {
  if (type.isAny()) return { ok: false, reason: "has type 'any'", hint: "annotate it with a concrete type" };
  if (type.isUnknown()) return { ok: false, reason: "has type 'unknown', which has no KFP type", hint: `use one of: ${supported}` };
  const parts = (type.isUnion() ? type.getUnionTypes() : [type]).filter((t) => !t.isUndefined() && !t.isNull() && !t.isVoid());
  if (parts.length === 0) return { ok: false, reason: "can only be undefined or null" };
  if (parts.every((t) => t.isString() || t.isStringLiteral() || t.isTemplateLiteral())) return parameter("STRING");
  if (parts.every((t) => t.isBoolean() || t.isBooleanLiteral())) return parameter("BOOLEAN");
  if (parts.every((t) => dsl.isInt(t))) return parameter("NUMBER_INTEGER");
  if (parts.every((t) => t.isNumber() || t.isNumberLiteral() || dsl.isInt(t))) return parameter("NUMBER_DOUBLE");
  if (parts.length > 1) {
    return {
      ok: false,
      reason: `is the union '${type.getText(at)}', which has no single KFP type`,
      hint: "give it one type; a union of string literals is a string",
    };
  }
  const single = parts[0]!;
  if (dsl.isFinalStatus(single)) return { ok: true, type: { kind: "finalStatus" } };
  if (dsl.isArtifact(single)) return artifact(single, at, dsl, false);
  if (single.isArray() || single.isTuple() || isReadonlyArray(single)) {
    const element = arrayElement(single);
    if (element && dsl.isArtifact(element)) return artifact(element, at, dsl, true);
    const problem = jsonProblem(single, at, dsl, new Set());
    return problem ? { ok: false, reason: problem, hint: `use one of: ${supported}` } : parameter("LIST");
  }
  if (single.isObject()) {
    const problem = jsonProblem(single, at, dsl, new Set());
    return problem ? { ok: false, reason: problem, hint: `use one of: ${supported}` } : parameter("STRUCT");
  }
  return { ok: false, reason: `has type '${single.getText(at)}', which has no KFP type`, hint: `use one of: ${supported}` };
}

function parameter(parameterType: "STRING" | "BOOLEAN" | "NUMBER_INTEGER" | "NUMBER_DOUBLE" | "LIST" | "STRUCT"): TypeMapping {
  return { ok: true, type: { kind: "parameter", parameterType } };
}

function isReadonlyArray(type: Type): boolean {
  return type.getSymbol()?.getName() === "ReadonlyArray";
}

function arrayElement(type: Type): Type | undefined {
  if (type.isArray()) return type.getArrayElementType();
  if (isReadonlyArray(type)) return type.getTypeArguments()[0];
  return undefined;
}

/** Why values of `type` do not survive JSON, or undefined when they do. */
function jsonProblem(type: Type, at: Node, dsl: DslSymbols, seen: Set<Type>): string | undefined {
  if (seen.has(type) || type.isAny() || type.isUnknown()) return undefined;
  seen.add(type);
  const text = () => `'${type.getText(at)}'`;
  if (type.isUnion()) {
    for (const part of type.getUnionTypes()) {
      const problem = jsonProblem(part, at, dsl, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (type.isString() || type.isNumber() || type.isBoolean() || type.isLiteral() || type.isNull() || type.isUndefined() || type.isTemplateLiteral() || type.isBooleanLiteral()) {
    return undefined;
  }
  if (dsl.isArtifact(type)) return `holds the artifact ${text()}; artifacts cannot travel inside a parameter`;
  if (type.getCallSignatures().length > 0) return `holds the function ${text()}, which JSON cannot carry`;
  const name = type.getSymbol()?.getName();
  if (name && notJson.has(name)) return `holds a ${name}, which JSON cannot carry`;
  if (type.isIntersection()) {
    if (dsl.isInt(type)) return undefined;
    for (const part of type.getIntersectionTypes()) {
      const problem = jsonProblem(part, at, dsl, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (type.isObject()) {
    const element = arrayElement(type);
    if (element) return jsonProblem(element, at, dsl, seen);
    if (type.isTuple()) {
      for (const element of type.getTupleElements()) {
        const problem = jsonProblem(element, at, dsl, seen);
        if (problem) return problem;
      }
      return undefined;
    }
    for (const index of [type.getStringIndexType(), type.getNumberIndexType()]) {
      const problem = index && jsonProblem(index, at, dsl, seen);
      if (problem) return problem;
    }
    for (const property of type.getProperties()) {
      const problem = jsonProblem(property.getTypeAtLocation(at), at, dsl, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  return `has type ${text()}, which JSON cannot carry`;
}

function artifact(type: Type, at: Node, dsl: DslSymbols, list: boolean): TypeMapping {
  const cls = type.getSymbol()?.getDeclarations().find(Node.isClassDeclaration);
  const isBaseClass = cls !== undefined && dsl.isDslDeclaration(cls) && cls.getName() === "Artifact";
  const title = isBaseClass ? "system.Artifact" : literalProperty(type, "schemaTitle", at);
  const version = (isBaseClass ? undefined : literalProperty(type, "schemaVersion", at)) ?? "0.0.1";
  if (!title) {
    return {
      ok: false,
      reason: `is the artifact class '${type.getText(at)}', whose schema title the compiler cannot read`,
      hint: 'declare it as `class X extends artifactType("system.X") {}` or give it `static readonly schemaTitle = "system.X"`',
    };
  }
  if (!/^(system|google)\.\w+$/.test(title)) {
    return { ok: false, reason: `has schema title '${title}'; KFP schema titles are 'system.<Name>' or 'google.<Name>'` };
  }
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    return { ok: false, reason: `has schema version '${version}'; a schema version has three parts, such as 0.0.1` };
  }
  const ir: ArtifactTypeIR = { schemaTitle: title, schemaVersion: version };
  if (!cls || dsl.isDslDeclaration(cls)) return { ok: true, type: { kind: "artifact", artifact: ir, list } };
  const name = cls.getName();
  if (!name || !Node.isSourceFile(cls.getParent())) {
    return { ok: false, reason: `is the artifact class '${type.getText(at)}', which is not declared at the top level of a module`, hint: "declare artifact classes at the top level of a module" };
  }
  return { ok: true, type: { kind: "artifact", artifact: { ...ir, userClass: { file: cls.getSourceFile().getFilePath(), local: name } }, list } };
}

/** The literal value of `type[name]`, else of a `static name = "…"` initializer in its class chain. */
function literalProperty(type: Type, name: string, at: Node): string | undefined {
  const propertyType = type.getProperty(name)?.getTypeAtLocation(at);
  if (propertyType?.isStringLiteral()) return propertyType.getLiteralValue() as string;
  for (let cls = type.getSymbol()?.getDeclarations().find(Node.isClassDeclaration); cls; cls = cls.getBaseClass()) {
    const initializer = cls.getStaticProperty(name)?.asKind(SyntaxKind.PropertyDeclaration)?.getInitializer();
    if (initializer) {
      const result = evaluateConstant(initializer);
      if (result.ok && typeof result.value === "string") return result.value;
    }
  }
  return undefined;
}
