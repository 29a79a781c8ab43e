// `kfp-ts runs logs <run> [task]`: what a run's tasks printed, from the logs the runner kept.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import type { TaskDetail } from "../local/store.js";
import { displayPath } from "./format.js";
import { action } from "./report.js";
import { openExisting, resolveRun } from "./run-history.js";

/** The last `count` lines a task printed in its final attempt (each attempt starts with a `=== … ===` header). */
export function lastAttemptLines(logPath: string, count: number): string[] {
  try {
    const log = readFileSync(logPath, "utf8");
    const lastAttempt = log.slice(log.lastIndexOf("\n=== ") + 1).split("\n");
    const lines = /^=== .* ===$/.test(lastAttempt[0] ?? "") ? lastAttempt.slice(1) : lastAttempt;
    const text = lines.map((l) => l.trimEnd()).join("\n").trimEnd();
    return text === "" ? [] : text.split("\n").slice(-count);
  } catch {
    return [];
  }
}

export function registerRunLogs(runs: Command): void {
  runs
    .command("logs")
    .description("print what a run's tasks printed (every attempt), or one task's")
    .argument("<run-id>", "the run id, a unique prefix of it, or latest")
    .argument("[task]", "a task's path (such as trainer, or outer.inner) or name")
    .option("--root <dir>", "the pipeline root the run used", ".kfp-ts")
    .action(action(async (id: string, taskName: string | undefined, flags: { root: string }) => {
      const store = openExisting(flags.root);
      try {
        const run = resolveRun(store, id, flags.root);
        const tasks = store.tasksOf(run.id).filter((t) => t.kind === "container");
        const chosen = taskName === undefined ? tasks : [findTask(tasks, taskName, run.id)];
        const out: string[] = [];
        for (const task of chosen) {
          if (taskName === undefined) out.push(`── ${task.path} (${task.state}) ${task.logPath ? displayPath(task.logPath) : ""}`.trimEnd());
          out.push(logText(task));
        }
        process.stdout.write(out.join("\n").replace(/\n*$/, "\n"));
      } finally {
        store.close();
      }
    }));
}

function findTask(tasks: readonly TaskDetail[], wanted: string, runId: string): TaskDetail {
  const found = tasks.find((t) => t.path === wanted) ?? tasks.filter((t) => t.name === wanted).at(0);
  if (found) return found;
  throw new UserError(`run ${runId} has no task '${wanted}'; its tasks are: ${tasks.map((t) => t.path).join(", ")}`);
}

function logText(task: TaskDetail): string {
  if (!task.logPath) return task.state === "skipped" ? "(skipped: it never ran)" : "(no log: the task did not start)";
  const from = task.state === "cached" ? `(taken from the cache: the log of the run that produced it)\n` : "";
  try {
    return from + readFileSync(task.logPath, "utf8");
  } catch {
    return `(the log ${displayPath(task.logPath)} is gone)`;
  }
}
