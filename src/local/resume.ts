// `kfp-ts run --resume`: the same run continues after it was killed, failed or cancelled. Its finished
// tasks are kept, the rest run again; the spec it ran comes from its run directory.
import { isAlive } from "./liveness.js";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { UserError } from "../errors.js";
import { parseSpecText } from "../host/spec-file.js";
import type { PipelineSpec } from "../spec/pipeline-spec.js";
import { containedPath } from "./paths.js";
import { join, resolve } from "node:path";
import { runPipelineSpec, type LocalRunOptions, type LocalRunResult } from "./run.js";
import { MetadataStore, type RunRow, type TaskDetail } from "./store.js";

/** Where a resumed run picks up: its identity, and the tasks that already finished (by path). */
export interface ResumePoint {
  readonly runId: string;
  readonly runDir: string;
  readonly parameters: Record<string, unknown>;
  readonly finished: ReadonlyMap<string, TaskDetail>;
}

/** The run's spec, kept in its directory so that the run can be resumed without its source. */
export function saveRunSpec(runDir: string, spec: PipelineSpec, platformSpec?: Record<string, unknown>): void {
  writeFileSync(containedPath(runDir, ".spec.json"), JSON.stringify(spec));
  if (platformSpec) writeFileSync(containedPath(runDir, ".platform.json"), JSON.stringify(platformSpec));
}

/** The platform document (Kubernetes settings) a run started with, if it had one. */
function loadRunPlatformSpec(run: RunRow): Record<string, unknown> | undefined {
  const file = containedPath(run.runDir, ".platform.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : undefined;
}

export function loadRunSpec(run: RunRow): PipelineSpec {
  const file = containedPath(run.runDir, ".spec.json");
  if (!existsSync(file)) throw new UserError(`run ${run.id} cannot be resumed: its spec is not in ${run.runDir} (runs from before kfp-ts kept it cannot resume)`);
  return parseSpecText(readFileSync(file, "utf8"), file);
}

/** The run `wanted` names (an id, a unique prefix of one, or `latest`), checked that it can resume. */
export function findResumableRun(store: MetadataStore, wanted: string): RunRow {
  const matches = wanted === "latest" ? store.listRuns(1) : store.findRuns(wanted);
  if (matches.length === 0) throw new UserError(wanted === "latest" ? "there is no run to resume yet" : `no run '${wanted}' to resume; list them with: kfp-ts runs list`);
  if (matches.length > 1) throw new UserError(`'${wanted}' matches ${matches.length} runs (${matches.slice(0, 5).map((r) => r.id).join(", ")}…): give more of the id`, 2);
  const run = matches[0]!;
  if (run.status === "succeeded") throw new UserError(`run ${run.id} succeeded: there is nothing to resume`);
  if (run.status === "running" && isAlive(run.pid)) throw new UserError(`run ${run.id} is still running (process ${run.pid})`);
  return run;
}

/**
 * Prepares `run` to go on in this process: its stale staging goes (outputs of attempts that never
 * finished were never published), it is marked running again, and its finished tasks are listed.
 */
export function reopenRun(store: MetadataStore, run: RunRow): ResumePoint {
  rmSync(containedPath(run.runDir, ".staging"), { recursive: true, force: true });
  store.reopenRun(run.id);
  const finished = new Map(store.tasksOf(run.id).filter((t) => t.kind === "container" && (t.state === "succeeded" || t.state === "cached")).map((t) => [t.path, t]));
  return { runId: run.id, runDir: run.runDir, parameters: run.parameters, finished };
}

/** A run marked running whose process is gone was interrupted (killed, or the machine stopped). */

/** Resumes a run (an id, a unique prefix, or `latest`) under `options.root`, with the spec and parameters it started with. */
export async function resumeRun(wanted: string, options: Omit<LocalRunOptions, "parameters" | "resume"> = {}): Promise<LocalRunResult> {
  const root = resolve(options.root ?? ".kfp-ts");
  if (!existsSync(join(root, "metadata.sqlite"))) throw new UserError(`no run history in ${root} to resume from`);
  const store = MetadataStore.open(root);
  let run: RunRow;
  let spec: PipelineSpec;
  let platformSpec: Record<string, unknown> | undefined;
  try {
    run = findResumableRun(store, wanted);
    spec = loadRunSpec(run);
    platformSpec = loadRunPlatformSpec(run);
  } finally {
    store.close();
  }
  return runPipelineSpec(spec, { ...options, parameters: run.parameters, resume: run.id, source: run.source, ...(platformSpec && { platformSpec }) });
}
