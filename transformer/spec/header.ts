import type { ComponentSpec, PipelineSpec } from "../../src/spec/pipeline-spec.js";
import { pythonTypeName } from "../../src/spec/parameter-type.js";

/** The comment block the Python SDK writes above a compiled pipeline (`extract_comments_from_pipeline_spec`). */
export function headerComment(spec: PipelineSpec, description: string | undefined): string {
  const lines = ["# PIPELINE DEFINITION", `# Name: ${spec.pipelineInfo.name}`];
  if (description) lines.push(`# Description: ${description.split(/\r?\n/).join("\n#              ")}`);
  lines.push(...signature("# Inputs:", spec.root.inputDefinitions), ...signature("# Outputs:", spec.root.outputDefinitions));
  return lines.join("\n") + "\n";
}

function signature(heading: string, definitions: ComponentSpec["inputDefinitions"]): string[] {
  if (!definitions) return [];
  const entries: { name: string; text: string }[] = [];
  for (const [name, spec] of Object.entries(definitions.parameters ?? {})) {
    const type = pythonTypeName[spec.parameterType as keyof typeof pythonTypeName] ?? spec.parameterType;
    const value = spec.defaultValue === undefined ? "" : ` [Default: ${typeof spec.defaultValue === "string" ? `'${spec.defaultValue}'` : pythonRepr(spec.defaultValue)}]`;
    entries.push({ name, text: `#    ${name}: ${type}${value}` });
  }
  for (const [name, spec] of Object.entries(definitions.artifacts ?? {})) {
    entries.push({ name, text: `#    ${name}: ${spec.artifactType.schemaTitle}` });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [heading, ...entries.map((e) => e.text)];
}

/** A JSON value as Python prints it after protobuf parsing: numbers are floats (`10.0`), `True`, `'text'`. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isInteger(value) ? `${value}.0` : String(value);
  if (typeof value === "string") return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
}
