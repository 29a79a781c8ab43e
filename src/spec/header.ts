import { pythonFloat } from "./python-values.js";
import type { ComponentSpec, PipelineSpec } from "./pipeline-spec.js";
import { pythonTypeName } from "./parameter-type.js";

/** The comment block the Python SDK writes above a compiled pipeline (`extract_comments_from_pipeline_spec`). */
export function headerComment(spec: PipelineSpec, description: string | undefined): string {
  const lines = ["# PIPELINE DEFINITION", `# Name: ${oneLine(spec.pipelineInfo.name)}`];
  if (description) lines.push(`# Description: ${description.split(lineBreak).map(oneLine).join("\n#              ")}`);
  lines.push(...signature("# Inputs:", spec.root.inputDefinitions), ...signature("# Outputs:", spec.root.outputDefinitions));
  return lines.join("\n") + "\n";
}

/** What ends a line for some YAML parser: PyYAML (YAML 1.1) also breaks at NEL, U+2028 and U+2029. */
const lineBreak = /\r\n|[\r\n\u0085\u2028\u2029]/;

/** Text kept on one comment line: line breaks and other control characters (except tab) are escaped. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function signature(heading: string, definitions: ComponentSpec["inputDefinitions"]): string[] {
  if (!definitions) return [];
  const entries: { name: string; text: string }[] = [];
  for (const [name, spec] of Object.entries(definitions.parameters ?? {})) {
    const type = pythonTypeName[spec.parameterType as keyof typeof pythonTypeName] ?? spec.parameterType;
    const value = spec.defaultValue === undefined ? "" : ` [Default: ${typeof spec.defaultValue === "string" ? `'${spec.defaultValue}'` : pythonRepr(spec.defaultValue)}]`;
    entries.push({ name, text: `#    ${oneLine(name)}: ${type}${oneLine(value)}` });
  }
  for (const [name, spec] of Object.entries(definitions.artifacts ?? {})) {
    entries.push({ name, text: `#    ${oneLine(name)}: ${oneLine(spec.artifactType.schemaTitle)}` });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [heading, ...entries.map((e) => e.text)];
}

/** A JSON value as Python prints it after protobuf parsing: numbers are floats (`10.0`), `True`, `'text'`. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pythonFloat(value);
  if (typeof value === "string") return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
}
