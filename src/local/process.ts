import { spawn } from "node:child_process";
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

export interface SpawnOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logFile: string;
  /** A header written to the log before the output of this attempt. */
  readonly logHeader: string;
  readonly onOutput?: (chunk: string) => void;
}

/** Starts a task's command in its own process group, appending its output to the task's log file. */
export function spawnTask(program: string, args: readonly string[], options: SpawnOptions): RunningProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  log.write(options.logHeader);
  const child = spawn(program, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const forward = (chunk: Buffer) => {
    log.write(chunk);
    options.onOutput?.(chunk.toString("utf8"));
  };
  child.stdout.on("data", forward);
  child.stderr.on("data", forward);
  const done = new Promise<ProcessResult>((resolve) => {
    let spawnError: string | undefined;
    child.on("error", (error) => {
      spawnError = error.message;
    });
    child.on("close", (exitCode, signal) => {
      log.end(() => resolve({ exitCode, signal, ...(spawnError && { spawnError }) }));
    });
  });
  const kill = () => {
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
  };
  return { done, kill };
}
