import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import { localPathForUri } from "../dsl/uri.js";
import { embeddedProgram } from "../spec/embedded-command.js";
import type { ExecutorInput, ExecutorOutput } from "../spec/executor.js";
import { coerceParameter, parameterValueProblem, type ParameterType } from "../spec/parameter-type.js";
import type { ComponentSpec, ContainerSpec, TaskSpec } from "../spec/pipeline-spec.js";
import { cacheKeyOf, canonicalJson, fingerprintOf, missReason, outputsStillExist } from "./cache.js";
import type { RunContext, TaskInputs, TaskOutcome } from "./context.js";
import { containedPath, safeSegment } from "./paths.js";
import { resolvePlaceholders } from "./placeholders.js";
import { spawnTask, type ProcessResult } from "./process.js";
import type { ArtifactRecord } from "./store.js";

/** Thrown for a task that cannot run on this machine at all: no attempt, no retry. */
class NotRunnableHere extends Error {}

/**
 * Runs one container task: a cache lookup, then attempts (with the task's retry policy) of its
 * command as a subprocess, against an executor input built the way the KFP backend builds it.
 * Outputs are staged per attempt and published only when an attempt succeeds.
 */
export async function runContainerTask(
  context: RunContext,
  path: string,
  task: TaskSpec,
  component: ComponentSpec,
  container: ContainerSpec,
  inputs: TaskInputs,
  /** Variables the process gets that are not part of the task's identity (Secrets, local mounts). */
  localEnv: Readonly<Record<string, string>> = {},
): Promise<TaskOutcome> {
  const { store } = context;
  const kept = context.finished.get(path);
  if (kept) {
    context.emit({ type: "task-finished", path, state: kept.state, seconds: 0, cache: "kept: it finished before the run was resumed" });
    return { state: kept.state as "succeeded" | "cached", parameters: kept.outputs, artifacts: kept.outputArtifacts };
  }
  const name = path.split("/").pop()!;
  const taskId = store.createTask({
    runId: context.runId, path, name, component: task.componentRef.name, kind: "container",
    ...(task.taskInfo.name !== name && { displayName: task.taskInfo.name }),
  });
  store.recordParameters(taskId, "input", inputs.parameters);
  store.linkArtifacts(taskId, "input", inputs.artifacts);
  const key = cacheKeyOf(component, container, inputs.parameters, inputs.artifacts);
  const fingerprint = fingerprintOf(key, task.componentRef.name, task.cachingOptions?.cacheKey);

  let cacheNote: string;
  if (!context.cache) cacheNote = "miss: --no-cache";
  else if (task.cachingOptions?.enableCache !== true) cacheNote = "off for this task";
  else {
    const hit = store.findCachedExecution(context.pipelineName, fingerprint);
    if (hit && outputsStillExist(store, hit)) {
      const note = `hit: reused ${hit.runId === context.runId ? "this run's" : `run ${hit.runId}'s`} outputs`;
      store.write(() => {
        store.updateTask(taskId, {
          state: "cached", cachedFrom: hit.id, cacheNote: note, cacheFingerprint: fingerprint, cacheKey: canonicalJson(key), logPath: hit.logPath,
          startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
        });
        store.recordParameters(taskId, "output", hit.outputs);
        store.linkArtifacts(taskId, "output", hit.outputArtifacts);
      });
      context.emit({ type: "task-finished", path, state: "cached", seconds: 0, cache: note });
      return { state: "cached", parameters: hit.outputs, artifacts: hit.outputArtifacts };
    }
    cacheNote = `miss: ${hit ? "the earlier outputs were deleted" : missReason(key, store.previousExecution(context.pipelineName, path, context.runId))}`;
  }
  store.updateTask(taskId, { cacheNote, cacheFingerprint: fingerprint, cacheKey: canonicalJson(key) });

  const segments = path.split("/");
  const logPath = containedPath(context.runDir, ".logs", ...segments.slice(0, -1), `${safeSegment(segments.at(-1)!)}.log`);
  const release = await context.slots.acquire();
  const started = Date.now();
  let failure = "";
  let last: ProcessResult | undefined;
  try {
    if (context.signal.aborted) return skipped(context, taskId, path, "the run was cancelled");
    const containerEnv = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? ""]));
    const program = Object.keys(containerEnv).some((k) => k.startsWith("NODE_")) ? undefined : embeddedProgram(container);
    const command = program === undefined ? hostCommand(container, path) : [];
    const retry = task.retryPolicy;
    const attempts = 1 + (retry?.maxRetryCount ?? 0);
    store.updateTask(taskId, { state: "running", startedAt: new Date().toISOString(), logPath });
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const staging = containedPath(context.runDir, ".staging", ...segments, String(attempt));
      const input = executorInput(component, inputs, staging);
      store.updateTask(taskId, { attempts: attempt });
      context.emit({ type: "task-started", path, attempt });
      const constants = context.constants(path, taskId);
      const processOptions = {
        cwd: context.runDir,
        env: { ...process.env, ...containerEnv, ...localEnv },
        logFile: logPath,
        logHeader: `${attempt > 1 ? "\n" : ""}=== ${path}: attempt ${attempt} of ${attempts}, ${new Date().toISOString()} ===\n`,
        ...(context.verbose && { onOutput: (text: string) => context.emit({ type: "task-output", path, text }) }),
        ...(context.maxLogBytes !== undefined && { maxLogBytes: context.maxLogBytes }),
      };
      const argv = resolvePlaceholders(program !== undefined ? container.args ?? [] : [...command, ...(container.args ?? [])], input, constants);
      const nul = nulByteProblem(argv, containerEnv);
      if (nul) throw new NotRunnableHere(`task '${path}' cannot start: ${nul}`);
      // A kfp-ts bundle runs in a warm Node process, as `node <bundle> <args>` (what its loader does).
      const child = program !== undefined
        ? context.launchers.run(program, argv, processOptions)
        : spawnTask(argv[0]!, argv.slice(1), processOptions);
      const stop = () => child.kill();
      context.signal.addEventListener("abort", stop);
      let timedOut = false;
      const timer = context.taskTimeoutSeconds === undefined ? undefined : setTimeout(() => {
        timedOut = true;
        child.kill();
      }, context.taskTimeoutSeconds * 1000);
      last = await child.done;
      clearTimeout(timer);
      context.signal.removeEventListener("abort", stop);
      if (timedOut) {
        failure = `timed out after ${formatSeconds(context.taskTimeoutSeconds!)}`;
      } else if (last.exitCode === 0) {
        try {
          const outputs = publish(context, taskId, path, component, input);
          store.updateTask(taskId, { state: "succeeded", finishedAt: new Date().toISOString(), exitCode: 0 });
          context.emit({ type: "task-finished", path, state: "succeeded", seconds: (Date.now() - started) / 1000, cache: cacheNote });
          return { state: "succeeded", ...outputs };
        } catch (error) {
          failure = (error as Error).message;
        }
      } else {
        failure = last.spawnError ? `cannot start the task: ${last.spawnError}` : last.signal ? `killed by ${last.signal}` : `exited with code ${last.exitCode}`;
      }
      if (context.signal.aborted) break;
      if (attempt < attempts) {
        const delay = Math.min(seconds(retry?.backoffDuration) * (retry?.backoffFactor || 2) ** (attempt - 1), seconds(retry?.backoffMaxDuration, 3600));
        context.emit({ type: "task-retry", path, attempt, delaySeconds: delay, reason: failure });
        await sleep(delay * 1000, context.signal);
      }
    }
  } catch (error) {
    if (!(error instanceof NotRunnableHere)) throw error;
    failure = error.message;
  } finally {
    release();
    // Every attempt's staging (outputs of failed attempts, files already published) goes at once.
    const staging = containedPath(context.runDir, ".staging", ...segments);
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
  if (context.signal.aborted && !last) return skipped(context, taskId, path, "the run was cancelled");
  store.updateTask(taskId, {
    state: "failed", finishedAt: new Date().toISOString(), error: failure,
    exitCode: last?.exitCode ?? null, signal: last?.signal ?? null,
  });
  context.emit({
    type: "task-finished", path, state: "failed", seconds: (Date.now() - started) / 1000, error: failure,
    ...(existsSync(logPath) && { logPath, logTail: tail(logPath, 15) }), cache: cacheNote,
  });
  return { state: "failed", parameters: {}, artifacts: {}, error: failure };
}

function skipped(context: RunContext, taskId: number, path: string, reason: string): TaskOutcome {
  context.store.updateTask(taskId, { state: "skipped", error: reason, finishedAt: new Date().toISOString() });
  context.emit({ type: "task-finished", path, state: "skipped", seconds: 0, error: reason });
  return { state: "skipped", parameters: {}, artifacts: {}, error: reason, skipped: "cancelled" };
}

/** The executor input, with every output staged under `staging` (the backend's task root). */
function executorInput(component: ComponentSpec, inputs: TaskInputs, staging: string): ExecutorInput {
  const outputs = component.outputDefinitions ?? {};
  return {
    inputs: {
      parameterValues: inputs.parameters,
      artifacts: Object.fromEntries(Object.entries(inputs.artifacts).map(([name, list]) => [name, {
        artifacts: list.map((a) => ({ name: a.name, type: { schemaTitle: a.schemaTitle, schemaVersion: a.schemaVersion }, uri: a.uri, metadata: a.metadata })),
      }])),
    },
    outputs: {
      parameters: Object.fromEntries(Object.keys(outputs.parameters ?? {}).map((name) => [name, { outputFile: containedPath(staging, "parameters", name) }])),
      artifacts: Object.fromEntries(Object.entries(outputs.artifacts ?? {}).map(([name, spec]) => [name, {
        artifacts: [{ name, type: { schemaTitle: spec.artifactType.schemaTitle, schemaVersion: spec.artifactType.schemaVersion ?? "0.0.1" }, uri: containedPath(staging, "artifacts", name), metadata: {} }],
      }])),
      outputFile: containedPath(staging, "executor_output.json"),
    },
  };
}

/**
 * Reads what an attempt produced (the executor output wins over output parameter files, as on the
 * KFP backend), moves staged artifacts to `<run>/<task>/<output>`, and records everything.
 */
function publish(context: RunContext, taskId: number, path: string, component: ComponentSpec, input: ExecutorInput): Omit<TaskOutcome, "state"> {
  const outputFile = input.outputs!.outputFile!;
  let output: ExecutorOutput = {};
  if (existsSync(outputFile)) {
    try {
      output = JSON.parse(readFileSync(outputFile, "utf8")) as ExecutorOutput;
    } catch (error) {
      throw new Error(`the executor output ${outputFile} is not JSON: ${(error as Error).message}`);
    }
  }
  const parameters: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(component.outputDefinitions?.parameters ?? {})) {
    const type = spec.parameterType as ParameterType;
    let value = output.parameterValues?.[name];
    if (value === undefined) {
      const file = input.outputs!.parameters![name]!.outputFile!;
      if (!existsSync(file)) throw new Error(`the task wrote no value for its output parameter '${name}'`);
      value = coerceParameter(type, readFileSync(file, "utf8"));
    }
    const problem = parameterValueProblem(type, value);
    if (problem) throw new Error(`output parameter '${name}' is ${type}: ${problem}`);
    parameters[name] = value;
  }
  const produced: Record<string, (Omit<ArtifactRecord, "id"> & { hasContent: boolean })[]> = {};
  for (const [name, spec] of Object.entries(component.outputDefinitions?.artifacts ?? {})) {
    const staged = input.outputs!.artifacts![name]!.artifacts![0]!.uri!;
    const reported = output.artifacts?.[name]?.artifacts?.[0];
    let uri = reported?.uri || staged;
    const hasContent = existsSync(localPathForUri(uri));
    if (uri === staged) {
      const final = containedPath(context.runDir, ...path.split("/"), name);
      if (hasContent) {
        mkdirSync(dirname(final), { recursive: true });
        rmSync(final, { recursive: true, force: true });
        renameSync(staged, final);
      }
      uri = final;
    }
    produced[name] = [{ name, uri, hasContent, schemaTitle: spec.artifactType.schemaTitle, schemaVersion: spec.artifactType.schemaVersion ?? "0.0.1", metadata: reported?.metadata ?? {} }];
  }
  return context.store.write(() => {
    context.store.recordParameters(taskId, "output", parameters);
    return { parameters, artifacts: context.store.recordOutputArtifacts(taskId, produced) };
  });
}

/**
 * The command a task that is not a kfp-ts bundle runs on this machine. A Python SDK lightweight
 * component runs without its `pip install` prelude, with the host's python3 (which must have kfp);
 * anything else runs as written. Fails early, naming the image, when the program is not here.
 */
function hostCommand(container: ContainerSpec, path: string): string[] {
  const command = container.command ?? [];
  const program = command[0] ?? container.args?.[0];
  if (!program) throw new NotRunnableHere(`task '${path}' has no command: its image '${container.image}' supplies the entry point, which only a container runtime can start`);
  const python = pythonComponentCommand(command);
  if (python) {
    if (!hostPythonHasKfp()) {
      const version = /'kfp==([^']+)'/.exec(command[2] ?? "")?.[1];
      throw new NotRunnableHere(`task '${path}' is a Python SDK component (image '${container.image}'); it runs locally with this machine's python3, which needs kfp: pip install kfp${version ? `==${version}` : ""} (kfp-ts does not run pip for you)`);
    }
    return python;
  }
  if (command.some((part) => /\bpip3? install\b/.test(part))) {
    throw new NotRunnableHere(`task '${path}' installs Python packages with pip when it starts (image '${container.image}'); kfp-ts does not run pip on this machine: run it on Vertex AI or Kubeflow Pipelines`);
  }
  if (!onPath(program)) {
    throw new NotRunnableHere(`task '${path}' runs '${program}', which is not installed on this machine; it needs the image '${container.image}': run it on Vertex AI or Kubeflow Pipelines, or install '${program}'`);
  }
  return command;
}

/** `sh -c <pip installs> && "$0" "$@"` followed by the launcher: the launcher alone, without the installs. */
function pythonComponentCommand(command: readonly string[]): string[] | undefined {
  const [shell, flag, installs, launcher] = command;
  const isLightweight = shell === "sh" && flag === "-c" && /pip install/.test(installs ?? "") && /"\$0" "\$@"\s*$/.test(installs ?? "") && launcher === "sh";
  return isLightweight && command.join(" ").includes("kfp.dsl.executor_main") ? command.slice(3) : undefined;
}

let kfpOnHost: boolean | undefined;

function hostPythonHasKfp(): boolean {
  kfpOnHost ??= onPath("python3") && spawnSync("python3", ["-c", "import kfp"], { stdio: "ignore" }).status === 0;
  return kfpOnHost;
}

function onPath(program: string): boolean {
  if (isAbsolute(program) || program.includes("/")) return existsSync(program);
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, program)));
}

/** No process argument or environment value can hold a NUL byte (a container fails the same way). */
function nulByteProblem(argv: readonly string[], env: Record<string, string>): string | undefined {
  const argument = argv.findIndex((a) => a.includes("\0"));
  if (argument >= 0) return `its argument ${argument + 1} contains a NUL byte (from a parameter value?), which no process argument can hold`;
  const variable = Object.entries(env).find(([name, value]) => name.includes("\0") || value.includes("\0"));
  if (variable) return `its environment variable ${JSON.stringify(variable[0])} contains a NUL byte, which no environment can hold`;
  return undefined;
}

/** `90` → "1m30s", `0.5` → "0.5s". */
function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60);
  const rest = +(total - minutes * 60).toFixed(3);
  return minutes > 0 ? `${minutes}m${rest ? `${rest}s` : ""}` : `${rest}s`;
}

/** A duration such as "30s" in seconds. */
function seconds(duration: string | undefined, fallback = 0): number {
  const match = duration ? /^(\d+(?:\.\d+)?)s$/.exec(duration) : null;
  return match ? Number(match[1]) : fallback;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
