// Hints that name the fix for a mismatch a user meets early.
import type { ChannelRef, InputIR, ValueType } from "../ir.js";

const isDouble = (type: ValueType) => type.kind === "parameter" && type.parameterType === "NUMBER_DOUBLE";
const isInteger = (type: ValueType) => type.kind === "parameter" && type.parameterType === "NUMBER_INTEGER";

/**
 * For a `number` (a double) passed to an `Int` input: how to declare it an integer. A number literal default does not
 * make a parameter an integer (`count = 400` is a `number`, as `x: float = 400` would be a float in Python).
 */
export function integerHint(source: { ref: ChannelRef; type: ValueType }, target: ValueType, pipelineInputs: readonly InputIR[]): string | undefined {
  if (!isInteger(target) || !isDouble(source.type)) return undefined;
  if (source.ref.kind === "pipelineInput") {
    const name = source.ref.name;
    const declared = pipelineInputs.find((input) => input.name === name)?.defaultValue;
    const value = typeof declared === "number" && Number.isInteger(declared) ? ` = ${declared}` : "";
    return `declare the parameter an integer: \`${name}: Int${value}\` (import { type Int } from "kfp-ts"); a number literal default alone makes a \`number\`, a double`;
  }
  if (source.ref.kind === "taskOutput") {
    return `make the output an integer: type it \`Int\` in the component that returns it (import { type Int } from "kfp-ts")`;
  }
  return undefined;
}
