import type { TaskOutcome } from "./context.js";

/**
 * The `PipelineTaskFinalStatus` value an exit task (or an `ignore_upstream_failure` task) receives for
 * its producer, as proto-JSON: `{state, pipelineJobResourceName, pipelineTaskName, error?: {code, message}}`.
 * The Python SDK's executor reads exactly these keys. `state` uses the SDK's documented names
 * (SUCCEEDED, FAILED, CANCELLED), not the MLMD names the open-source backend sends (COMPLETE, …);
 * a producer skipped by its own condition counts as SUCCEEDED. `error.code` is a google.rpc.Code:
 * 2 (UNKNOWN) for a failure, 1 (CANCELLED) for a cancelled run.
 */
export function finalStatusOf(runId: string, producerTask: string, outcome: TaskOutcome): Record<string, unknown> {
  const base = { pipelineJobResourceName: runId, pipelineTaskName: producerTask };
  if (outcome.skipped === "cancelled") return { ...base, state: "CANCELLED", error: { code: 1, message: "the run was cancelled" } };
  if (outcome.state === "failed") {
    const message = `task '${outcome.failedTask ?? producerTask}' failed: ${outcome.error ?? "no reason recorded"}`;
    return { ...base, state: "FAILED", error: { code: 2, message } };
  }
  if (outcome.skipped === "upstream") return { ...base, state: "FAILED", error: { code: 2, message: `did not run: ${outcome.error}` } };
  return { ...base, state: "SUCCEEDED" };
}
