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
  /** The log keeps at most this many bytes of the attempt's output: its first and last halves. Default 16 MiB. */
  readonly maxLogBytes?: number;
}

export const defaultMaxLogBytes = 16 * 1024 * 1024;

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
  const capped = new HeadAndTail(options.maxLogBytes ?? defaultMaxLogBytes, (bytes) => log.write(bytes));
  const forward = (chunk: Buffer) => {
    capped.add(chunk);
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
      capped.finish();
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

/**
 * Output capped at `limit` bytes: the first half is written as it comes, the last half is held back
 * (older bytes dropped) and written at the end after a line saying how much was dropped between them.
 */
class HeadAndTail {
  private readonly headLimit: number;
  private headLeft: number;
  private readonly tailLimit: number;
  private readonly tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;

  constructor(
    limit: number,
    private readonly write: (bytes: Buffer | string) => void,
  ) {
    this.headLimit = Math.ceil(limit / 2);
    this.headLeft = this.headLimit;
    this.tailLimit = Math.floor(limit / 2);
  }

  add(chunk: Buffer): void {
    if (this.headLeft > 0) {
      const head = chunk.subarray(0, this.headLeft);
      this.write(head);
      this.headLeft -= head.length;
      chunk = chunk.subarray(head.length);
    }
    if (chunk.length === 0) return;
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - this.tail[0]!.length >= this.tailLimit) {
      this.dropped += this.tail[0]!.length;
      this.tailBytes -= this.tail.shift()!.length;
    }
  }

  finish(): void {
    let tail = Buffer.concat(this.tail);
    if (tail.length > this.tailLimit) {
      this.dropped += tail.length - this.tailLimit;
      tail = tail.subarray(tail.length - this.tailLimit);
    }
    if (this.dropped > 0) {
      this.write(`\n[kfp-ts: ${this.dropped} bytes of output dropped here; the log keeps the first ${this.headLimit} and the last ${tail.length} bytes]\n`);
    }
    this.write(tail);
    this.tail.length = 0;
  }
}
