import type { ComponentSpec, TaskSpec } from "../spec/pipeline-spec.js";
import { InvalidSpecPart, artifactIteratorSchema, iteratorPolicySchema, parameterIteratorSchema, parsePart } from "../spec/control-flow.js";
import { dagOutcome, type RunContext, type TaskInputs, type TaskOutcome } from "./context.js";
import { InputError, withDefaults } from "./inputs.js";
import { Semaphore } from "./semaphore.js";
import type { ArtifactRecord } from "./store.js";
import { runAsGroup } from "./task-record.js";

/** Runs the body of a loop's component once for one item, with the task-path prefix of that iteration. */
export type IterationBody = (inputs: TaskInputs, prefix: string) => Promise<TaskOutcome>;

/**
 * Runs a ParallelFor: one iteration of the loop's DAG per item, at path `<loop>/<index>/…`, all at
 * once up to the loop's parallelism limit (container tasks also wait for the run's --concurrency).
 * The loop's outputs are Collected: each declared output gathers the iterations' values in item
 * order (a list of parameter values; one list of all the artifacts).
 */
export async function runLoop(context: RunContext, path: string, task: TaskSpec, component: ComponentSpec, inputs: TaskInputs, body: IterationBody): Promise<TaskOutcome> {
  let iterations: TaskInputs[];
  let limit: number;
  try {
    iterations = iterationInputs(path, task, inputs);
    limit = parsePart(iteratorPolicySchema, task.iteratorPolicy ?? {}, `the iterator policy of '${path}'`).parallelismLimit || iterations.length || 1;
  } catch (error) {
    if (!(error instanceof InputError || error instanceof InvalidSpecPart)) throw error;
    return { state: "failed", parameters: {}, artifacts: {}, error: error.message };
  }
  const slots = new Semaphore(limit);
  const results = await Promise.all(iterations.map(async (iteration, index) => {
    const release = await slots.acquire();
    try {
      const iterationPath = `${path}/${index}`;
      const iterationTask = { ...task, taskInfo: { name: `${task.taskInfo.name} #${index}` } };
      return [iterationPath, await runAsGroup(context, iterationPath, iterationTask, iteration, () => body(withDefaults(component, iteration), `${iterationPath}/`))] as const;
    } finally {
      release();
    }
  }));
  return dagOutcome(context, results, async () => collected(component, results.map(([, o]) => o)));
}

/** Each iteration's inputs: the loop's inputs, with the item bound to the iterator's item input. */
function iterationInputs(path: string, task: TaskSpec, inputs: TaskInputs): TaskInputs[] {
  if (task.artifactIterator !== undefined) {
    const iterator = parsePart(artifactIteratorSchema, task.artifactIterator, `the artifact iterator of '${path}'`);
    const items = inputs.artifacts[iterator.items.inputArtifact] ?? [];
    return items.map((artifact) => ({ parameters: inputs.parameters, artifacts: { ...inputs.artifacts, [iterator.itemInput]: [artifact] } }));
  }
  const iterator = parsePart(parameterIteratorSchema, task.parameterIterator, `the parameter iterator of '${path}'`);
  const items = "raw" in iterator.items ? parseItems(iterator.items.raw, "its raw items") : parseItems(inputs.parameters[iterator.items.inputParameter], `its input '${iterator.items.inputParameter}'`);
  return items.map((item) => ({ parameters: { ...inputs.parameters, [iterator.itemInput]: item }, artifacts: inputs.artifacts }));
}

/** A loop's items: a JSON list, or its text (a LIST output read from a file may arrive as text). */
function parseItems(value: unknown, what: string): unknown[] {
  let items = value;
  if (typeof value === "string") {
    try {
      items = JSON.parse(value);
    } catch {
      throw new InputError(`the loop cannot iterate over ${what}: ${JSON.stringify(value.slice(0, 80))} is not a JSON list`);
    }
  }
  if (!Array.isArray(items)) throw new InputError(`the loop cannot iterate over ${what}: it is ${items === undefined ? "missing" : `not a list (${JSON.stringify(items)})`}`);
  return items;
}

/** The loop's declared outputs, gathered across iterations in item order. */
function collected(component: ComponentSpec, outcomes: readonly TaskOutcome[]): Pick<TaskOutcome, "parameters" | "artifacts"> {
  const parameters: Record<string, unknown> = {};
  const artifacts: Record<string, readonly ArtifactRecord[]> = {};
  for (const name of Object.keys(component.outputDefinitions?.parameters ?? {})) {
    parameters[name] = outcomes.map((o) => o.parameters[name]).filter((v) => v !== undefined);
  }
  for (const name of Object.keys(component.outputDefinitions?.artifacts ?? {})) {
    artifacts[name] = outcomes.flatMap((o) => o.artifacts[name] ?? []);
  }
  return { parameters, artifacts };
}
