import type { RunRow } from "./store.js";

export type RunRowWithLiveness = Omit<RunRow, "status"> & { status: RunRow["status"] | "interrupted" };

/** Whether a process with this id is still there. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A run still marked running whose process is gone was interrupted (killed, or the machine stopped). */
export function withLiveness(run: RunRow): RunRowWithLiveness {
  return run.status !== "running" || isAlive(run.pid) ? run : { ...run, status: "interrupted" };
}
