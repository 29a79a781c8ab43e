import type { RunEvent } from "./events.js";
import type { LauncherPool } from "./launcher-pool.js";
import type { RuntimeConstants } from "./placeholders.js";
import type { Semaphore } from "./semaphore.js";
import type { ArtifactRecord, MetadataStore, TaskState } from "./store.js";

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
  readonly verbose: boolean;
  readonly signal: AbortSignal;
  readonly emit: (event: RunEvent) => void;
  readonly constants: (path: string, taskId: number) => RuntimeConstants;
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
}

export const succeeded = (outcome: TaskOutcome) => outcome.state === "succeeded" || outcome.state === "cached";
