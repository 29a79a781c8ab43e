// `if`/`else` chains and `?:` in a pipeline body: condition groups, and the value of whichever branch ran (OneOf).
import { Node, type Statement } from "ts-morph";
import { codes } from "../diagnostics.js";
import type { ConditionIR, ValueType } from "../ir.js";
import type { GroupDraft } from "./body-groups.js";
import { describeValue, invalid, type Value } from "./body-values.js";
import type { BodyContext } from "./body-context.js";
import { readCondition } from "./conditions.js";
import { unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";

interface Branch {
  readonly condition?: Node;
  readonly body: Node;
}

/** Opens the groups of an `if` chain, reading each branch with `read`; the `else` branch has no condition. */
export function readBranches(ctx: BodyContext, branches: readonly Branch[], at: Node, read: (branch: Branch, group: GroupDraft) => void): GroupDraft[] | undefined {
  const conditions: ConditionIR[] = [];
  for (const branch of branches) {
    if (!branch.condition) continue;
    const condition = readCondition(branch.condition, ctx.evaluate, ctx.diagnostics);
    if (!condition) return undefined;
    conditions.push(condition);
  }
  const opened: GroupDraft[] = [];
  const negated: { condition: ConditionIR; negate: boolean }[] = [];
  branches.forEach((branch, i) => {
    const parts = branch.condition ? [...negated, { condition: conditions[i]!, negate: false }] : [...negated];
    const group = ctx.groups.enter({ kind: "condition", parts, location: locationOf(branch.condition ?? branch.body) });
    read(branch, group);
    ctx.groups.exit();
    opened.push(group);
    if (i === 0 && branches.length > 1) ctx.groups.wrapInBranches(group, locationOf(at));
    if (branch.condition) negated.push({ condition: conditions[i]!, negate: true });
  });
  if (branches.length > 1) ctx.groups.exit();
  return opened;
}

export function readIf(ctx: BodyContext, statement: Node): void {
  const branches: Branch[] = [];
  let current: Node | undefined = statement;
  while (current && Node.isIfStatement(current)) {
    branches.push({ condition: current.getExpression(), body: current.getThenStatement() });
    current = current.getElseStatement();
  }
  if (current) branches.push({ body: current });
  const opened = readBranches(ctx, branches, statement, (branch) => ctx.readStatement(branch.body as Statement, false));
  if (!opened) return;
  const hasElse = !branches[branches.length - 1]!.condition;
  for (const [declaration, slot] of ctx.slots) {
    const assignments = opened.map((group) => slot.assigned.get(group));
    if (assignments.every((a) => a === undefined)) continue;
    ctx.slots.delete(declaration);
    if (!hasElse || assignments.some((a) => a === undefined)) {
      const missing = !hasElse ? "this `if` has no final `else`" : "a branch does not assign it";
      ctx.diagnostics.error(codes.invalidOneOf, `'${slot.name}' gets a value from only some branches: ${missing}`, locationOf(slot.at), "assign it in every branch and end the chain with `else`, so that one branch always gives it a value");
      ctx.bindings.set(declaration, invalid);
      continue;
    }
    ctx.bindings.set(declaration, makeOneOf(ctx, opened, assignments.map((a) => a!)));
  }
}

/** `c ? a() : b()`: a branch group per arm and the value of whichever ran. */
export function readTernary(ctx: BodyContext, node: Node): Value {
  const branches: Branch[] = [];
  let current: Node = node;
  while (Node.isConditionalExpression(current)) {
    branches.push({ condition: current.getCondition(), body: current.getWhenTrue() });
    current = unwrapTransparent(current.getWhenFalse());
  }
  branches.push({ body: current });
  const values: { value: Value; at: Node }[] = [];
  const opened = readBranches(ctx, branches, node, (branch) => values.push({ value: ctx.evaluate(branch.body), at: branch.body }));
  return opened ? makeOneOf(ctx, opened, values) : invalid;
}

export function makeOneOf(ctx: BodyContext, branches: readonly GroupDraft[], values: readonly { value: Value; at: Node }[]): Value {
  const sources: { task: number; output: string }[] = [];
  let type: ValueType | undefined;
  for (const [i, { value, at }] of values.entries()) {
    if (value.kind === "invalid") return invalid;
    if (value.kind !== "channel" || value.ref.kind !== "taskOutput" || !branches[i]!.tasks.includes(value.ref.task)) {
      ctx.diagnostics.error(codes.invalidOneOf, `each branch must give the output of a task called in that branch, not a ${describeValue(value)}`, locationOf(at), "call a component in every branch and use its output (KFP's dsl.OneOf)");
      return invalid;
    }
    if (type && (type.kind !== value.type.kind || (type.kind === "artifact" && value.type.kind === "artifact" && type.artifact.schemaTitle !== value.type.artifact.schemaTitle))) {
      ctx.diagnostics.error(codes.invalidOneOf, "the branches give values of different kinds: all parameters or all artifacts of one type", locationOf(at));
      return invalid;
    }
    type ??= value.type;
    sources.push({ task: value.ref.task, output: value.ref.output });
  }
  ctx.oneOfs.push({ branches: ctx.groups.parentOf(branches[0]!)!.id, sources: sources.map((s) => ({ kind: "taskOutput", ...s })), type: type! });
  return { kind: "channel", ref: { kind: "oneOf", oneOf: ctx.oneOfs.length - 1 }, type: type!, label: "value of whichever branch ran" };
}
