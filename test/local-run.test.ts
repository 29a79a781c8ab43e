// The local runner, driven through the real CLI (subprocesses, a real SQLite file) and its API.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { PipelineRunError, run, runFile } from "../src/local/index.js";
import { compile } from "../transformer/compile.js";
import { chain, failing, retried } from "./fixtures/local/pipelines.js";
import { kfpTool, pythonBin, repoRoot, runCli } from "./helpers.js";

const fixture = join(repoRoot, "test/fixtures/local/pipelines.ts");
const specs = new Map<string, string>();
const temp = (prefix = "kfp-ts-run-") => mkdtempSync(join(tmpdir(), prefix));

/** Compiled once, then run from YAML: the same bytes that would go to Vertex. */
beforeAll(async () => {
  const dir = temp("kfp-ts-specs-");
  const result = await compile(fixture);
  for (const spec of result.specs) {
    const path = join(dir, `${spec.name}.yaml`);
    writeFileSync(path, spec.text);
    specs.set(spec.name, path);
  }
});

function runJson(spec: string, args: string[] = [], root = temp()) {
  const result = runCli(["run", specs.get(spec) ?? spec, "--root", root, "--json", ...args]);
  const parsed = result.stdout ? (JSON.parse(result.stdout) as { runId: string; status: string; runDir: string; outputs: Record<string, any> }) : undefined;
  return { ...result, root, json: parsed };
}

function show(root: string, runId: string) {
  const result = runCli(["runs", "show", runId, "--root", root, "--json"]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { status: string; tasks: { path: string; state: string; attempts: number; exitCode: number | null; signal: string | null; error: string | null; cacheNote: string | null; outputs: Record<string, unknown>; logPath: string | null; inputArtifacts: Record<string, { id: number }[]>; outputArtifacts: Record<string, { id: number; uri: string }[]> }[] };
}

describe("kfp-ts run", () => {
  it("runs independent tasks at the same time", () => {
    const { status, json, root, stderr } = runJson("four-naps", ["--concurrency", "4"]);
    expect(status, stderr).toBe(0);
    const tasks = show(root, json!.runId).tasks;
    expect(tasks.map((t) => t.path).sort()).toEqual(["nap", "nap-2", "nap-3", "nap-4"]);
    const spans = tasks.map((t) => t.outputs as { start: number; end: number });
    const lastStart = Math.max(...spans.map((s) => s.start));
    const firstEnd = Math.min(...spans.map((s) => s.end));
    expect(lastStart).toBeLessThan(firstEnd);
  });

  it("runs no more tasks at once than --concurrency", () => {
    const { status, json, root } = runJson("four-naps", ["--concurrency", "1", "--param", "ms=150"]);
    expect(status).toBe(0);
    const spans = show(root, json!.runId).tasks.map((t) => t.outputs as { start: number; end: number }).sort((a, b) => a.start - b.start);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it("hits the cache on a re-run, and says why a task missed it", () => {
    const root = temp();
    const first = runJson("chain", [], root);
    expect(first.status, first.stderr).toBe(0);
    expect(first.json!.outputs.Output).toBe("hello hello hello hello world");
    expect(show(root, first.json!.runId).tasks.map((t) => [t.path, t.state, t.cacheNote])).toEqual([
      ["greet", "succeeded", "miss: first run of this task"],
      ["greet-2", "succeeded", "miss: first run of this task"],
      ["greet-3", "succeeded", "miss: first run of this task"],
      ["greet-4", "succeeded", "miss: first run of this task"],
    ]);

    const second = runJson("chain", [], root);
    expect(second.status).toBe(0);
    expect(second.json!.outputs.Output).toBe("hello hello hello hello world");
    expect(show(root, second.json!.runId).tasks.map((t) => t.state)).toEqual(["cached", "cached", "cached", "cached"]);
    expect(second.stderr).toContain(`hit: reused run ${first.json!.runId}'s outputs`);

    const changed = runJson("chain", ["--param", "name=there"], root);
    expect(show(root, changed.json!.runId).tasks.map((t) => t.cacheNote)).toEqual([
      "miss: input 'name' changed", "miss: input 'name' changed", "miss: input 'name' changed", "miss: input 'name' changed",
    ]);

    const forced = runJson("chain", ["--no-cache"], root);
    expect(show(root, forced.json!.runId).tasks.map((t) => [t.state, t.cacheNote])).toEqual(Array(4).fill(["succeeded", "miss: --no-cache"]));
  });

  it("follows each task's caching option", () => {
    const root = temp();
    runJson("caching-off", [], root);
    const again = runJson("caching-off", [], root);
    const tasks = show(root, again.json!.runId).tasks;
    expect(tasks.map((t) => [t.path, t.state, t.cacheNote])).toEqual([
      ["greet", "succeeded", "off for this task"],
      ["greet-2", "cached", expect.stringMatching(/^hit: /)],
    ]);
  });

  it("retries a failing task by its retry policy until it succeeds", () => {
    const counter = join(temp(), "calls");
    const { status, json, root, stderr } = runJson("retried", ["--param", `counterFile=${counter}`]);
    expect(status, stderr).toBe(0);
    expect(json!.outputs.Output).toBe(3);
    const [task] = show(root, json!.runId).tasks;
    expect(task).toMatchObject({ state: "succeeded", attempts: 3 });
    const log = readFileSync(task!.logPath!, "utf8");
    expect(log).toContain("=== flaky: attempt 1 of 4");
    expect(log).toContain("Error: not yet (call 2)");
    expect(log).toContain("call 3");
    expect(stderr).toContain("flaky: attempt 1 failed (exited with code 1); retrying in 0s");
  });

  it("skips what depends on a failed task, finishes independent branches, publishes nothing of the failure, and exits non-zero", () => {
    const { status, json, root, stderr } = runJson("failing");
    expect(status).toBe(1);
    expect(json!.status).toBe("failed");
    expect(stderr).toContain("✖ task 'half-done' failed: exited with code 1");
    expect(stderr).toContain("│ Error: failed after writing its output");
    expect(stderr).toContain("Failed: 'half-done'");
    const tasks = show(root, json!.runId).tasks;
    const byPath = Object.fromEntries(tasks.map((t) => [t.path, t]));
    expect(byPath["half-done"]).toMatchObject({ state: "failed", exitCode: 1 });
    expect(byPath.consume).toMatchObject({ state: "skipped", error: "upstream 'half-done' did not succeed" });
    expect(byPath.greet).toMatchObject({ state: "succeeded", outputs: { Output: "hello independent branch" } });
    expect(existsSync(join(json!.runDir, "half-done"))).toBe(false);
    expect(existsSync(join(json!.runDir, ".staging", "half-done"))).toBe(false);
  });

  it("reports a component killed by a signal", () => {
    const { status, json, root } = runJson("signalled");
    expect(status).toBe(1);
    const tasks = show(root, json!.runId).tasks;
    expect(tasks.find((t) => t.path === "killed")).toMatchObject({ state: "failed", signal: "SIGKILL", error: "killed by SIGKILL" });
    expect(tasks.find((t) => t.path === "greet")).toMatchObject({ state: "skipped" });
  });

  it("keeps every record when two runs share one store", async () => {
    const root = temp();
    const start = (name: string) => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(repoRoot, "bin/kfp-ts.js"), "run", specs.get("chain")!, "--root", root, "--no-cache", "--param", `name=${name}`], { stdio: "ignore" });
      child.on("close", resolve);
    });
    const codes = await Promise.all(["one", "two", "three"].map(start));
    expect(codes).toEqual([0, 0, 0]);
    const db = new Database(join(root, "metadata.sqlite"), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.prepare("SELECT status, count(*) AS n FROM runs GROUP BY status").all()).toEqual([{ status: "succeeded", n: 3 }]);
      expect(db.prepare("SELECT state, count(*) AS n FROM tasks GROUP BY state").all()).toEqual([{ state: "succeeded", n: 12 }]);
      expect(db.prepare("SELECT count(*) AS n FROM parameters WHERE direction = 'output'").get()).toEqual({ n: 12 });
      const outputs = db.prepare("SELECT outputs FROM runs").all().map((r: any) => JSON.parse(r.outputs).Output).sort();
      expect(outputs).toEqual(["hello hello hello hello one", "hello hello hello hello three", "hello hello hello hello two"]);
    } finally {
      db.close();
    }
  });

  it("records lineage: which task produced and which consumed each artifact", async () => {
    const root = temp();
    const result = await runFile(join(repoRoot, "examples/artifacts.ts"), { count: 40 }, { root });
    const tasks = show(root, result.runId).tasks;
    const byPath = Object.fromEntries(tasks.map((t) => [t.path, t]));
    const produced = byPath["make-points"]!.outputArtifacts.Output![0]!;
    expect(readFileSync(produced.uri, "utf8").trim().split("\n")).toHaveLength(41);
    expect(byPath["split-points"]!.inputArtifacts.points![0]!.id).toBe(produced.id);
    const shown = runCli(["runs", "show", result.runId.slice(0, 18), "--root", root]);
    expect(shown.stdout).toContain(`make-points ─ system.Dataset`);
    expect(shown.stdout).toContain("→ split-points.points");
    expect(shown.stdout).toMatch(/evaluate\.metrics \(system\.Metrics\)\n\s+accuracy=[\d.]+ {2}testPoints=10/);
    expect(shown.stdout).toMatch(/actual below\s+\d+\s+\d+/);
  });

  it("parses --param by the declared types and explains mistakes", () => {
    expect(runCli(["run", specs.get("four-naps")!, "--param", "ms=soon"]).stderr).toContain("kfp-ts: parameter 'ms' is NUMBER_INTEGER (int): expected an integer, got the string \"soon\"");
    const unknown = runCli(["run", specs.get("four-naps")!, "--param", "speed=2"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("pipeline 'four-naps' has no parameter 'speed'; its parameters are: ms");
    expect(runCli(["run", specs.get("retried")!]).stderr).toContain("pipeline 'retried' needs 'counterFile': pass --param counterFile=…");
    const fileRoot = runCli(["run", specs.get("chain")!, "--root", join(repoRoot, "README.md")]);
    expect(fileRoot.status).toBe(2);
    expect(fileRoot.stderr).toContain("README.md as the pipeline root: it is a file; pass --root with a directory");
  });

  it("refuses a corrupt spec with a clear message", () => {
    const dir = temp();
    writeFileSync(join(dir, "broken.yaml"), "pipelineInfo:\n  name: x\nroot: [unclosed\n");
    expect(runCli(["run", join(dir, "broken.yaml")]).stderr).toMatch(/broken\.yaml:\d+:\d+ is not valid YAML: /);
    writeFileSync(join(dir, "wrong.yaml"), "pipelineInfo:\n  name: x\nschemaVersion: 2.1.0\nroot:\n  dag:\n    tasks:\n      a:\n        taskInfo: {name: a}\n        componentRef: {name: comp-a}\n");
    const wrong = runCli(["run", join(dir, "wrong.yaml")]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("task 'a' of root refers to component 'comp-a', which the spec does not define");
  });

  it("runs container components that are not kfp-ts bundles on the host, and names the image a missing program needs", () => {
    const { status, json, root, stderr } = runJson(join(repoRoot, "test/fixtures/local/container.yaml"), ["--param", "who=tester"]);
    expect(status).toBe(1);
    const tasks = Object.fromEntries(show(root, json!.runId).tasks.map((t) => [t.path, t]));
    expect(tasks.shell).toMatchObject({ state: "succeeded", outputs: { Output: "hi tester" } });
    expect(readFileSync(tasks.shell!.outputArtifacts.notes![0]!.uri, "utf8")).toBe("notes for tester\n");
    expect(tasks.missing!.error).toBe("task 'missing' runs 'transcode-nonexistent-tool', which is not installed on this machine; it needs the image 'example.com/tools/transcoder:7': run it on Vertex AI or Kubeflow Pipelines, or install 'transcode-nonexistent-tool'");
    expect(stderr).toContain("needs the image 'example.com/tools/transcoder:7'");
  });

  it("takes its tasks down when the runner is killed, and the history says the run was interrupted", async () => {
    const root = temp();
    const pidFile = join(temp(), "task.pid");
    const child = spawn(process.execPath, [join(repoRoot, "bin/kfp-ts.js"), "run", specs.get("sleeping")!, "--root", root, "--param", `pidFile=${pidFile}`], { stdio: "ignore" });
    const closed = new Promise((resolve) => child.on("close", resolve));
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, "utf8").length > 0);
    const taskPid = Number(readFileSync(pidFile, "utf8"));
    child.kill("SIGKILL");
    await closed;
    await waitFor(() => !isAlive(taskPid));
    const [listed] = JSON.parse(runCli(["runs", "list", "--root", root, "--json"]).stdout);
    expect(listed.status).toBe("interrupted");
  });

  it("runs components compiled by the Python SDK with this machine's python3, without their pip installs", async () => {
    const dir = temp();
    const spec = join(dir, "python-producer-consumer.yaml");
    await kfpTool({ compile: [{ module: join(repoRoot, "test/compat/twins/producer-consumer.py"), export: "producerConsumer", out: spec }] });
    const withKfp = runCli(["run", spec, "--root", temp(), "--json", "--param", "text=from python"], { env: { PATH: `${dirname(pythonBin)}:${process.env.PATH}` } });
    expect(withKfp.status, withKfp.stderr).toBe(0);
    const fakeBin = temp();
    writeFileSync(join(fakeBin, "python3"), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    const withoutKfp = runCli(["run", spec, "--root", temp()], { env: { PATH: `${fakeBin}:${process.env.PATH}` } });
    expect(withoutKfp.status).toBe(1);
    expect(withoutKfp.stderr).toContain("task 'echo' is a Python SDK component (image 'python:3.11'); it runs locally with this machine's python3, which needs kfp: pip install kfp==2.17.3");
    const root = JSON.parse(withKfp.stdout).runDir as string;
    expect(readFileSync(join(root, ".logs", "echo.log"), "utf8")).toContain("from python");
  });

  it("stops a run on SIGINT: running tasks are killed and the run is recorded as cancelled", async () => {
    const root = temp();
    const child = spawn(process.execPath, [join(repoRoot, "bin/kfp-ts.js"), "run", specs.get("four-naps")!, "--root", root, "--param", "ms=20000", "--concurrency", "2"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if ((stderr.match(/: started/g) ?? []).length >= 2) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    const started = Date.now();
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(130);
    const listed = JSON.parse(runCli(["runs", "list", "--root", root, "--json"]).stdout);
    expect(listed[0].status).toBe("cancelled");
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, seconds = 10): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${seconds}s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("run() from code", () => {
  it("returns the typed outputs and the run id", async () => {
    const result = await run(chain, { name: "api" }, { root: temp() });
    const output: string = result.outputs;
    expect(output).toBe("hello hello hello hello api");
    expect(result.runId).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
    expect(result.status).toBe("succeeded");
  });

  it("gives artifacts as artifact objects with local paths", async () => {
    const { artifactsPipeline } = await import("../examples/artifacts.js");
    const { outputs } = await run(artifactsPipeline, { count: 20 }, { root: temp() });
    expect(outputs.metrics.metadata).toMatchObject({ testPoints: 5 });
    expect(typeof outputs.trainAccuracy).toBe("number");
    expect(readFileSync(outputs.model.path, "utf8")).toMatch(/^\{"threshold":/);
    expect((await runFile(join(repoRoot, "examples/artifacts.ts"), { count: 20 }, { root: temp() })).outputs.report).toBeInstanceOf(Object);
  });

  it("throws a PipelineRunError naming the failed task", async () => {
    const error = await run(failing, {}, { root: temp() }).catch((e) => e);
    expect(error).toBeInstanceOf(PipelineRunError);
    expect(error.message).toMatch(/^run \S+ failed: task 'half-done' exited with code 1$/);
    expect(error.result.tasks.map((t: { state: string }) => t.state).sort()).toEqual(["failed", "skipped", "succeeded"]);
  });

  it("retries through the API as well", async () => {
    const { outputs } = await run(retried, { counterFile: join(temp(), "calls") }, { root: temp() });
    expect(outputs).toBe(3);
  });
});
