// The local run history as the `runs` commands see it: opened only where it exists, runs named by id, prefix or `latest`.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { MetadataStore, type RunRow } from "../local/store.js";

export function openExisting(root: string): MetadataStore {
  if (!existsSync(join(resolve(root), "metadata.sqlite"))) throw new UserError(`no run history in ${root}: runs are recorded there by kfp-ts run${root === ".kfp-ts" ? "" : ` --root ${root}`}`);
  return MetadataStore.open(resolve(root));
}

/** The run named by `id`: `latest`, a full id, or a unique prefix of one. */
export function resolveRun(store: MetadataStore, id: string, root: string): RunRow {
  if (id === "latest") {
    const latest = store.latestRun();
    if (!latest) throw new UserError(`no runs yet in ${root}. Start one with: kfp-ts run <pipeline.ts>`);
    return latest;
  }
  const matches = store.findRuns(id);
  if (matches.length === 0) throw new UserError(`no run '${id}' in ${root}; list them with: kfp-ts runs list --root ${root}`);
  if (matches.length > 1) throw new UserError(`'${id}' matches ${matches.length} runs (${matches.slice(0, 5).map((r) => r.id).join(", ")}…): give more of the id`, 2);
  return matches[0]!;
}

export { withLiveness, type RunRowWithLiveness as LiveRun } from "../local/liveness.js";
