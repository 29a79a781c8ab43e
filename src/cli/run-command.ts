import type { Command } from "commander";
import { UserError } from "../errors.js";
import { loadPipeline } from "../host/pipeline-file.js";
import { parseParameterArguments } from "../host/parameters.js";
import { runPipelineSpec } from "../local/run.js";
import type { TaskDetail } from "../local/store.js";
import { taskNote } from "./format.js";
import { readEnvFile, type LocalObjects } from "../local/kubernetes.js";
import { Progress } from "./progress.js";
import { action, printDiagnostics } from "./report.js";

interface RunFlags {
  pipeline?: string;
  param: string[];
  root?: string;
  concurrency?: string;
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
    .argument("<file>", "a TypeScript file (compiled first) or a compiled spec (.yaml, .json)")
    .option("-p, --pipeline <export>", "the pipeline to run, when the file exports several")
    .option("--param <key=value>", "a pipeline parameter, parsed by its declared type (repeatable)", (value: string, all: string[]) => [...all, value], [])
    .option("--root <dir>", "where artifacts, logs and the run history go", ".kfp-ts")
    .option("--concurrency <n>", "how many tasks run at once (default: the number of CPUs)")
    .option("--no-cache", "run every task, even when an earlier run has its outputs")
    .option("-v, --verbose", "stream each task's output")
    .option("--json", "print the run's id, status and outputs as JSON on stdout")
    .option("--secret <name=file>", "a Kubernetes Secret tasks read, as a file of KEY=VALUE lines (repeatable)", (value: string, all: string[]) => [...all, value], [])
    .option("--config-map <name=file>", "a Kubernetes ConfigMap tasks read, as a file of KEY=VALUE lines (repeatable)", (value: string, all: string[]) => [...all, value], [])
    .action(action(async (file: string, flags: RunFlags) => {
      const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
        throw new UserError(`--concurrency takes a whole number of 1 or more, not '${flags.concurrency}'`, 2);
      }
      const loaded = await loadPipeline(file, flags.pipeline ? { pipeline: flags.pipeline } : {});
      printDiagnostics(loaded.warnings);
      const parameters = parseParameterArguments(flags.param, loaded.spec);
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
        const result = await runPipelineSpec(loaded.spec, {
          parameters,
          root: flags.root,
          cache: flags.cache,
          verbose: flags.verbose ?? false,
          onEvent: progress.onEvent,
          signal: controller.signal,
          source: loaded.source,
          ...(concurrency !== undefined && { concurrency }),
          ...(loaded.platform && { platform: loaded.platform }),
          kubernetes: { secrets: localObjects(flags.secret, "--secret"), configMaps: localObjects(flags.configMap, "--config-map") },
        });
        progress.summary(result);
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
