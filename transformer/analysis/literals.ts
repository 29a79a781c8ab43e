import { Node, SyntaxKind, VariableDeclarationKind, type Expression } from "ts-morph";
import type { JsonValue } from "../ir.js";
import { declarationOf } from "./dsl.js";

/** The value of a constant expression, `undefined` for the `undefined` keyword, or the node that is not constant. */
export type ConstantResult = { ok: true; value: JsonValue | undefined } | { ok: false; node: Node };

/**
 * Evaluates an expression that the compiler can know without running code: literals, arrays and
 * objects of literals, `const` declarations of them, and property reads on those.
 */
export function evaluateConstant(expression: Node, seen: Set<Node> = new Set()): ConstantResult {
  const node = unwrapTransparent(expression);
  switch (node.getKind()) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return { ok: true, value: (node as unknown as { getLiteralValue(): string }).getLiteralValue() };
    case SyntaxKind.NumericLiteral:
      return { ok: true, value: Number(node.getText().replaceAll("_", "")) };
    case SyntaxKind.TrueKeyword:
      return { ok: true, value: true };
    case SyntaxKind.FalseKeyword:
      return { ok: true, value: false };
    case SyntaxKind.NullKeyword:
      return { ok: true, value: null };
  }
  if (Node.isPrefixUnaryExpression(node)) {
    const operand = evaluateConstant(node.getOperand(), seen);
    if (!operand.ok || typeof operand.value !== "number") return { ok: false, node };
    if (node.getOperatorToken() === SyntaxKind.MinusToken) return { ok: true, value: -operand.value };
    if (node.getOperatorToken() === SyntaxKind.PlusToken) return operand;
    return { ok: false, node };
  }
  if (Node.isArrayLiteralExpression(node)) {
    const values: JsonValue[] = [];
    for (const element of node.getElements()) {
      const result = evaluateConstant(element, seen);
      if (!result.ok) return result;
      if (result.value === undefined || Node.isSpreadElement(element)) return { ok: false, node: element };
      values.push(result.value);
    }
    return { ok: true, value: values };
  }
  if (Node.isObjectLiteralExpression(node)) {
    const value: Record<string, JsonValue> = {};
    for (const property of node.getProperties()) {
      if (Node.isPropertyAssignment(property)) {
        const name = propertyName(property.getNameNode());
        if (name === undefined) return { ok: false, node: property };
        const result = evaluateConstant(property.getInitializerOrThrow(), seen);
        if (!result.ok) return result;
        if (result.value !== undefined) setOwn(value, name, result.value);
      } else if (Node.isShorthandPropertyAssignment(property)) {
        const result = evaluateConstant(property.getNameNode(), seen);
        if (!result.ok) return result;
        if (result.value !== undefined) setOwn(value, property.getName(), result.value);
      } else {
        return { ok: false, node: property };
      }
    }
    return { ok: true, value };
  }
  if (Node.isIdentifier(node)) {
    if (node.getText() === "undefined") return { ok: true, value: undefined };
    const declaration = declarationOf(node);
    if (
      declaration && Node.isVariableDeclaration(declaration) && !seen.has(declaration)
      && declaration.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const
    ) {
      const initializer = declaration.getInitializer();
      if (initializer && Node.isIdentifier(declaration.getNameNode())) {
        const result = evaluateConstant(initializer, new Set(seen).add(declaration));
        return result.ok ? result : { ok: false, node };
      }
    }
    return { ok: false, node };
  }
  if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) {
    const target = evaluateConstant(node.getExpression(), seen);
    const key = Node.isPropertyAccessExpression(node) ? node.getName() : constantKey(node.getArgumentExpression());
    if (!target.ok || key === undefined || typeof target.value !== "object" || target.value === null) return { ok: false, node };
    const value = ownValue(target.value, key);
    return value === undefined ? { ok: false, node } : { ok: true, value };
  }
  return { ok: false, node };
}

/** `object[key]` as data: an own property only (`constructor`, `toString` and `map` are not values of a literal). */
export function ownValue(object: JsonValue, key: string): JsonValue | undefined {
  if (typeof object !== "object" || object === null || !Object.hasOwn(object, key)) return undefined;
  return Object.getOwnPropertyDescriptor(object, key)!.value as JsonValue;
}

/** Sets a key as an own property, so that `__proto__` stays a key rather than replacing the prototype. */
function setOwn(object: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Type assertions, parentheses and `!` do not change a value. */
export function unwrapTransparent(node: Node): Node {
  let current = node;
  for (;;) {
    if (
      Node.isParenthesizedExpression(current) || Node.isAsExpression(current) || Node.isSatisfiesExpression(current)
      || Node.isTypeAssertion(current) || Node.isNonNullExpression(current)
    ) {
      current = current.getExpression();
    } else {
      return current;
    }
  }
}

export function propertyName(name: Node): string | undefined {
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name) || Node.isNumericLiteral(name)) {
    return String(name.getLiteralValue());
  }
  return undefined;
}

function constantKey(expression: Expression | undefined): string | undefined {
  if (!expression) return undefined;
  const result = evaluateConstant(expression);
  return result.ok && (typeof result.value === "string" || typeof result.value === "number") ? String(result.value) : undefined;
}
