import type { RunRow } from "./store.js";

export type RunRowWithLiveness = Omit<RunRow, "status"> & { status: RunRow["status"] | "interrupted" };

/** A run still marked running whose process is gone was interrupted (killed, or the machine stopped). */
export function withLiveness(run: RunRow): RunRowWithLiveness {
  if (run.status !== "running") return run;
  try {
    process.kill(run.pid, 0);
    return run;
  } catch {
    return { ...run, status: "interrupted" };
  }
}
