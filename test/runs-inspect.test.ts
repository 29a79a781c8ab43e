// Inspecting and cleaning local runs through the real CLI: failed runs explained, logs, `latest`, removal of
// a run's files and rows together (never another run's), and printed paths that exist.
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// Each test drives several CLI runs, one after another.
const timeout = 240_000;
import { repoRoot, runCli } from "./helpers.js";

const pipelines = join(repoRoot, "test/fixtures/local/pipelines.ts");
const inspect = join(repoRoot, "test/fixtures/local/inspect.ts");
const temp = () => mkdtempSync(join(tmpdir(), "kfp-ts-runs-"));

function runJson(file: string, root: string, args: string[] = [], cwd?: string) {
  const result = runCli(["run", file, "--root", root, "--json", ...args], cwd ? { cwd } : {});
  return { ...result, json: JSON.parse(result.stdout) as { runId: string; runDir: string; status: string } };
}

/** Rows that belong to a run, table by table. */
function rowsOf(root: string, runId: string) {
  const db = new Database(join(root, "metadata.sqlite"), { readonly: true });
  try {
    const tasks = `SELECT id FROM tasks WHERE run_id = ?`;
    return {
      runs: (db.prepare(`SELECT count(*) AS n FROM runs WHERE id = ?`).get(runId) as { n: number }).n,
      tasks: (db.prepare(`SELECT count(*) AS n FROM tasks WHERE run_id = ?`).get(runId) as { n: number }).n,
      parameters: (db.prepare(`SELECT count(*) AS n FROM parameters WHERE task_id IN (${tasks})`).get(runId) as { n: number }).n,
      events: (db.prepare(`SELECT count(*) AS n FROM events WHERE task_id IN (${tasks})`).get(runId) as { n: number }).n,
      artifacts: (db.prepare(`SELECT count(*) AS n FROM artifacts WHERE producer_task IN (${tasks})`).get(runId) as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

describe("inspecting runs", () => {
  it("runs show latest explains a failed task with its log excerpt, and runs logs prints a task's log", () => {
    const root = temp();
    const failed = runJson(pipelines, root, ["--pipeline", "failing"]);
    expect(failed.json.status).toBe("failed");
    const shown = runCli(["runs", "show", "latest", "--root", root]);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Run ${failed.json.runId}: failing, failed`);
    expect(shown.stdout).toMatch(/Task 'half-done' failed: .*\n  log: .*half-done\.log \(kfp-ts runs logs \S+ half-done\)\n(  │ .*\n)*  │ .*Error: failed after writing its output/);

    const log = runCli(["runs", "logs", failed.json.runId.slice(0, 18), "half-done", "--root", root]);
    expect(log.status, log.stderr).toBe(0);
    expect(log.stdout).toMatch(/^=== half-done: attempt 1 of 1, /);
    expect(log.stdout).toContain("failed after writing its output");
    const all = runCli(["runs", "logs", "latest", "--root", root]);
    expect(all.stdout).toMatch(/^── half-done \(failed\) /m);
    expect(all.stdout).toMatch(/^── consume \(skipped\)\n\(skipped: it never ran\)$/m);
    const unknown = runCli(["runs", "logs", "latest", "trainer", "--root", root]);
    expect([unknown.status, unknown.stderr]).toEqual([1, `kfp-ts: run ${failed.json.runId} has no task 'trainer'; its tasks are: half-done, greet, consume\n`]);
  }, timeout);

  it("prints artifact paths that exist, relative to the working directory, and marks metadata-only artifacts", () => {
    const cwd = temp();
    const result = runCli(["run", inspect, "--root", "history"], { cwd });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^ {2}model {2}system\.Model, metadata only \(no file\) {2}framework=none$/m);
    const data = /^ {2}data {3}(\S+) \(system\.Dataset\)$/m.exec(result.stderr)![1]!;
    expect(data).toMatch(/^history\/inspect\/[^/]+\/make\/data$/);
    expect(existsSync(join(cwd, data))).toBe(true);
    const shown = runCli(["runs", "show", "latest", "--root", "history"], { cwd });
    expect(shown.stdout).toContain("system.Model, metadata only (no file)");
    expect(shown.stdout).toContain(`  data   ${data} (system.Dataset)`);
  }, timeout);
});

describe("removing runs", () => {
  it("runs rm removes a run's files and rows together, refuses while another run uses its outputs, and leaves other runs alone", () => {
    const root = temp();
    const first = runJson(pipelines, root, ["--pipeline", "chain"]).json;
    const cachedCopy = runJson(pipelines, root, ["--pipeline", "chain"]).json; // every task from the first run's cache
    const other = runJson(inspect, root).json;
    const refused = runCli(["runs", "rm", first.runId, "--root", root]);
    expect([refused.status, refused.stderr]).toEqual([1, `kfp-ts: nothing removed: run ${first.runId} made outputs that run ${cachedCopy.runId} took from the cache: remove it first\n`]);
    expect(existsSync(first.runDir)).toBe(true);

    const removed = runCli(["runs", "rm", cachedCopy.runId, first.runId.slice(0, 18), "--root", root]);
    expect(removed.status, removed.stderr).toBe(0);
    for (const run of [first, cachedCopy]) {
      expect(existsSync(run.runDir)).toBe(false);
      expect(rowsOf(root, run.runId)).toEqual({ runs: 0, tasks: 0, parameters: 0, events: 0, artifacts: 0 });
    }
    expect(existsSync(other.runDir)).toBe(true);
    expect(rowsOf(root, other.runId)).toEqual({ runs: 1, tasks: 1, parameters: 0, events: 2, artifacts: 2 });
    expect(JSON.parse(runCli(["runs", "list", "--root", root, "--json"]).stdout).map((r: { id: string }) => r.id)).toEqual([other.runId]);
  }, timeout);

  it("runs gc keeps the newest runs of each pipeline and the runs whose outputs a kept run took from the cache", () => {
    const root = temp();
    // The third run takes its 'greet' task from the second run's cache; the first shares nothing.
    const failing = [["--no-cache"], ["--no-cache"], []].map((args) => runJson(pipelines, root, ["--pipeline", "failing", ...args]).json);
    const other = runJson(inspect, root).json;
    const dry = runCli(["runs", "gc", "--keep", "1", "--dry-run", "--root", root]);
    expect(dry.stderr).toContain("1 run would be removed, 3 kept");
    expect(failing.every((run) => existsSync(run.runDir))).toBe(true);
    const gc = runCli(["runs", "gc", "--keep", "1", "--root", root]);
    expect(gc.status, gc.stderr).toBe(0);
    expect(gc.stderr).toContain(`kept run ${failing[1]!.runId} made outputs that run ${failing[2]!.runId} took from the cache\n`);
    expect(gc.stderr).toContain(`removed run ${failing[0]!.runId} (failing, `);
    expect(gc.stderr).toMatch(/\n1 run removed, 3 kept\n$/);
    expect(failing.map((run) => existsSync(run.runDir))).toEqual([false, true, true]);
    expect(existsSync(other.runDir)).toBe(true);
    expect(readdirSync(join(root, "failing")).sort()).toEqual([failing[1]!.runId, failing[2]!.runId].sort());
    expect(rowsOf(root, failing[0]!.runId)).toEqual({ runs: 0, tasks: 0, parameters: 0, events: 0, artifacts: 0 });
    const bad = runCli(["runs", "gc", "--older-than", "soon", "--root", root]);
    expect([bad.status, bad.stderr]).toEqual([2, "kfp-ts: --older-than takes an age such as 30m, 12h, 7d or 2w, not 'soon'\n"]);
  }, timeout);
});
