// Conditions as the CEL the backend evaluates, written as the Python SDK writes them
// (`_binary_operations_to_cel_conjunctive`): channels as `inputs.parameter_values['pipelinechannel--…']`,
// integers cast with `int(…)`, mixed types promoted STRING > BOOLEAN > DOUBLE > INTEGER.
import type { ParameterType } from "../../../src/spec/parameter-type.js";
import type { ChannelRef, ConditionIR, OperandIR } from "../../ir.js";
import { pythonFloat } from "../../../src/spec/python-values.js";
import { inputName, type Channel } from "./model.js";

type Part = { readonly condition: ConditionIR; readonly negate: boolean };

export function celOf(parts: readonly Part[], channelOf: (ref: ChannelRef) => Channel): string {
  return parts.map((part) => (part.negate ? `!(${render(part.condition, channelOf)})` : render(part.condition, channelOf))).join(" && ");
}

function render(condition: ConditionIR, channelOf: (ref: ChannelRef) => Channel): string {
  switch (condition.kind) {
    case "compare":
      return comparison(condition.operator, condition.left, condition.right, channelOf);
    case "and":
      return `${nested(condition.left, "and", channelOf)} && ${nested(condition.right, "and", channelOf)}`;
    case "or":
      return `${render(condition.left, channelOf)} || ${render(condition.right, channelOf)}`;
    case "not":
      return `!(${render(condition.operand, channelOf)})`;
  }
}

function nested(condition: ConditionIR, parent: "and", channelOf: (ref: ChannelRef) => Channel): string {
  const text = render(condition, channelOf);
  return condition.kind === "or" && parent === "and" ? `(${text})` : text;
}

const precedence: readonly ParameterType[] = ["STRING", "BOOLEAN", "NUMBER_DOUBLE"];

function comparison(operator: string, left: OperandIR, right: OperandIR, channelOf: (ref: ChannelRef) => Channel): string {
  const types = [typeOf(left), typeOf(right)];
  const canonical = types[0] === types[1] ? types[0]! : precedence.find((t) => types.includes(t)) ?? "NUMBER_DOUBLE";
  const [l, r] = [left, right].map((operand, i) => {
    const text = operand.kind === "channel" ? channelText(channelOf(operand.ref), types[i]!) : constantText(operand.value);
    if (types[i] === canonical) return text;
    if (canonical === "STRING") return `'${text}'`;
    if (canonical === "BOOLEAN") return operand.kind === "constant" ? (Number(operand.value) === 0 ? "true" : "false") : text;
    return `double(${text})`;
  });
  return `${l} ${operator} ${r}`;
}

function typeOf(operand: OperandIR): ParameterType {
  if (operand.kind === "channel") return operand.type.kind === "parameter" ? operand.type.parameterType : "STRING";
  if (typeof operand.value === "string") return "STRING";
  if (typeof operand.value === "boolean") return "BOOLEAN";
  return operand.integer ? "NUMBER_INTEGER" : "NUMBER_DOUBLE";
}

function channelText(channel: Channel, type: ParameterType): string {
  const value = `inputs.parameter_values['${inputName(channel)}']`;
  return type === "NUMBER_INTEGER" ? `int(${value})` : value;
}

function constantText(value: string | number | boolean): string {
  if (typeof value === "string") return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  if (typeof value === "boolean") return String(value);
  return Number.isInteger(value) && !Object.is(value, -0) ? String(value) : pythonFloat(value);
}
