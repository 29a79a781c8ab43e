import { createLogUpdate } from "log-update";
import type { RunEvent } from "../local/events.js";
import type { LocalRunResult } from "../local/run.js";
import type { TaskState } from "../local/store.js";
import { displayPath, duration, formatValue, taskNote } from "./format.js";
import { lastAttemptLines } from "./runs-logs.js";

interface TaskLine {
  state: TaskState | "waiting";
  started?: number;
  seconds?: number;
  attempt?: number;
  note?: string;
}

const symbols: Record<TaskLine["state"], string> = {
  waiting: "○", pending: "○", running: "•", succeeded: "✔", cached: "↺", failed: "✖", skipped: "–",
};
const spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Shows a run as it goes: a live task list on a terminal, plain lines otherwise (CI, pipes). */
export class Progress {
  private readonly tasks = new Map<string, TaskLine>();
  private title = "";
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private readonly logUpdate: ReturnType<typeof createLogUpdate>;

  constructor(
    private readonly live: boolean,
    private readonly verbose: boolean,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.logUpdate = createLogUpdate(out);
  }

  readonly onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case "run-started":
        this.title = `${event.pipelineName} · run ${event.runId}`;
        for (const path of event.tasks) this.tasks.set(path, { state: "waiting" });
        if (this.live) this.timer = setInterval(() => this.render(), 100);
        else this.line(`${this.title}: ${event.tasks.length} task${event.tasks.length === 1 ? "" : "s"}, outputs in ${displayPath(event.runDir)}`);
        break;
      case "notice":
        this.line(`note: ${event.text}`);
        break;
      case "task-started":
        this.tasks.set(event.path, { state: "running", started: Date.now(), attempt: event.attempt });
        if (!this.live) this.line(`${event.path}: started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ""}`);
        break;
      case "task-output":
        if (this.verbose) this.print(event.text.replace(/^(?=.)/gm, `${event.path} │ `));
        break;
      case "task-retry":
        if (!this.live) this.line(`${event.path}: attempt ${event.attempt} failed (${event.reason}); retrying in ${event.delaySeconds}s`);
        break;
      case "task-finished": {
        this.tasks.set(event.path, { state: event.state, seconds: event.seconds, ...(event.cache && { note: event.cache }) });
        // The tasks inside a skipped group never start.
        if (event.state === "skipped") for (const [path, line] of this.tasks) if (line.state === "waiting" && path.startsWith(`${event.path}/`)) line.state = "skipped";
        if (!this.live) {
          const time = event.state === "succeeded" || event.state === "failed" ? ` in ${event.seconds.toFixed(2)}s` : "";
          const why = event.state === "skipped" ? ` (${event.error})` : event.cache ? ` (cache ${event.cache})` : "";
          this.line(`${event.path}: ${event.state}${time}${why}`);
        }
        if (event.state === "failed" && event.error) this.printFailure(event.path, event);
        break;
      }
      case "run-finished":
        this.stop();
        break;
    }
  };

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.render();
      this.logUpdate.done();
    }
  }

  /** The final table, outputs and where to find everything. */
  summary(result: LocalRunResult): void {
    const rows = result.tasks.map((t) => [
      t.path,
      t.state,
      t.state === "succeeded" || t.state === "failed" ? duration(t.startedAt, t.finishedAt) : "",
      taskNote(t),
    ]);
    const widths = [4, 5, 4].map((min, i) => Math.max(min, ...rows.map((r) => r[i]!.length)));
    const lines = [
      "",
      `Run ${result.runId} ${result.status} in ${result.seconds.toFixed(2)}s`,
      `  ${["task", "state", "time"].map((h, i) => h.padEnd(widths[i]!)).join("  ")}  cache / why skipped`,
      ...rows.map((r) => `  ${r.slice(0, 3).map((c, i) => c.padEnd(widths[i]!)).join("  ")}  ${r[3]}`),
    ];
    const pipelineOutputs = Object.entries(result.outputs);
    // A pipeline without outputs of its own: show what its tasks produced.
    const outputs: (readonly [string, unknown])[] = pipelineOutputs.length > 0 ? pipelineOutputs : result.tasks.filter((t) => t.kind !== "dag").flatMap((t): (readonly [string, unknown])[] => {
      const produced: (readonly [string, unknown])[] = [
        ...Object.entries(t.outputs).map(([name, value]) => [`${t.path}.${name}`, value] as const),
        ...Object.entries(t.outputArtifacts).map(([name, list]) => [`${t.path}.${name}`, list.length === 1 ? list[0] : list] as const),
      ];
      // A task with no outputs: what it printed is its result.
      const printed = produced.length === 0 && (t.state === "succeeded" || t.state === "cached") && t.logPath ? printedLines(t.logPath) : [];
      return produced.length > 0 ? produced : printed.map((line) => [`${t.path} printed`, new Printed(line)] as const);
    });
    if (outputs.length > 0) {
      lines.push(pipelineOutputs.length > 0 ? "Outputs:" : "Task outputs:");
      const width = Math.max(...outputs.map(([k]) => k.length));
      for (const [name, value] of outputs.slice(0, 30)) lines.push(`  ${name.padEnd(width)}  ${formatOutput(value)}`);
      if (outputs.length > 30) lines.push(`  … and ${outputs.length - 30} more: kfp-ts runs show ${result.runId}`);
    }
    lines.push(`Artifacts and logs: ${displayPath(result.runDir)}`);
    // A group fails because a task inside it failed: name the tasks.
    const failed = result.tasks.filter((t) => t.state === "failed" && t.kind !== "dag").map((t) => `'${t.path}'`);
    if (failed.length > 0) lines.push(`Failed: ${failed.join(", ")}`);
    this.print(lines.join("\n") + "\n");
  }

  private printFailure(path: string, event: Extract<RunEvent, { type: "task-finished" }>): void {
    const text = [`✖ task '${path}' failed: ${event.error}${event.logPath ? ` (log: ${displayPath(event.logPath)})` : ""}`];
    if (event.logTail) text.push(...event.logTail.split("\n").map((l) => `  │ ${l}`));
    this.print(text.join("\n") + "\n");
  }

  private render(): void {
    this.frame++;
    const width = Math.max(4, ...[...this.tasks.keys()].map((k) => k.length));
    const lines = [this.title];
    for (const [path, task] of this.tasks) {
      const symbol = task.state === "running" ? spinner[this.frame % spinner.length]! : symbols[task.state];
      const time = task.state === "running" ? `${((Date.now() - task.started!) / 1000).toFixed(1)}s` : task.seconds !== undefined && task.state !== "cached" && task.state !== "skipped" ? `${task.seconds.toFixed(2)}s` : "";
      const detail = task.state === "running" && task.attempt && task.attempt > 1 ? `attempt ${task.attempt}` : task.note ? `cache ${task.note}` : task.state === "waiting" ? "waiting" : "";
      lines.push(` ${symbol} ${path.padEnd(width)}  ${task.state === "waiting" ? "" : task.state.padEnd(9)} ${time.padStart(7)}  ${detail}`.trimEnd());
    }
    this.logUpdate(lines.join("\n"));
  }

  /** Writes above the live list without disturbing it. */
  private print(text: string): void {
    if (this.live && this.timer) {
      this.logUpdate.clear();
      this.out.write(text);
      this.render();
    } else {
      this.out.write(text);
    }
  }

  private line(text: string): void {
    this.print(`${text}\n`);
  }
}

/** A line a task printed, shown as it is. */
class Printed {
  constructor(readonly line: string) {}
}

/** The last lines a task printed in its final attempt. */
function printedLines(logPath: string): string[] {
  return lastAttemptLines(logPath, Infinity).filter((l) => l !== "").slice(-5);
}

function formatOutput(value: unknown): string {
  return value instanceof Printed ? value.line : formatValue(value);
}
