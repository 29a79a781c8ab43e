import { Environment } from "@marcbachmann/cel-js";

/**
 * CEL as the KFP backend evaluates it: trigger conditions over a group task's resolved inputs
 * (`inputs.parameter_values['…']`), and parameter expression selectors over one value
 * (`parseJson(string_value)["key"]`). Parameter values are JSON, so every number is a double, as on the wire.
 */
const environment = new Environment({ unlistedVariablesAreDyn: true })
  .registerFunction("parseJson(string): dyn", (text: string) => JSON.parse(text) as unknown);

/** Why `expression` is not CEL this engine can run, or undefined when it parses. */
export function celSyntaxProblem(expression: string): string | undefined {
  try {
    environment.parse(expression);
    return undefined;
  } catch (error) {
    return celMessage(error);
  }
}

/** Evaluates a trigger condition; throws when it does not parse, fails, or is not a boolean. */
export function evaluateCondition(condition: string, parameters: Record<string, unknown>): boolean {
  const value = environment.evaluate(condition, { inputs: { parameter_values: parameters } }) as unknown;
  if (typeof value !== "boolean") throw new Error(`it gave ${JSON.stringify(fromCel(value))}, not true or false`);
  return value;
}

/**
 * Evaluates a parameter expression selector on `value`. As in the backend's expression package, the
 * value is bound by its kind (`string_value`, `number_value`, `bool_value`, `list_value`, `struct_value`,
 * `null_value`); `string_value` also holds the JSON text of a list or struct, which is what
 * `parseJson(string_value)` in the Python SDK's loop-item field selectors expects.
 */
export function selectExpression(selector: string, value: unknown): unknown {
  const kind = value === null ? "null_value" : Array.isArray(value) ? "list_value"
    : typeof value === "object" ? "struct_value" : typeof value === "number" ? "number_value" : typeof value === "boolean" ? "bool_value" : "string_value";
  const bindings: Record<string, unknown> = { [kind]: value, string_value: typeof value === "string" ? value : JSON.stringify(value) };
  return fromCel(environment.evaluate(selector, bindings));
}

/** CEL integers come back as bigints; parameter values are JSON numbers. */
function fromCel(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
  return value;
}

/** A one-line message from a CEL error (the library adds a source excerpt on further lines). */
export function celMessage(error: unknown): string {
  return (error as Error).message.split("\n")[0]!.trim();
}
