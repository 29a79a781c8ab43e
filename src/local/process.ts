import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all. */
  readonly spawnError?: string;
}

export interface RunningProcess {
  readonly done: Promise<ProcessResult>;
  /** Stops the process and everything it started (its process group). */
  kill(): void;
}

export interface TaskProcessOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logFile: string;
  /** A header written to the log before the output of this attempt. */
  readonly logHeader: string;
  readonly onOutput?: (chunk: string) => void;
}

/** Starts a task's command in its own process group, appending its output to the task's log file. */
export function spawnTask(program: string, args: readonly string[], options: TaskProcessOptions): RunningProcess {
  const child = spawn(program, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  return supervise(child, options);
}

/** Follows a task's process: its output goes to the log (and `onOutput`), its end resolves `done`. */
export function supervise(child: ChildProcess, options: Omit<TaskProcessOptions, "env" | "cwd">): RunningProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  log.write(options.logHeader);
  const forward = (chunk: Buffer) => {
    log.write(chunk);
    options.onOutput?.(chunk.toString("utf8"));
  };
  child.stdout!.on("data", forward);
  child.stderr!.on("data", forward);
  const done = new Promise<ProcessResult>((resolve) => {
    let spawnError: string | undefined;
    child.on("error", (error) => {
      spawnError = error.message;
    });
    child.on("close", (exitCode, signal) => {
      log.end(() => resolve({ exitCode, signal, ...(spawnError && { spawnError }) }));
    });
  });
  return { done, kill: () => killGroup(child) };
}

/** SIGTERM to the process group, then SIGKILL if it is still there after 5 s. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  timer.unref();
}
