import type { TaskSpec } from "../spec/pipeline-spec.js";
import type { RunContext, TaskInputs, TaskOutcome } from "./context.js";
import type { TaskRow } from "./store.js";

const now = () => new Date().toISOString();

/** Creates a task's row in the store, with the inputs it was given. */
export function createTaskRow(context: RunContext, path: string, task: TaskSpec, kind: TaskRow["kind"], inputs?: TaskInputs): number {
  const name = path.split("/").pop()!;
  const taskId = context.store.createTask({
    runId: context.runId, path, name, component: task.componentRef.name, kind,
    ...(task.taskInfo.name !== name && { displayName: task.taskInfo.name }),
  });
  if (inputs) {
    context.store.recordParameters(taskId, "input", inputs.parameters);
    context.store.linkArtifacts(taskId, "input", inputs.artifacts);
  }
  return taskId;
}

/** Records a task that ends without running: skipped (and why), or failed before it could start. */
export function endWithoutRunning(
  context: RunContext, path: string, task: TaskSpec, kind: TaskRow["kind"], ending: { state: "skipped"; why: NonNullable<TaskOutcome["skipped"]> } | { state: "failed" },
  reason: string, inputs?: TaskInputs,
): TaskOutcome {
  const taskId = createTaskRow(context, path, task, kind, inputs);
  context.store.updateTask(taskId, { state: ending.state, error: reason, finishedAt: now() });
  context.emit({ type: "task-finished", path, state: ending.state, seconds: 0, error: reason });
  return { state: ending.state, parameters: {}, artifacts: {}, error: reason, ...(ending.state === "skipped" && { skipped: ending.why }) };
}

/**
 * Runs a group (a nested DAG, a condition's body, a loop or one of its iterations) as a task of its
 * own in the store: running while its tasks run, then its state and outputs.
 */
export async function runAsGroup(context: RunContext, path: string, task: TaskSpec, inputs: TaskInputs, body: () => Promise<TaskOutcome>): Promise<TaskOutcome> {
  const { store } = context;
  const taskId = createTaskRow(context, path, task, "dag", inputs);
  store.updateTask(taskId, { state: "running", startedAt: now() });
  const started = Date.now();
  const outcome = await body();
  const error = outcome.state === "failed" && outcome.failedTask ? `task '${outcome.failedTask}' failed` : outcome.state !== "succeeded" ? outcome.error : undefined;
  store.write(() => {
    store.updateTask(taskId, { state: outcome.state, finishedAt: now(), ...(error && { error }) });
    store.recordParameters(taskId, "output", outcome.parameters);
    store.linkArtifacts(taskId, "output", outcome.artifacts);
  });
  // When a task inside failed, that task reported the cause.
  context.emit({ type: "task-finished", path, state: outcome.state, seconds: (Date.now() - started) / 1000, ...(error && !outcome.failedTask && { error }) });
  return outcome;
}
