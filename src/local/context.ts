import type { RunEvent } from "./events.js";
import type { LocalKubernetes } from "./kubernetes.js";
import type { LauncherPool } from "./launcher-pool.js";
import type { RuntimeConstants } from "./placeholders.js";
import type { Semaphore } from "./semaphore.js";
import type { ArtifactRecord, MetadataStore, TaskDetail, TaskState } from "./store.js";

/** What every task of one run shares. */
export interface RunContext {
  readonly runId: string;
  readonly pipelineName: string;
  readonly runDir: string;
  readonly store: MetadataStore;
  /** Concurrency slots for container tasks. */
  readonly slots: Semaphore;
  /** Warm Node processes for kfp-ts bundles. */
  readonly launchers: LauncherPool;
  readonly cache: boolean;
  /** In a resumed run: the container tasks that finished before, by path, kept as they are. */
  readonly finished: ReadonlyMap<string, TaskDetail>;
  readonly verbose: boolean;
  /** Each attempt of a container task is stopped (its whole process group) after this many seconds. */
  readonly taskTimeoutSeconds?: number;
  /** The most each attempt's log keeps (head and tail). */
  readonly maxLogBytes?: number;
  readonly signal: AbortSignal;
  readonly emit: (event: RunEvent) => void;
  readonly constants: (path: string, taskId: number) => RuntimeConstants;
  /** Tasks' Kubernetes settings and what stands in for the cluster's Secrets, ConfigMaps and PVCs. */
  readonly kubernetes?: LocalKubernetes;
}

/** A task's resolved inputs. */
export interface TaskInputs {
  readonly parameters: Record<string, unknown>;
  readonly artifacts: Record<string, readonly ArtifactRecord[]>;
}

/** How a task ended, and its outputs. */
export interface TaskOutcome {
  readonly state: Extract<TaskState, "succeeded" | "cached" | "failed" | "skipped">;
  readonly parameters: Record<string, unknown>;
  readonly artifacts: Record<string, readonly ArtifactRecord[]>;
  readonly error?: string;
  /** For a failed DAG: the path of the task whose failure failed it (its `error` is that task's). */
  readonly failedTask?: string;
  /** Why a skipped task did not run: its condition was false (a normal outcome), its upstream did not succeed, or the run was cancelled. */
  readonly skipped?: "condition" | "upstream" | "cancelled";
}

export const succeeded = (outcome: TaskOutcome) => outcome.state === "succeeded" || outcome.state === "cached";

/** Succeeded, or skipped by its own condition: what lets dependents run and the enclosing DAG succeed. */
export const completedNormally = (outcome: TaskOutcome) => succeeded(outcome) || outcome.skipped === "condition";

/**
 * How a DAG (or a loop) ended, from its tasks' (or iterations') outcomes: failed if any failed, with
 * the first failure as its cause; skipped if any was stopped; else succeeded, with `outputs`.
 */
export async function dagOutcome(
  context: RunContext, results: readonly (readonly [path: string, outcome: TaskOutcome])[], outputs: () => Promise<Pick<TaskOutcome, "parameters" | "artifacts">>,
): Promise<TaskOutcome> {
  const failed = results.find(([, o]) => o.state === "failed");
  if (failed) return { state: "failed", parameters: {}, artifacts: {}, error: failed[1].error, failedTask: failed[1].failedTask ?? failed[0] };
  if (!results.every(([, o]) => completedNormally(o))) return { state: "skipped", parameters: {}, artifacts: {}, skipped: context.signal.aborted ? "cancelled" : "upstream" };
  return { state: "succeeded", ...(await outputs()) };
}
