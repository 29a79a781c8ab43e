/** The KFP `ParameterType` names that kfp-ts components use. */
export const parameterTypes = ["STRING", "NUMBER_INTEGER", "NUMBER_DOUBLE", "BOOLEAN", "LIST", "STRUCT"] as const;
export type ParameterType = (typeof parameterTypes)[number];

/** How a value of each type reads in messages and in the YAML header (KFP prints Python type names there). */
export const pythonTypeName: Record<ParameterType, string> = {
  STRING: "str",
  NUMBER_INTEGER: "int",
  NUMBER_DOUBLE: "float",
  BOOLEAN: "bool",
  LIST: "list",
  STRUCT: "dict",
};

/** Why `value` is not a valid value of `type`, or undefined when it is. */
export function parameterValueProblem(type: ParameterType, value: unknown): string | undefined {
  switch (type) {
    case "STRING":
      return typeof value === "string" ? unrepresentable(value) : `expected a string, got ${describe(value)}`;
    case "NUMBER_INTEGER":
      if (Number.isSafeInteger(value)) return undefined;
      return Number.isInteger(value) ? `${describe(value)} is too large to be exact: integers go up to ±${Number.MAX_SAFE_INTEGER}` : `expected an integer, got ${describe(value)}`;
    case "NUMBER_DOUBLE":
      return typeof value === "number" && Number.isFinite(value) ? undefined : `expected a number, got ${describe(value)}`;
    case "BOOLEAN":
      return typeof value === "boolean" ? undefined : `expected true or false, got ${describe(value)}`;
    case "LIST":
      return !Array.isArray(value) ? `expected a list, got ${describe(value)}` : unrepresentable(value);
    case "STRUCT":
      return !isPlainObject(value) ? `expected an object, got ${describe(value)}` : unrepresentable(value);
  }
}

/** A UTF-16 surrogate without its pair: no UTF-8 text (a protobuf string) can hold it. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What JSON and KFP's protobuf Value cannot hold, at any depth: Infinity, NaN, text that is not valid Unicode. */
function unrepresentable(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `it holds ${value}, which JSON cannot represent`;
  if (typeof value === "string") return loneSurrogate.test(value) ? "it holds an unpaired UTF-16 surrogate, which is not valid Unicode text" : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const problem = unrepresentable(key) ?? unrepresentable(item);
    if (problem) return problem;
  }
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "object") return value.constructor && value.constructor !== Object ? `a ${value.constructor.name}` : "an object";
  return `a ${typeof value}`;
}

/**
 * Reads a parameter value as `type`. Values arrive as JSON, where integers are
 * doubles and some senders pass lists, objects and numbers as text.
 */
export function coerceParameter(type: ParameterType, value: unknown): unknown {
  if (typeof value === "string" && type !== "STRING") {
    const text = value.trim();
    if (type === "BOOLEAN" && /^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
    if ((type === "NUMBER_INTEGER" || type === "NUMBER_DOUBLE") && text !== "" && !Number.isNaN(Number(text))) {
      return Number(text);
    }
    if (type === "LIST" || type === "STRUCT") {
      try {
        return JSON.parse(text);
      } catch {
        return value;
      }
    }
  }
  return value;
}

/** The text form of a parameter value, as written to an output parameter file. */
export function parameterText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
