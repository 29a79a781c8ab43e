// The v1 component format (`implementation.container` with inputValue/inputPath/outputPath/if/concat), converted
// as `ComponentSpec.from_v1_component_spec` in the Python SDK converts it.
import type { ParameterType } from "../../src/spec/parameter-type.js";
import type { InputIR, JsonValue, OutputIR, ValueType } from "../ir.js";
import { pythonJsonDumps } from "../../src/spec/python-values.js";
import { ComponentYamlError, isRecord, type ImportedDefinition } from "./component-yaml.js";

/** `type_utils._PARAMETER_TYPES_MAPPING`, keyed by lowercase v1 type name. */
const parameterTypesByV1Name: Record<string, ParameterType> = {
  integer: "NUMBER_INTEGER", int: "NUMBER_INTEGER",
  double: "NUMBER_DOUBLE", float: "NUMBER_DOUBLE",
  string: "STRING", str: "STRING", text: "STRING",
  bool: "BOOLEAN", boolean: "BOOLEAN",
  dict: "STRUCT", jsonobject: "STRUCT",
  list: "LIST", jsonarray: "LIST",
};

/** `type_utils._ARTIFACT_CLASSES_MAPPING`, keyed by lowercase class name. */
const artifactTitlesByV1Name: Record<string, string> = {
  artifact: "system.Artifact", model: "system.Model", dataset: "system.Dataset", metrics: "system.Metrics",
  classificationmetrics: "system.ClassificationMetrics", slicedclassificationmetrics: "system.SlicedClassificationMetrics",
  html: "system.HTML", markdown: "system.Markdown",
};

interface V1Spec {
  name: string;
  description?: string;
  inputs?: { name: string; type?: unknown; default?: unknown; optional?: boolean; description?: string }[];
  outputs?: { name: string; type?: unknown; description?: string }[];
  implementation: { container: { image: string; command?: unknown[]; args?: unknown[]; env?: Record<string, string> } };
}

export function isV1Component(document: Record<string, unknown>): boolean {
  return typeof document.name === "string" && isRecord(document.implementation);
}

/** `utils.sanitize_input_name`: lowercase, runs of other characters as `_`, no leading or trailing `_`. */
function sanitizeInputName(name: string): string {
  return name.toLowerCase().replace(/[^_0-9a-z]+/g, "_").replace(/^_+|_+$/g, "");
}

function typeOf(v1Type: unknown): ValueType {
  const name = typeof v1Type === "string" ? v1Type.replace(/\[.*$/, "") : undefined;
  const parameterType = name !== undefined ? parameterTypesByV1Name[name.toLowerCase()] : undefined;
  if (parameterType) return { kind: "parameter", parameterType };
  if (name !== undefined && /^google\./.test(name)) return { kind: "artifact", artifact: { schemaTitle: name, schemaVersion: "0.0.1" }, list: false };
  const title = name !== undefined ? artifactTitlesByV1Name[name.toLowerCase()] : undefined;
  return { kind: "artifact", artifact: { schemaTitle: title ?? "system.Artifact", schemaVersion: "0.0.1" }, list: false };
}

/** `type_utils.deserialize_v1_component_yaml_default`: v1 defaults are text. */
function defaultOf(type: ValueType, value: unknown): JsonValue | undefined {
  if (value === undefined || value === null || type.kind !== "parameter") return undefined;
  if (typeof value !== "string") return value as JsonValue;
  switch (type.parameterType) {
    case "NUMBER_INTEGER": return Number.parseInt(value, 10);
    case "NUMBER_DOUBLE": return Number.parseFloat(value);
    case "BOOLEAN": return value.toLowerCase() === "true";
    case "LIST": case "STRUCT": return JSON.parse(value) as JsonValue;
    default: return value;
  }
}

export function fromV1Component(document: Record<string, unknown>, file: string): ImportedDefinition {
  const spec = document as unknown as V1Spec;
  const container = spec.implementation.container;
  if (!isRecord(container)) throw new ComponentYamlError(`${file}: only v1 components with implementation.container can be imported (this one has ${Object.keys(spec.implementation).join(", ")})`);
  if (typeof container.image !== "string") throw new ComponentYamlError(`${file}: implementation.container.image is missing`);
  const inputs: InputIR[] = (spec.inputs ?? []).map((input) => {
    const type = typeOf(input.type);
    const defaultValue = defaultOf(type, input.default);
    return {
      name: sanitizeInputName(input.name), type, optional: input.optional === true || "default" in input,
      ...(defaultValue !== undefined && { defaultValue }),
      ...(input.description && { description: input.description }),
    };
  });
  const outputs: OutputIR[] = (spec.outputs ?? []).map((output) => ({
    name: sanitizeInputName(output.name), type: typeOf(output.type), ...(output.description && { description: output.description }),
  }));
  const isParameterOutput = (name: string) => outputs.find((o) => o.name === sanitizeInputName(name))?.type.kind === "parameter";
  const convert = (item: unknown): unknown => placeholderOf(item, isParameterOutput, file);
  const text = (item: unknown): string => {
    const converted = convert(item);
    return typeof converted === "string" ? converted : pythonJsonDumps(converted, false);
  };
  return {
    name: spec.name,
    ...(spec.description && { description: spec.description }),
    inputs,
    outputs,
    implementation: {
      kind: "container",
      container: {
        image: container.image,
        ...(container.command && { command: container.command.map(text) }),
        ...(container.args && { args: container.args.map(text) }),
        ...(container.env && { env: Object.entries(container.env).map(([name, value]) => ({ name, value })) }),
      },
    },
  };
}

/** A v1 placeholder as its v2 string, or (for `if` and `concat`) the structure the SDK serializes as JSON. */
function placeholderOf(item: unknown, isParameterOutput: (name: string) => boolean, file: string): unknown {
  if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") return String(item);
  if (!isRecord(item)) throw new ComponentYamlError(`${file}: unsupported command-line item ${JSON.stringify(item)}`);
  const [key, value] = Object.entries(item)[0] ?? [];
  const name = typeof value === "string" ? sanitizeInputName(value) : "";
  const nested = (v: unknown) => placeholderOf(v, isParameterOutput, file);
  switch (key) {
    case "inputValue": return `{{$.inputs.parameters['${name}']}}`;
    case "inputPath": return `{{$.inputs.artifacts['${name}'].path}}`;
    case "inputUri": return `{{$.inputs.artifacts['${name}'].uri}}`;
    case "outputPath": return isParameterOutput(value as string) ? `{{$.outputs.parameters['${name}'].output_file}}` : `{{$.outputs.artifacts['${name}'].path}}`;
    case "outputUri": return `{{$.outputs.artifacts['${name}'].uri}}`;
    case "executorInput": return "{{$}}";
    case "concat": return { Concat: (value as unknown[]).map(nested) };
    case "if": {
      const condition = (value as { cond?: unknown; then?: unknown; else?: unknown });
      const present = isRecord(condition.cond) ? condition.cond.isPresent : undefined;
      if (typeof present !== "string") throw new ComponentYamlError(`${file}: only 'if' with 'cond: {isPresent: <input>}' can be imported`);
      const branch = (b: unknown) => (Array.isArray(b) ? b.map(nested) : nested(b));
      return { IfPresent: { InputName: sanitizeInputName(present), Then: branch(condition.then ?? []), ...(condition.else !== undefined && { Else: branch(condition.else) }) } };
    }
    default: throw new ComponentYamlError(`${file}: unsupported placeholder '${key}' in the command line`);
  }
}
