// `try`/`finally` in a pipeline body: an exit handler whose task runs however the body ends.
import { Node } from "ts-morph";
import { codes } from "../diagnostics.js";
import type { BodyContext } from "./body-context.js";
import { unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import { producerOf } from "./body-tasks.js";

export function readTry(ctx: BodyContext, statement: Node, top: boolean): void {
  if (!Node.isTryStatement(statement)) return;
  const finallyBlock = statement.getFinallyBlock();
  if (statement.getCatchClause()) {
    ctx.diagnostics.error(codes.invalidExitHandler, "`catch` cannot be compiled: a pipeline cannot handle a failed task", locationOf(statement.getCatchClause()!), "use `try { … } finally { cleanUp() }`: the task in `finally` runs however the body ends, and may take `finalStatus()`");
    return;
  }
  if (!top || ctx.groups.current !== ctx.groups.root) {
    ctx.diagnostics.error(codes.invalidExitHandler, "`try`/`finally` (an exit handler) is allowed only at the top level of a pipeline body", locationOf(statement), "move it out of the `if` or loop");
    return;
  }
  const statements = finallyBlock?.getStatements() ?? [];
  const only = statements.length === 1 && Node.isExpressionStatement(statements[0]) ? unwrapTransparent(statements[0].getExpression()) : undefined;
  const call = only && Node.isAwaitExpression(only) ? unwrapTransparent(only.getExpression()) : only;
  if (!call || !Node.isCallExpression(call)) {
    ctx.diagnostics.error(codes.invalidExitHandler, "the `finally` block of a pipeline must hold exactly one component or pipeline call", locationOf(finallyBlock ?? statement), "to run several steps at exit, put them in a pipeline and call it in `finally`");
    return;
  }
  // The exit task is made before the body, as the Python SDK makes it.
  ctx.readingExitTask = true;
  const exit = ctx.evaluate(call);
  ctx.readingExitTask = false;
  const exitTask = exit.kind === "task" || (exit.kind === "channel" && exit.ref.kind === "taskOutput") ? producerOf(exit) : undefined;
  if (exitTask === undefined) return;
  ctx.groups.enter({ kind: "exitHandler", exitTask, location: locationOf(statement) });
  ctx.readStatements(statement.getTryBlock().getStatements(), false);
  ctx.groups.exit();
}
