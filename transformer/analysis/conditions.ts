import { Node, SyntaxKind } from "ts-morph";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { ConditionIR, OperandIR } from "../ir.js";
import { describeValue, type Value } from "./body-values.js";
import { unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";

const comparisons: Partial<Record<SyntaxKind, Extract<ConditionIR, { kind: "compare" }>["operator"]>> = {
  [SyntaxKind.EqualsEqualsEqualsToken]: "==",
  [SyntaxKind.EqualsEqualsToken]: "==",
  [SyntaxKind.ExclamationEqualsEqualsToken]: "!=",
  [SyntaxKind.ExclamationEqualsToken]: "!=",
  [SyntaxKind.LessThanToken]: "<",
  [SyntaxKind.LessThanEqualsToken]: "<=",
  [SyntaxKind.GreaterThanToken]: ">",
  [SyntaxKind.GreaterThanEqualsToken]: ">=",
};

const conditionHint = "compare a pipeline parameter, a task output or a loop item with a literal or another such value: `if (result.accuracy >= 0.9)`";

/**
 * Reads the condition of an `if` or a `?:` into comparisons joined by `&&`, `||` and `!`, the
 * expressions the backend evaluates in CEL. Undefined when it is not one (reported).
 */
export function readCondition(expression: Node, evaluate: (node: Node) => Value, diagnostics: DiagnosticBag): ConditionIR | undefined {
  const node = unwrapTransparent(expression);
  if (Node.isPrefixUnaryExpression(node) && node.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const operand = readCondition(node.getOperand(), evaluate, diagnostics);
    return operand && { kind: "not", operand };
  }
  if (Node.isBinaryExpression(node)) {
    const operator = node.getOperatorToken().getKind();
    if (operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.BarBarToken) {
      const left = readCondition(node.getLeft(), evaluate, diagnostics);
      const right = readCondition(node.getRight(), evaluate, diagnostics);
      return left && right && { kind: operator === SyntaxKind.AmpersandAmpersandToken ? "and" : "or", left, right };
    }
    const comparison = comparisons[operator];
    if (comparison) {
      const left = operand(node.getLeft(), evaluate, diagnostics);
      const right = operand(node.getRight(), evaluate, diagnostics);
      if (!left || !right) return undefined;
      if (left.kind === "constant" && right.kind === "constant") {
        diagnostics.error(codes.invalidCondition, "this condition compares two constants: it is known before the pipeline runs", locationOf(node), conditionHint);
        return undefined;
      }
      return { kind: "compare", operator: comparison, left, right };
    }
  }
  const value = evaluate(node);
  if (value.kind === "invalid") return undefined;
  if (value.kind === "channel" && value.type.kind === "parameter" && value.type.parameterType === "BOOLEAN") {
    return { kind: "compare", operator: "==", left: { kind: "channel", ref: value.ref, type: value.type }, right: { kind: "constant", value: true, integer: false } };
  }
  diagnostics.error(codes.invalidCondition, `a ${describeValue(value)} cannot be a condition on its own`, locationOf(node), conditionHint);
  return undefined;
}

function operand(node: Node, evaluate: (node: Node) => Value, diagnostics: DiagnosticBag): OperandIR | undefined {
  const value = evaluate(node);
  switch (value.kind) {
    case "invalid":
      return undefined;
    case "constant":
      if (typeof value.value === "string" || typeof value.value === "boolean") return { kind: "constant", value: value.value, integer: false };
      if (typeof value.value === "number") return { kind: "constant", value: value.value, integer: isIntegerLiteral(node, value.value) };
      break;
    case "channel":
      if (value.type.kind === "parameter" && value.type.parameterType !== "LIST" && value.type.parameterType !== "STRUCT") {
        return { kind: "channel", ref: value.ref, type: value.type };
      }
      diagnostics.error(
        codes.invalidCondition,
        `conditions compare strings, numbers and booleans; this ${describeValue(value)} is ${value.type.kind === "parameter" ? `a ${value.type.parameterType}` : "an artifact"}`,
        locationOf(node),
        "compute the value to compare in a component (for example, read the metric from the artifact) and compare its output",
      );
      return undefined;
  }
  diagnostics.error(codes.invalidCondition, `a ${describeValue(value)} cannot be compared in a condition`, locationOf(node), conditionHint);
  return undefined;
}

/** `5` is an integer as Python reads it; `5.0` and `0.5` are floats. */
function isIntegerLiteral(node: Node, value: number): boolean {
  const literal = unwrapTransparent(node);
  const text = Node.isPrefixUnaryExpression(literal) ? literal.getOperand().getText() : literal.getText();
  if (Node.isNumericLiteral(literal) || Node.isPrefixUnaryExpression(literal)) return !/[.eE]/.test(text) && Number.isInteger(value);
  return Number.isInteger(value);
}
