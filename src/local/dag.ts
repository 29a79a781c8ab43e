import type { ComponentSpec, DagSpec, PipelineSpec, TaskSpec } from "../spec/pipeline-spec.js";
import { runContainerTask } from "./container-task.js";
import { succeeded, type RunContext, type TaskInputs, type TaskOutcome } from "./context.js";
import { UserError } from "../errors.js";
import type { ArtifactRecord } from "./store.js";

/**
 * Runs a DAG: every task starts as soon as the tasks it depends on have finished; a task whose
 * upstream failed is skipped, while independent branches go on. Nested DAGs run the same way.
 */
export async function runDag(context: RunContext, spec: PipelineSpec, dag: DagSpec, inputs: TaskInputs, prefix = ""): Promise<TaskOutcome> {
  const outcomes = new Map<string, Promise<TaskOutcome>>();
  const outcomeOf = (name: string): Promise<TaskOutcome> => {
    let outcome = outcomes.get(name);
    if (!outcome) {
      outcome = runTask(name);
      outcomes.set(name, outcome);
    }
    return outcome;
  };

  async function runTask(name: string): Promise<TaskOutcome> {
    const task = dag.tasks[name]!;
    const path = prefix + name;
    const upstream = await Promise.all((task.dependentTasks ?? []).map(async (d) => [d, await outcomeOf(d)] as const));
    const blocked = upstream.filter(([, o]) => !succeeded(o)).map(([d]) => d);
    if (blocked.length > 0 || context.signal.aborted) {
      const reason = context.signal.aborted ? "the run was cancelled" : `upstream ${blocked.map((b) => `'${prefix + b}'`).join(", ")} did not succeed`;
      return skip(context, path, task, spec.components?.[task.componentRef.name]?.dag ? "dag" : "container", reason);
    }
    const component = spec.components![task.componentRef.name]!;
    const resolved = await resolveInputs(task, component, inputs, outcomeOf);
    if (component.dag) return runNested(context, spec, path, task, component, resolved);
    const executor = spec.deploymentSpec!.executors![component.executorLabel!]!;
    if (!executor.container) throw new UserError(`task '${path}' uses an importer or resolver, which local runs do not support yet`);
    return runContainerTask(context, path, task, component, executor.container, resolved);
  }

  const results = await Promise.all(Object.keys(dag.tasks).map(async (name) => [name, await outcomeOf(name)] as const));
  const failed = results.filter(([, o]) => !succeeded(o));
  if (failed.length > 0) return { state: failed.some(([, o]) => o.state === "failed") ? "failed" : "skipped", parameters: {}, artifacts: {} };
  return { state: "succeeded", ...(await dagOutputs(dag, outcomeOf)) };
}

async function runNested(context: RunContext, spec: PipelineSpec, path: string, task: TaskSpec, component: ComponentSpec, inputs: TaskInputs): Promise<TaskOutcome> {
  const { store } = context;
  const taskId = store.createTask({ runId: context.runId, path, name: path.split("/").pop()!, component: task.componentRef.name, kind: "dag" });
  store.updateTask(taskId, { state: "running", startedAt: new Date().toISOString() });
  store.recordParameters(taskId, "input", inputs.parameters);
  store.linkArtifacts(taskId, "input", inputs.artifacts);
  const started = Date.now();
  const outcome = await runDag(context, spec, component.dag!, withDefaults(component, inputs), `${path}/`);
  store.write(() => {
    store.updateTask(taskId, { state: outcome.state, finishedAt: new Date().toISOString() });
    store.recordParameters(taskId, "output", outcome.parameters);
    store.linkArtifacts(taskId, "output", outcome.artifacts);
  });
  context.emit({ type: "task-finished", path, state: outcome.state, seconds: (Date.now() - started) / 1000 });
  return outcome;
}

function skip(context: RunContext, path: string, task: TaskSpec, kind: "dag" | "container", reason: string): TaskOutcome {
  const name = path.split("/").pop()!;
  const taskId = context.store.createTask({ runId: context.runId, path, name, component: task.componentRef.name, kind });
  context.store.updateTask(taskId, { state: "skipped", error: reason, finishedAt: new Date().toISOString() });
  context.emit({ type: "task-finished", path, state: "skipped", seconds: 0, error: reason });
  return { state: "skipped", parameters: {}, artifacts: {} };
}

/** A task's inputs from constants, the enclosing DAG's inputs and upstream outputs, then the component's defaults. */
async function resolveInputs(task: TaskSpec, component: ComponentSpec, scope: TaskInputs, outcomeOf: (name: string) => Promise<TaskOutcome>): Promise<TaskInputs> {
  const parameters: Record<string, unknown> = {};
  const artifacts: Record<string, readonly ArtifactRecord[]> = {};
  for (const [name, input] of Object.entries(task.inputs?.parameters ?? {})) {
    if (input.parameterExpressionSelector || input.taskFinalStatus) {
      throw new UserError(`input '${name}' of task '${task.taskInfo.name}' uses ${input.taskFinalStatus ? "a task final status" : "a parameter expression"}, which local runs do not support yet`);
    }
    let value: unknown;
    if (input.runtimeValue) value = input.runtimeValue.constant;
    else if (input.componentInputParameter !== undefined) value = scope.parameters[input.componentInputParameter];
    else if (input.taskOutputParameter) value = (await outcomeOf(input.taskOutputParameter.producerTask)).parameters[input.taskOutputParameter.outputParameterKey];
    if (value !== undefined) parameters[name] = value;
  }
  for (const [name, input] of Object.entries(task.inputs?.artifacts ?? {})) {
    let value: readonly ArtifactRecord[] | undefined;
    if (input.componentInputArtifact !== undefined) value = scope.artifacts[input.componentInputArtifact];
    else if (input.taskOutputArtifact) value = (await outcomeOf(input.taskOutputArtifact.producerTask)).artifacts[input.taskOutputArtifact.outputArtifactKey];
    if (value) artifacts[name] = value;
  }
  return withDefaults(component, { parameters, artifacts });
}

/** Missing parameters take the component's defaults, as the KFP launcher does. */
function withDefaults(component: ComponentSpec, inputs: TaskInputs): TaskInputs {
  const parameters = { ...inputs.parameters };
  for (const [name, definition] of Object.entries(component.inputDefinitions?.parameters ?? {})) {
    if (parameters[name] === undefined && definition.defaultValue !== undefined) parameters[name] = definition.defaultValue;
  }
  return { parameters, artifacts: inputs.artifacts };
}

async function dagOutputs(dag: DagSpec, outcomeOf: (name: string) => Promise<TaskOutcome>): Promise<Omit<TaskOutcome, "state">> {
  const parameters: Record<string, unknown> = {};
  const artifacts: Record<string, readonly ArtifactRecord[]> = {};
  for (const [name, output] of Object.entries(dag.outputs?.parameters ?? {})) {
    const from = output.valueFromParameter;
    if (!from) throw new UserError(`DAG output '${name}' is a OneOf, which local runs do not support yet`);
    parameters[name] = (await outcomeOf(from.producerSubtask)).parameters[from.outputParameterKey];
  }
  for (const [name, output] of Object.entries(dag.outputs?.artifacts ?? {})) {
    const selector = output.artifactSelectors[0]!;
    artifacts[name] = (await outcomeOf(selector.producerSubtask)).artifacts[selector.outputArtifactKey] ?? [];
  }
  return { parameters, artifacts };
}
