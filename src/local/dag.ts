import type { DagSpec, PipelineSpec, TaskSpec } from "../spec/pipeline-spec.js";
import { InvalidSpecPart } from "../spec/control-flow.js";
import { celMessage, evaluateCondition } from "./cel.js";
import { runContainerTask } from "./container-task.js";
import { isPvcTask, runPvcTask, taskEnvironment } from "./kubernetes.js";
import { completedNormally, dagOutcome, type RunContext, type TaskInputs, type TaskOutcome } from "./context.js";
import { dagOutputs } from "./dag-outputs.js";
import { runImporter } from "./importer.js";
import { InputError, resolveInputs, withDefaults } from "./inputs.js";
import { runLoop } from "./loop.js";
import { UserError } from "../errors.js";
import { endWithoutRunning, runAsGroup } from "./task-record.js";
import type { TaskRow } from "./store.js";

/**
 * Runs a DAG as the KFP backend does: every task starts as soon as the tasks it depends on have
 * finished. A task whose upstream failed is skipped (unless its trigger strategy is
 * ALL_UPSTREAM_TASKS_COMPLETED: exit tasks and `ignore_upstream_failure`), while independent branches
 * go on. A group task with a condition runs only when its CEL condition holds over its inputs; loops
 * run their iterations in parallel; nested DAGs run the same way.
 */
export async function runDag(context: RunContext, spec: PipelineSpec, dag: DagSpec, inputs: TaskInputs, prefix = ""): Promise<TaskOutcome> {
  const outcomes = new Map<string, Promise<TaskOutcome>>();
  const outcomeOf = (name: string): Promise<TaskOutcome> => {
    let outcome = outcomes.get(name);
    if (!outcome) {
      outcome = runTask(context, spec, dag.tasks[name]!, prefix + name, inputs, outcomeOf);
      outcomes.set(name, outcome);
    }
    return outcome;
  };
  const results = await Promise.all(Object.keys(dag.tasks).map(async (name) => [prefix + name, await outcomeOf(name)] as const));
  return dagOutcome(context, results, () => dagOutputs(dag, outcomeOf));
}

async function runTask(context: RunContext, spec: PipelineSpec, task: TaskSpec, path: string, scope: TaskInputs, outcomeOf: (name: string) => Promise<TaskOutcome>): Promise<TaskOutcome> {
  const component = spec.components?.[task.componentRef.name];
  if (!component) throw new UserError(`task '${path}' refers to the component '${task.componentRef.name}', which the spec does not define`);
  const kind: TaskRow["kind"] = component.dag ? "dag" : spec.deploymentSpec?.executors?.[component.executorLabel ?? ""]?.importer ? "importer" : "container";
  const upstream = await Promise.all((task.dependentTasks ?? []).map(async (d) => [d, await outcomeOf(d)] as const));
  if (context.signal.aborted) return endWithoutRunning(context, path, task, kind, { state: "skipped", why: "cancelled" }, "the run was cancelled");
  const blocked = upstream.filter(([, o]) => !completedNormally(o)).map(([d]) => d);
  if (blocked.length > 0 && task.triggerPolicy?.strategy !== "ALL_UPSTREAM_TASKS_COMPLETED") {
    const siblings = path.slice(0, path.lastIndexOf("/") + 1);
    const reason = `upstream ${blocked.map((b) => `'${siblings}${b}'`).join(", ")} did not succeed`;
    return endWithoutRunning(context, path, task, kind, { state: "skipped", why: "upstream" }, reason);
  }
  let inputs: TaskInputs;
  try {
    inputs = await resolveInputs(task, component, scope, outcomeOf, context.runId);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return endWithoutRunning(context, path, task, kind, { state: "failed" }, error.message);
  }
  const condition = task.triggerPolicy?.condition;
  if (condition) {
    let holds: boolean;
    try {
      holds = evaluateCondition(condition, inputs.parameters);
    } catch (error) {
      return endWithoutRunning(context, path, task, kind, { state: "failed" }, `cannot evaluate the condition ${condition}: ${celMessage(error)} (${describeInputs(condition, inputs)})`, inputs);
    }
    if (!holds) return endWithoutRunning(context, path, task, kind, { state: "skipped", why: "condition" }, `condition false: ${condition} (${describeInputs(condition, inputs)})`, inputs);
  }
  try {
    if (component.dag) {
      const dag = component.dag;
      if (task.parameterIterator !== undefined || task.artifactIterator !== undefined) {
        return await runAsGroup(context, path, task, inputs, () => runLoop(context, path, task, component, inputs, (iteration, prefix) => runDag(context, spec, dag, iteration, prefix)));
      }
      return await runAsGroup(context, path, task, inputs, () => runDag(context, spec, dag, withDefaults(component, inputs), `${path}/`));
    }
    const executor = spec.deploymentSpec?.executors?.[component.executorLabel ?? ""];
    if (executor?.importer) return runImporter(context, path, task, executor.importer, inputs);
    if (!executor?.container) throw new UserError(`task '${path}' uses ${executor?.resolver ? "a resolver" : `the executor '${component.executorLabel}', which the spec does not define`}; local runs do not support it`);
    if (isPvcTask(executor.container.image)) return runPvcTask(context, context.kubernetes, path, task, executor.container.image, inputs);
    const localEnv = context.kubernetes ? await taskEnvironment(context, context.kubernetes, component.executorLabel!, path, (name) => readName(name, scope, outcomeOf)) : {};
    return await runContainerTask(context, path, task, component, executor.container, inputs, localEnv);
  } catch (error) {
    // A malformed importer, found when the task starts: the task fails, the run goes on.
    if (!(error instanceof InvalidSpecPart)) throw error;
    return endWithoutRunning(context, path, task, kind, { state: "failed" }, error.message, inputs);
  }
}

/** A name in a task's Kubernetes settings: a constant, an input of the task's DAG, or an upstream output. */
async function readName(parameter: unknown, scope: TaskInputs, outcomeOf: (name: string) => Promise<TaskOutcome>): Promise<string> {
  const spec = (parameter ?? {}) as { runtimeValue?: { constant?: unknown }; componentInputParameter?: string; taskOutputParameter?: { producerTask: string; outputParameterKey: string } };
  if (spec.runtimeValue) return String(spec.runtimeValue.constant);
  if (spec.componentInputParameter !== undefined) return String(scope.parameters[spec.componentInputParameter]);
  if (spec.taskOutputParameter) return String((await outcomeOf(spec.taskOutputParameter.producerTask)).parameters[spec.taskOutputParameter.outputParameterKey]);
  throw new UserError("a Kubernetes setting names its object in a way local runs do not read");
}

/** The values a condition read, as `name = value` pairs. */
function describeInputs(condition: string, inputs: TaskInputs): string {
  const read = Object.entries(inputs.parameters).filter(([name]) => condition.includes(`'${name}'`));
  return read.map(([name, value]) => `${name} = ${JSON.stringify(value)}`).join(", ") || "no inputs";
}
