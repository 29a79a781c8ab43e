// `kfp-ts runs rm` and `runs gc`: remove runs, each with its files and its rows together, never another run's.
import { rmSync } from "node:fs";
import { containedPath } from "../local/paths.js";
import { basename, relative, resolve, sep } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import type { MetadataStore, RunRow } from "../local/store.js";
import { displayPath } from "./format.js";
import { action } from "./report.js";
import { openExisting, resolveRun, withLiveness } from "./run-history.js";

/** Why a run cannot be removed now, or undefined. */
function obstacle(store: MetadataStore, run: RunRow, removing: ReadonlySet<string>): string | undefined {
  if (withLiveness(run).status === "running") return `run ${run.id} is still running (process ${run.pid})`;
  const dependents = store.runsDependingOn(run.id).filter((id) => !removing.has(id));
  if (dependents.length > 0) return `run ${run.id} made outputs that run${dependents.length === 1 ? "" : "s"} ${dependents.join(", ")} took from the cache: remove ${dependents.length === 1 ? "it" : "them"} first`;
  return undefined;
}

/** Removes a run's directory (only when it is the run's own, inside the root) and then its rows. */
function removeRun(store: MetadataStore, run: RunRow, root: string): void {
  const directory = resolve(run.runDir);
  const inside = relative(resolve(root), directory);
  if (basename(directory) !== run.id || inside === "" || inside.startsWith("..") || resolve(root, inside) !== directory) {
    throw new UserError(`run ${run.id} records the directory ${run.runDir}, which is not its own under ${root}: not removing it`);
  }
  // The one containment check of the runner also refuses symbolic links that lead out of the root.
  rmSync(containedPath(root, ...inside.split(sep)), { recursive: true, force: true });
  store.removeRun(run.id);
}

const durationUnits: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800 };

function parseAge(text: string): number {
  const match = /^(\d+)([mhdw])$/.exec(text);
  if (!match) throw new UserError(`--older-than takes an age such as 30m, 12h, 7d or 2w, not '${text}'`, 2);
  return Number(match[1]) * durationUnits[match[2]!]! * 1000;
}

export function registerRunCleanup(runs: Command): void {
  runs
    .command("rm")
    .description("remove runs: their artifacts, logs and history rows")
    .argument("<run-id...>", "run ids, unique prefixes, or latest")
    .option("--root <dir>", "the pipeline root the runs used", ".kfp-ts")
    .action(action(async (ids: string[], flags: { root: string }) => {
      const store = openExisting(flags.root);
      try {
        const chosen = [...new Map(ids.map((id) => resolveRun(store, id, flags.root)).map((run) => [run.id, run])).values()];
        const removing = new Set(chosen.map((run) => run.id));
        const problems = chosen.map((run) => obstacle(store, run, removing)).filter((p) => p !== undefined);
        if (problems.length > 0) throw new UserError(`nothing removed: ${problems.join("; ")}`);
        // Newest first, so a run is removed after the runs that took its outputs from the cache.
        for (const run of chosen.sort((a, b) => b.createdAt.localeCompare(a.createdAt))) {
          removeRun(store, run, flags.root);
          process.stderr.write(`removed run ${run.id} (${run.pipelineName}) and ${displayPath(run.runDir)}\n`);
        }
      } finally {
        store.close();
      }
    }));
  runs
    .command("gc")
    .description("remove old runs, keeping the newest of each pipeline and every run whose outputs a kept run uses")
    .option("--root <dir>", "the pipeline root the runs used", ".kfp-ts")
    .option("--keep <n>", "how many of each pipeline's newest runs to keep", "10")
    .option("--older-than <age>", "remove only runs started longer ago than this (30m, 12h, 7d, 2w)")
    .option("--dry-run", "say what would be removed, and remove nothing")
    .action(action(async (flags: { root: string; keep: string; olderThan?: string; dryRun?: boolean }) => {
      const keep = Number(flags.keep);
      if (!Number.isInteger(keep) || keep < 0) throw new UserError(`--keep takes a whole number, not '${flags.keep}'`, 2);
      const cutoff = flags.olderThan === undefined ? Infinity : Date.now() - parseAge(flags.olderThan);
      const store = openExisting(flags.root);
      try {
        const newestFirst = store.allRuns().reverse();
        const seen = new Map<string, number>();
        const candidates = newestFirst.filter((run) => {
          const rank = (seen.get(run.pipelineName) ?? 0) + 1;
          seen.set(run.pipelineName, rank);
          return rank > keep && Date.parse(run.createdAt) < cutoff;
        });
        const removing = new Set(candidates.map((run) => run.id));
        let removed = 0;
        for (const run of candidates) {
          const problem = obstacle(store, run, removing);
          if (problem) {
            removing.delete(run.id);
            process.stderr.write(`kept ${problem.replace(/: remove (it|them) first$/, "")}\n`);
            continue;
          }
          if (!flags.dryRun) removeRun(store, run, flags.root);
          removed++;
          process.stderr.write(`${flags.dryRun ? "would remove" : "removed"} run ${run.id} (${run.pipelineName}, ${run.createdAt.replace("T", " ").slice(0, 19)})\n`);
        }
        process.stderr.write(`${removed} run${removed === 1 ? "" : "s"} ${flags.dryRun ? "would be " : ""}removed, ${newestFirst.length - removed} kept\n`);
      } finally {
        store.close();
      }
    }));
}
