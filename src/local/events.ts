import type { RunStatus, TaskState } from "./store.js";

/** What a local run reports as it goes: the progress display and the programmatic API listen to these. */
export type RunEvent =
  | { readonly type: "run-started"; readonly runId: string; readonly pipelineName: string; readonly runDir: string; readonly tasks: readonly string[] }
  /** Something about the run a person should know, such as settings a local run ignores. */
  | { readonly type: "notice"; readonly text: string }
  | { readonly type: "task-started"; readonly path: string; readonly attempt: number }
  | { readonly type: "task-output"; readonly path: string; readonly text: string }
  | { readonly type: "task-retry"; readonly path: string; readonly attempt: number; readonly delaySeconds: number; readonly reason: string }
  | {
      readonly type: "task-finished";
      readonly path: string;
      readonly state: TaskState;
      readonly seconds: number;
      /** For a container task: why it hit or missed the cache. */
      readonly cache?: string;
      readonly error?: string;
      readonly logPath?: string;
      readonly logTail?: string;
    }
  | { readonly type: "run-finished"; readonly runId: string; readonly status: RunStatus; readonly seconds: number };
