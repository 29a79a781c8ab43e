import type { Command } from "commander";
import { UserError } from "../errors.js";
import { durationSeconds } from "../spec/duration.js";
import { loadPipeline } from "../host/pipeline-file.js";
import { parseParameterArguments } from "../host/parameters.js";
import { resumeRun } from "../local/resume.js";
import { runPipelineSpec } from "../local/run.js";
import type { TaskDetail } from "../local/store.js";
import { taskNote } from "./format.js";
import { runningConsole } from "../ui/console-file.js";
import { readEnvFile, type LocalObjects } from "../local/kubernetes.js";
import { Progress } from "./progress.js";
import { action, printDiagnostics } from "./report.js";

interface RunFlags {
  pipeline?: string;
  param: string[];
  root?: string;
  concurrency?: string;
  taskTimeout?: string;
  resume?: string;
  cache: boolean;
  verbose?: boolean;
  json?: boolean;
  secret: string[];
  configMap: string[];
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run a pipeline on this machine: each task as a subprocess, no Docker, no cloud")
    .argument("[file]", "a TypeScript file (compiled first) or a compiled spec (.yaml, .json)")
    .option("-p, --pipeline <export>", "the pipeline to run, when the file exports several")
    .option("--param <key=value>", "a pipeline parameter, parsed by its declared type (repeatable)", (value: string, all: string[]) => [...all, value], [])
    .option("--root <dir>", "where artifacts, logs and the run history go", ".kfp-ts")
    .option("--concurrency <n>", "how many tasks run at once (default: the number of CPUs)")
    .option("--resume <run-id>", "continue a killed, failed or cancelled run (its id, a unique prefix, or latest): finished tasks are kept, the others run again")
    .option("--no-cache", "run every task, even when an earlier run has its outputs")
    .option("--task-timeout <duration>", "stop any task attempt running longer than this (30s, 10m, 2h): its whole process tree is killed, and it fails or retries per its policy")
    .option("-v, --verbose", "stream each task's output")
    .option("--json", "print the run's id, status and outputs as JSON on stdout")
    .option("--secret <name=file>", "a Kubernetes Secret tasks read, as a file of KEY=VALUE lines (repeatable)", (value: string, all: string[]) => [...all, value], [])
    .option("--config-map <name=file>", "a Kubernetes ConfigMap tasks read, as a file of KEY=VALUE lines (repeatable)", (value: string, all: string[]) => [...all, value], [])
    .action(action(async (file: string | undefined, flags: RunFlags) => {
      if (flags.resume !== undefined && (file !== undefined || flags.pipeline || flags.param.length > 0)) {
        throw new UserError("--resume continues a run with the spec and parameters it started with: give no file, --pipeline or --param", 2);
      }
      if (flags.resume === undefined && file === undefined) throw new UserError("give the pipeline to run (a .ts file or a compiled spec), or --resume <run-id>", 2);
      const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
        throw new UserError(`--concurrency takes a whole number of 1 or more, not '${flags.concurrency}'`, 2);
      }
      const taskTimeoutSeconds = flags.taskTimeout === undefined ? undefined : durationSeconds(flags.taskTimeout);
      if (flags.taskTimeout !== undefined && !(taskTimeoutSeconds! > 0)) throw new UserError(`--task-timeout takes a duration such as 90s, 10m or 2h, not '${flags.taskTimeout}'`, 2);
      const loaded = file === undefined ? undefined : await loadPipeline(file, flags.pipeline ? { pipeline: flags.pipeline } : {});
      if (loaded) printDiagnostics(loaded.warnings);
      const progress = new Progress(process.stderr.isTTY === true && !flags.verbose, flags.verbose ?? false);
      const controller = new AbortController();
      let interrupts = 0;
      const onInterrupt = () => {
        if (++interrupts > 1) process.exit(130);
        process.stderr.write("\nStopping the run (Ctrl-C again to quit at once)…\n");
        controller.abort();
      };
      process.on("SIGINT", onInterrupt);
      process.on("SIGTERM", onInterrupt);
      try {
        const options = {
          root: flags.root,
          cache: flags.cache,
          verbose: flags.verbose ?? false,
          onEvent: progress.onEvent,
          signal: controller.signal,
          ...(loaded?.sourceRoot && { sourceRoot: loaded.sourceRoot }),
          ...(concurrency !== undefined && { concurrency }),
          ...(taskTimeoutSeconds !== undefined && { taskTimeoutSeconds }),
          kubernetes: { secrets: localObjects(flags.secret, "--secret"), configMaps: localObjects(flags.configMap, "--config-map") },
        };
        const result = loaded
          ? await runPipelineSpec(loaded.spec, { ...options, parameters: parseParameterArguments(flags.param, loaded.spec), source: loaded.source, ...(loaded.platformSpec && { platformSpec: loaded.platformSpec }) })
          : await resumeRun(flags.resume!, options);
        progress.summary(result);
        const consoleUrl = runningConsole(flags.root ?? ".kfp-ts");
        process.stderr.write(consoleUrl ? `See it in the console: ${consoleUrl}/runs/${result.runId}\n` : `See it in the console: kfp-ts ui${flags.root && flags.root !== ".kfp-ts" ? ` --root ${flags.root}` : ""}\n`);
        if (flags.json) process.stdout.write(JSON.stringify({ runId: result.runId, status: result.status, runDir: result.runDir, outputs: result.outputs, tasks: result.tasks.map(taskSummary) }, null, 2) + "\n");
        process.exitCode = result.status === "succeeded" ? 0 : result.status === "cancelled" ? 130 : 1;
      } finally {
        progress.stop();
        process.off("SIGINT", onInterrupt);
        process.off("SIGTERM", onInterrupt);
      }
    }));
}

/** A task in `run --json`: where it sits (loop iterations are `<loop>/<index>/…`), how it ended and why. */
function taskSummary(task: TaskDetail): Record<string, unknown> {
  const note = taskNote(task);
  return { path: task.path, kind: task.kind, state: task.state, ...(note && { [task.state === "skipped" ? "why" : "cache"]: note }), ...(task.state === "failed" && task.error && { error: task.error }) };
}

/** `--secret name=file`: each file's KEY=VALUE lines are the object's keys. */
function localObjects(given: readonly string[], flag: string): LocalObjects {
  const objects: Record<string, Record<string, string>> = {};
  for (const item of given) {
    const at = item.indexOf("=");
    if (at <= 0 || at === item.length - 1) throw new UserError(`${flag} takes name=file, such as ${flag} db-credentials=./db.env; got '${item}'`, 2);
    objects[item.slice(0, at)] = readEnvFile(item.slice(at + 1));
  }
  return objects;
}
