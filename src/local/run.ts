import { createHash, randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { mkdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { dagsOf, type DagSpec, type PipelineSpec } from "../spec/pipeline-spec.js";
import { canonicalJson } from "./cache.js";
import { celSyntaxProblem } from "./cel.js";
import { succeeded, type RunContext } from "./context.js";
import { runDag } from "./dag.js";
import { UserError } from "../errors.js";
import type { RunEvent } from "./events.js";
import { resolvePipelineParameters } from "../host/parameters.js";
import { LauncherPool } from "./launcher-pool.js";
import { containedPath } from "./paths.js";
import { findResumableRun, reopenRun, saveRunSpec, type ResumePoint } from "./resume.js";
import { Semaphore } from "./semaphore.js";
import { isEmbeddedCommand } from "../spec/embedded-command.js";
import { describeUnsafeNames, unsafeSpecNames } from "../spec/spec-names.js";
import { MetadataStore, type RunStatus, type TaskDetail } from "./store.js";
import { ignoredNotice, type LocalKubernetesOptions } from "./kubernetes.js";
import { readPlatformSpec } from "../spec/platform-spec.js";

export interface LocalRunOptions {
  /** Pipeline parameters by name; the rest take their defaults. */
  readonly parameters?: Record<string, unknown>;
  /** Where artifacts and the metadata store live. Default `./.kfp-ts`. */
  readonly root?: string;
  /** How many tasks run at once. Default: the number of CPUs. */
  readonly concurrency?: number;
  /** Reuse outputs of earlier runs (each task's caching option still applies). Default true. */
  readonly cache?: boolean;
  /** Stop an attempt of a task that runs longer than this (its whole process tree), failing it as "timed out"; retries follow the task's policy. */
  readonly taskTimeoutSeconds?: number;
  /** The most output each attempt's log keeps: its first and last halves, with a line saying how much was dropped. Default 16 MiB. */
  readonly maxLogBytes?: number;
  /** Continue this run (an id, a unique prefix, or `latest`) of the same spec instead of starting one: see {@link resumeRun}. */
  readonly resume?: string;
  /** Report each task's output as it is written (`task-output` events). */
  readonly verbose?: boolean;
  readonly onEvent?: (event: RunEvent) => void;
  /** Cancels the run: running tasks are stopped, the rest skipped. */
  readonly signal?: AbortSignal;
  /** Where the spec came from, recorded with the run. */
  readonly source?: string;
  /** The directory the source maps of kfp-ts bundles are relative to (the project root). Default: the working directory. */
  readonly sourceRoot?: string;
  /** The spec's platform document (the YAML documents after it): tasks' Kubernetes settings, honoured where a local run can. */
  readonly platformSpec?: Record<string, unknown>;
  /** Values standing in for the cluster's Secrets and ConfigMaps (else `KFP_TS_SECRET_<NAME>_<KEY>` variables). */
  readonly kubernetes?: LocalKubernetesOptions;
}

export interface LocalRunResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly runDir: string;
  readonly storePath: string;
  /** Pipeline outputs: parameter values, and artifacts as recorded (with their local URIs). */
  readonly outputs: Record<string, unknown>;
  readonly tasks: readonly TaskDetail[];
  readonly seconds: number;
}

/**
 * Executes a PipelineSpec on this machine: each container task as a subprocess, independent tasks in
 * parallel, with caching, retries and a metadata store, as the KFP backend would run it.
 */
export async function runPipelineSpec(spec: PipelineSpec, options: LocalRunOptions = {}): Promise<LocalRunResult> {
  checkSupported(spec);
  const platform = readPlatformSpec(options.platformSpec, options.source);
  const parameters = resolvePipelineParameters(spec, options.parameters ?? {});
  const concurrency = options.concurrency ?? availableParallelism();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UserError(`concurrency must be a whole number of 1 or more, got ${concurrency}`, 2);
  if (options.taskTimeoutSeconds !== undefined && !(options.taskTimeoutSeconds > 0)) throw new UserError(`the task timeout must be a positive number of seconds, got ${options.taskTimeoutSeconds}`, 2);
  const root = resolve(options.root ?? ".kfp-ts");
  const store = MetadataStore.open(root);
  const pipelineName = spec.pipelineInfo.name;
  let resumed: ResumePoint | undefined;
  try {
    resumed = options.resume === undefined ? undefined : reopenRun(store, findResumableRun(store, options.resume));
  } catch (error) {
    store.close();
    throw error;
  }
  const runId = resumed?.runId ?? newRunId();
  const runDir = containedPath(root, pipelineName, runId);
  const started = Date.now();
  const createTime = new Date(started).toISOString();
  const emit = options.onEvent ?? (() => {});
  // One signal for the run's own listeners (one per running task), following the caller's.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  if (options.signal?.aborted) stop.abort();
  options.signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const launchers = new LauncherPool(Math.min(concurrency, 2), containedPath(root, ".cache", "bundles"), resolve(options.sourceRoot ?? "."));
  if (Object.values(spec.deploymentSpec?.executors ?? {}).some((e) => isEmbeddedCommand(e.container?.command))) launchers.refill();
  const context: RunContext = {
    runId, pipelineName, runDir, store, launchers,
    finished: resumed?.finished ?? new Map(),
    slots: new Semaphore(concurrency),
    cache: options.cache ?? true,
    verbose: options.verbose ?? false,
    ...(options.taskTimeoutSeconds !== undefined && { taskTimeoutSeconds: options.taskTimeoutSeconds }),
    ...(options.maxLogBytes !== undefined && { maxLogBytes: options.maxLogBytes }),
    signal: stop.signal,
    emit,
    constants: (path, taskId) => ({ jobName: runId, jobId: runId, taskName: path, taskId: String(taskId), pipelineRoot: root, createTime }),
    ...(platform?.platforms.kubernetes && {
      kubernetes: { ...options.kubernetes, executors: platform.platforms.kubernetes.deploymentSpec?.executors ?? {}, pvcRoot: join(root, ".pvcs") },
    }),
  };
  try {
    if (!resumed) {
      store.createRun({
        id: runId, pipelineName, runDir, parameters, spec,
        source: options.source ?? "(spec)",
        specSha256: createHash("sha256").update(canonicalJson(spec)).digest("hex"),
      });
    }
    mkdirSync(runDir, { recursive: true });
    if (!resumed) saveRunSpec(runDir, spec, options.platformSpec);
    emit({ type: "run-started", runId, pipelineName, runDir, tasks: taskPaths(spec, spec.root.dag) });
    if (resumed) emit({ type: "notice", text: `resuming run ${runId}: ${resumed.finished.size} finished task${resumed.finished.size === 1 ? "" : "s"} kept, the others run again` });
    const limited = Object.entries(spec.deploymentSpec?.executors ?? {}).filter(([, e]) => e.container?.resources).map(([label]) => label);
    if (limited.length > 0) {
      emit({ type: "notice", text: `local runs ignore CPU, memory and accelerator settings (${limited.join(", ")}): tasks run on this machine's CPUs` });
    }
    const ignoredKubernetes = ignoredNotice(platform);
    if (ignoredKubernetes) emit({ type: "notice", text: ignoredKubernetes });
    let status: RunStatus = "failed";
    let outputs: Record<string, unknown> = {};
    try {
      const outcome = await runDag(context, spec, spec.root.dag, { parameters, artifacts: {} });
      status = context.signal.aborted ? "cancelled" : succeeded(outcome) ? "succeeded" : "failed";
      const lists = spec.root.outputDefinitions?.artifacts ?? {};
      outputs = { ...outcome.parameters, ...Object.fromEntries(Object.entries(outcome.artifacts).map(([k, v]) => [k, v.length === 1 && !lists[k]?.isArtifactList ? v[0] : v])) };
      store.finishRun(runId, status, outputs);
    } catch (error) {
      rmSync(containedPath(runDir, ".staging"), { recursive: true, force: true });
      store.finishRun(runId, "failed", null, (error as Error).message);
      throw error;
    }
    rmSync(containedPath(runDir, ".staging"), { recursive: true, force: true });
    const seconds = (Date.now() - started) / 1000;
    emit({ type: "run-finished", runId, status, seconds });
    return { runId, status, runDir, storePath: store.path, outputs, tasks: store.tasksOf(runId), seconds };
  } finally {
    launchers.close();
    store.close();
  }
}

/** `20261128-104512-3fa2c1`: sortable, and unique across concurrent runs. */
function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

/** The tasks known before the run starts: a loop's iterations (`<loop>/<index>/…`) appear as they start. */
function taskPaths(spec: PipelineSpec, dag: DagSpec, prefix = ""): string[] {
  return Object.entries(dag.tasks).flatMap(([name, task]) => {
    const nested = spec.components?.[task.componentRef.name]?.dag;
    const loop = task.parameterIterator !== undefined || task.artifactIterator !== undefined;
    return nested && !loop ? [prefix + name, ...taskPaths(spec, nested, `${prefix}${name}/`)] : [prefix + name];
  });
}

/** Problems the runner refuses before anything runs: cycles, and conditions or selectors that are not CEL. */
function checkSupported(spec: PipelineSpec): void {
  const unsafe = unsafeSpecNames(spec);
  if (unsafe.length > 0) throw new UserError(`the spec has names a run cannot use:\n${describeUnsafeNames(unsafe)}`);
  for (const [owner, dag] of dagsOf(spec)) {
    checkAcyclic(owner, dag);
    for (const [name, task] of Object.entries(dag.tasks)) {
      const expressions = [
        ...(task.triggerPolicy?.condition ? [["condition", task.triggerPolicy.condition]] : []),
        ...Object.entries(task.inputs?.parameters ?? {}).flatMap(([input, p]) => (p.parameterExpressionSelector ? [[`selector of input '${input}'`, p.parameterExpressionSelector]] : [])),
      ];
      for (const [what, expression] of expressions) {
        const problem = celSyntaxProblem(expression!);
        if (problem) throw new UserError(`task '${name}' of ${owner}: its ${what} is not valid CEL (${problem}): ${expression}`);
      }
    }
  }
}

function checkAcyclic(owner: string, dag: DagSpec): void {
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new UserError(`the tasks of ${owner} depend on each other in a cycle: ${[...trail, name].join(" → ")}`);
    state.set(name, "visiting");
    for (const dependency of dag.tasks[name]?.dependentTasks ?? []) visit(dependency, [...trail, name]);
    state.set(name, "done");
  };
  for (const name of Object.keys(dag.tasks)) visit(name, []);
}
