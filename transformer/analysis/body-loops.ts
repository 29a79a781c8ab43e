// Loops in a pipeline body: `for…of` and `.map`/`.forEach` over lists, and the lists gathered from them.
import { Node, type CallExpression } from "ts-morph";
import { codes } from "../diagnostics.js";
import type { GroupDraft } from "./body-groups.js";
import { describeValue, invalid, listOf, type Value } from "./body-values.js";
import { loopForms, type BodyContext } from "./body-context.js";
import { evaluateConstant, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import { loopItemTypes, rawItemTypes } from "./loop-items.js";

export function readForOf(ctx: BodyContext, statement: Node): void {
  if (!Node.isForOfStatement(statement)) return;
  if (statement.isAwaited()) {
    ctx.diagnostics.error(codes.invalidLoop, "`for await` cannot be compiled", locationOf(statement), `write ${loopForms}`);
    return;
  }
  const initializer = statement.getInitializer();
  const declaration = Node.isVariableDeclarationList(initializer) ? initializer.getDeclarations()[0] : undefined;
  if (!declaration) {
    ctx.diagnostics.error(codes.invalidLoop, "the loop variable must be declared in the loop: `for (const x of items)`", locationOf(initializer));
    return;
  }
  const item = openLoop(ctx, statement.getExpression(), statement);
  if (!item) return;
  bindLoopVariable(ctx, declaration.getNameNode(), item);
  ctx.readStatement(statement.getStatement(), false);
  ctx.groups.exit();
}

export function bindLoopVariable(ctx: BodyContext, name: Node, item: Value): void {
  const declaration = name.getParent();
  if (Node.isIdentifier(name) && declaration) ctx.bindings.set(declaration.compilerNode, item);
  else if (Node.isObjectBindingPattern(name)) ctx.bindFields(name, item);
  else ctx.diagnostics.error(codes.invalidLoop, "array destructuring of loop items is not supported", locationOf(name), "name the item and read its fields: `for (const item of items) { step(item.a) }`");
}

/** Enters the loop group over `itemsNode` and returns its item, or undefined (reported). */
export function openLoop(ctx: BodyContext, itemsNode: Node, at: Node): Value | undefined {
  let node = unwrapTransparent(itemsNode);
  let parallelism = 0;
  if (Node.isCallExpression(node) && ctx.analyzer.dsl.functionKind(node.getExpression()) === "parallel") {
    const [items, options] = node.getArguments();
    const limit = options && evaluateConstant(options);
    const value = limit?.ok && typeof limit.value === "object" && limit.value !== null && !Array.isArray(limit.value) ? limit.value.parallelism : undefined;
    if (!items || !Number.isSafeInteger(value) || (value as number) < 1) {
      ctx.diagnostics.error(codes.invalidLoop, "`parallel` takes the items and `{ parallelism: N }` with a whole number N of 1 or more, written as literals", locationOf(node));
      return undefined;
    }
    parallelism = value as number;
    node = unwrapTransparent(items);
  }
  const items = ctx.evaluate(node);
  const location = locationOf(at);
  if (items.kind === "constant" && Array.isArray(items.value) && items.value.length > 0) {
    const types = rawItemTypes(items.value);
    const itemId = ctx.groups.nextId();
    const group = ctx.groups.enter({ kind: "loop", items: { kind: "raw", values: items.value, itemId }, itemType: types.item, fieldTypes: types.fields, parallelism, location });
    return { kind: "channel", ref: { kind: "loopItem", loop: group.id }, type: types.item, label: "loop item" };
  }
  if (items.kind === "channel" && items.ref.kind !== "collected" && items.ref.kind !== "oneOf" && ((items.type.kind === "parameter" && items.type.parameterType === "LIST") || (items.type.kind === "artifact" && items.type.list))) {
    const types = items.type.kind === "artifact" ? { item: { ...items.type, list: false }, fields: {} } : loopItemTypes(node, ctx.analyzer.dsl);
    const group = ctx.groups.enter({ kind: "loop", items: { kind: "channel", ref: items.ref }, itemType: types.item, fieldTypes: types.fields, parallelism, location });
    return { kind: "channel", ref: { kind: "loopItem", loop: group.id }, type: types.item, label: "loop item" };
  }
  if (items.kind === "invalid") return undefined;
  const why = items.kind === "constant" && Array.isArray(items.value) ? "a loop needs at least one item"
    : items.kind === "channel" && (items.ref.kind === "collected" || items.ref.kind === "oneOf") ? `KFP cannot loop over a ${describeValue(items)}`
    : `a loop goes over a list, not a ${describeValue(items)}${items.kind === "channel" && items.type.kind === "parameter" ? ` of type ${items.type.parameterType}` : ""}`;
  ctx.diagnostics.error(codes.invalidLoop, why, locationOf(node), "loop over a list literal, a LIST pipeline parameter, a LIST task output, a list of artifacts, or a field of a loop item; pass anything else to a component");
  return undefined;
}

/** `items.map((x) => step(x))` and `.forEach`: a loop whose results are gathered into lists. */
export function readMap(ctx: BodyContext, call: CallExpression, receiver: Node, method: "map" | "forEach", target: "loop" | "projection"): Value {
  const [callback, ...rest] = call.getArguments();
  const fn = callback && unwrapTransparent(callback);
  if (!fn || rest.length > 0 || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) || fn.getParameters().length > 1) {
    ctx.diagnostics.error(codes.invalidLoop, `\`.${method}\` in a pipeline body takes one function of the item`, locationOf(call), `write \`items.${method}((x) => step(x))\`; KFP loop iterations have no index`);
    return invalid;
  }
  const parameter = fn.getParameters()[0];
  if (target === "projection") return readProjection(ctx, receiver, fn, parameter);
  const item = openLoop(ctx, receiver, call);
  if (!item) return invalid;
  const loop = ctx.groups.current;
  if (parameter) bindLoopVariable(ctx, parameter.getNameNode(), item);
  const body = fn.getBody();
  let returned: Value = { kind: "undefined" };
  if (Node.isBlock(body)) {
    const statements = body.getStatements();
    const last = statements[statements.length - 1];
    ctx.readStatements(last && Node.isReturnStatement(last) ? statements.slice(0, -1) : statements, false);
    const expression = last && Node.isReturnStatement(last) ? last.getExpression() : undefined;
    if (expression) returned = ctx.evaluate(expression);
  } else {
    returned = ctx.evaluate(body);
  }
  ctx.groups.exit();
  return method === "forEach" ? { kind: "undefined" } : gather(ctx, returned, loop, body);
}

/** `runs.map((r) => r.model)` over the gathered results of a loop: the list of one output. */
export function readProjection(ctx: BodyContext, receiver: Node, fn: Node, parameter: Node | undefined): Value {
  const gathered = ctx.evaluate(receiver);
  const body = Node.isArrowFunction(fn) ? fn.getBody() : undefined;
  const name = parameter && Node.isParameterDeclaration(parameter) ? parameter.getNameNode() : undefined;
  const access = body && unwrapTransparent(body);
  const field = access && name && Node.isIdentifier(name) && Node.isPropertyAccessExpression(access) && access.getExpression().getText() === name.getText() ? access.getName() : undefined;
  if (gathered.kind === "collectedTask" && field !== undefined) {
    const output = gathered.outputs.find((o) => o.name === field);
    if (output) return { kind: "channel", ref: { kind: "collected", task: gathered.task, output: output.name }, type: listOf(output.type), label: `outputs '${output.name}'` };
  }
  ctx.diagnostics.error(codes.invalidLoop, "a list gathered from a loop can only be passed on, or split into one list per output with `results.map((r) => r.output)`", locationOf(fn), "to compute on the items, pass the list to a component");
  return invalid;
}

/** The value a loop body gives, gathered over the iterations (`dsl.Collected`). */
export function gather(ctx: BodyContext, value: Value, loop: GroupDraft, at: Node): Value {
  const inside = (task: number) => ctx.groups.groupsOf(task).includes(loop);
  if (value.kind === "undefined" || value.kind === "invalid") return value;
  if (value.kind === "channel" && (value.ref.kind === "taskOutput" || value.ref.kind === "collected") && inside(value.ref.task)) {
    return { kind: "channel", ref: { kind: "collected", task: value.ref.task, output: value.ref.output }, type: listOf(value.type), label: `outputs '${value.ref.output}'` };
  }
  if ((value.kind === "task" || value.kind === "collectedTask") && inside(value.task)) return { kind: "collectedTask", task: value.task, outputs: value.outputs };
  ctx.diagnostics.error(codes.invalidLoop, `a loop gathers task outputs made inside it, not a ${describeValue(value)}`, locationOf(at), "return the result of a call made in the loop");
  return invalid;
}
