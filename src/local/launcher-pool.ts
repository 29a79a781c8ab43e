import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { programText, type EmbeddedProgram } from "../spec/embedded-command.js";
import { supervise, type RunningProcess, type TaskProcessOptions } from "./process.js";

/**
 * A one-shot launcher: a Node process that waits for one job on stdin, then becomes that task
 * (argv, environment, working directory) and imports its bundle, exactly as `node <bundle> <args>`.
 */
const launcherSource = `
import { pathToFileURL } from "node:url";
let text = "";
process.stdin.setEncoding("utf8");
process.stdin.on("end", () => { if (!text.includes("\\n")) process.exit(0); });
process.stdin.on("data", (chunk) => {
  text += chunk;
  const end = text.indexOf("\\n");
  if (end < 0) return;
  process.stdin.removeAllListeners("data");
  // The runner keeps stdin open while it lives: if it dies (even by SIGKILL), the task goes with it.
  process.stdin.removeAllListeners("end");
  process.stdin.on("end", () => process.kill(process.pid, "SIGTERM"));
  process.stdin.resume();
  process.stdin.unref();
  const job = JSON.parse(text.slice(0, end));
  process.argv = [process.argv[0], job.file, ...job.args];
  for (const [key, value] of Object.entries(job.env)) process.env[key] = value;
  process.chdir(job.cwd);
  if (job.sourceMaps) process.setSourceMapsEnabled(true);
  const url = pathToFileURL(job.file).href;
  // As \`node <bundle>\` does: a top-level await that never settles is exit code 13, not success.
  let settled = false;
  process.on("beforeExit", () => {
    if (settled) return;
    process.stderr.write("Warning: Detected unsettled top-level await at " + url + "\\n");
    process.exit(13);
  });
  import(url).then(() => { settled = true; }, (error) => { settled = true; throw error; });
});
`;

/**
 * Node processes started ahead of need for kfp-ts bundles, so that a task does not wait for Node to
 * boot (most of a no-op task's cost). Each process runs one task and exits, as a container would.
 */
export class LauncherPool {
  private readonly ready: ChildProcess[] = [];
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly bundleDir: string,
    /** Where the user's sources are: stack traces of bundles point at them. */
    private readonly sourceRoot: string,
  ) {}

  /** Runs a bundle with `args` in a fresh Node process. */
  run(program: EmbeddedProgram, args: readonly string[], options: TaskProcessOptions): RunningProcess {
    const file = this.bundleFile(programText(program, this.sourceRoot.endsWith("/") ? this.sourceRoot : `${this.sourceRoot}/`));
    const child = this.ready.shift() ?? this.boot();
    this.refill();
    const running = supervise(child, options);
    child.stdin!.on("error", () => {});
    child.stdin!.write(JSON.stringify({ file, args, env: options.env, cwd: options.cwd, sourceMaps: program.sourceMap !== undefined }) + "\n");
    void running.done.then(() => child.stdin!.destroy());
    return running;
  }

  /** Stops the idle processes. */
  close(): void {
    this.closed = true;
    for (const child of this.ready.splice(0)) child.stdin!.end();
  }

  /** Starts processes until `size` are waiting. */
  refill(): void {
    while (!this.closed && this.ready.length < this.size) this.ready.push(this.boot());
  }

  private boot(): ChildProcess {
    const child = spawn(process.execPath, ["--input-type=module", "-e", launcherSource], { stdio: ["pipe", "pipe", "pipe"], detached: true });
    child.unref();
    return child;
  }

  /** The program as a file, written once per content (the container's temporary copy, shared). */
  private bundleFile(bundle: string): string {
    const file = join(this.bundleDir, `${createHash("sha256").update(bundle).digest("hex").slice(0, 24)}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(this.bundleDir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, bundle);
      renameSync(temporary, file);
    }
    return file;
  }
}
