import type { ParameterSpec, PipelineSpec } from "../spec/pipeline-spec.js";
import { coerceParameter, parameterValueProblem, pythonTypeName, type ParameterType } from "../spec/parameter-type.js";
import { UserError } from "../errors.js";

/** Parses `key=value` arguments by the pipeline's declared parameter types. */
export function parseParameterArguments(pairs: readonly string[], spec: PipelineSpec): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UserError(`--param takes key=value, got '${pair}'`, 2);
    const name = pair.slice(0, eq);
    const definition = declared(spec, name);
    values[name] = parseText(name, definition.parameterType as ParameterType, pair.slice(eq + 1));
  }
  return values;
}

function parseText(name: string, type: ParameterType, text: string): unknown {
  if (type === "STRING") return text;
  const value = coerceParameter(type, text);
  const problem = parameterValueProblem(type, value);
  if (problem) throw new UserError(`parameter '${name}' is ${type} (${pythonTypeName[type]}): ${problem}`, 2);
  return value;
}

function declared(spec: PipelineSpec, name: string): ParameterSpec {
  const parameters = spec.root.inputDefinitions?.parameters ?? {};
  const definition = parameters[name];
  if (!definition) {
    const known = Object.keys(parameters);
    throw new UserError(`pipeline '${spec.pipelineInfo.name}' has no parameter '${name}'${known.length ? `; its parameters are: ${known.join(", ")}` : "; it takes no parameters"}`, 2);
  }
  return definition;
}

/**
 * The given parameter values, each checked against its declared type; unknown names and missing
 * required parameters are errors. Defaults are not added (a backend applies them).
 */
export function checkPipelineParameters(spec: PipelineSpec, given: Record<string, unknown>): Record<string, unknown> {
  const checked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined || value === null) continue;
    const definition = declared(spec, name);
    const problem = parameterValueProblem(definition.parameterType as ParameterType, value);
    if (problem) throw new UserError(`parameter '${name}' is ${definition.parameterType}: ${problem}`, 2);
    checked[name] = value;
  }
  const missing = Object.entries(spec.root.inputDefinitions?.parameters ?? {})
    .filter(([name, definition]) => !(name in checked) && definition.defaultValue === undefined && !definition.isOptional)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new UserError(`pipeline '${spec.pipelineInfo.name}' needs ${missing.map((m) => `'${m}'`).join(", ")}: pass ${missing.map((m) => `--param ${m}=…`).join(" ")}`, 2);
  }
  return checked;
}

/** The pipeline's parameter values for a local run: the given ones, checked, and the defaults for the rest. */
export function resolvePipelineParameters(spec: PipelineSpec, given: Record<string, unknown>): Record<string, unknown> {
  const resolved = checkPipelineParameters(spec, given);
  for (const [name, definition] of Object.entries(spec.root.inputDefinitions?.parameters ?? {})) {
    if (!(name in resolved) && definition.defaultValue !== undefined) resolved[name] = definition.defaultValue;
  }
  const artifacts = Object.keys(spec.root.inputDefinitions?.artifacts ?? {});
  if (artifacts.length > 0) throw new UserError(`pipeline '${spec.pipelineInfo.name}' takes input artifacts (${artifacts.join(", ")}), which local runs cannot supply yet`, 2);
  return resolved;
}
