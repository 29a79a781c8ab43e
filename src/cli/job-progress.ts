import { createLogUpdate } from "log-update";
import { UserError } from "../errors.js";

export interface JobView {
  readonly state: string;
  readonly tasks: readonly { readonly name: string; readonly state: string; readonly error?: string }[];
}

const short = (state: string) => state.replace(/^PIPELINE_STATE_/, "").replace(/^RUNTIME_STATE_/, "");

/** Follows a remote job: a live task list on a terminal, a line per change otherwise. */
export class JobProgress {
  private readonly seen = new Map<string, string>();
  private readonly started = Date.now();
  private readonly logUpdate = createLogUpdate(process.stderr);

  constructor(private readonly title: string, private readonly live = process.stderr.isTTY === true) {}

  readonly update = (job: JobView): void => {
    if (this.live) {
      const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
      this.logUpdate([`${this.title}: ${short(job.state)} (${seconds}s)`, ...job.tasks.map((t) => `  ${short(t.state).padEnd(10)} ${t.name}`)].join("\n"));
      return;
    }
    const changes: string[] = [];
    if (this.seen.get("") !== job.state) changes.push(`${this.title}: ${short(job.state)}`);
    this.seen.set("", job.state);
    for (const task of job.tasks) {
      if (this.seen.get(task.name) !== task.state) changes.push(`  ${task.name}: ${short(task.state)}`);
      this.seen.set(task.name, task.state);
    }
    if (changes.length > 0) process.stderr.write(changes.join("\n") + "\n");
  };

  readonly retrying = (error: unknown, attempt: number, delay: number): void => {
    const e = error as { code?: number; details?: string; message?: string };
    process.stderr.write(`  (transient error, attempt ${attempt}: ${e.details || e.message}; retrying in ${delay}s)\n`);
  };

  done(): void {
    if (this.live) this.logUpdate.done();
  }
}

/** Why a job did not succeed, naming the failed tasks. */
export function failureSummary(kind: string, id: string, job: JobView & { error?: string }): string {
  const failed = job.tasks.filter((t) => /FAILED/.test(t.state));
  const tasks = failed.map((t) => `task '${t.name}' failed${t.error ? `: ${t.error}` : ""}`);
  return `${kind} ${id} ended ${short(job.state)}${tasks.length ? `: ${tasks.join("; ")}` : job.error ? `: ${job.error}` : ""}`;
}

/** Follows a submitted job or run to its end; anything but `success` is an error naming the failed tasks. */
export async function follow(kind: "job" | "run", id: string, success: string, wait: (progress: JobProgress) => Promise<JobView & { error?: string }>): Promise<void> {
  const progress = new JobProgress(`${kind} ${id}`);
  const final = await wait(progress).finally(() => progress.done());
  if (final.state !== success) throw new UserError(failureSummary(kind, id, final));
  process.stderr.write(`${kind} ${id} succeeded\n`);
}
