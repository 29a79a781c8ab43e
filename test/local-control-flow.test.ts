// Control flow in local runs: specs compiled by the Python SDK (kfp 2.17.3) from
// test/fixtures/control-flow/pipelines.py, run by the real CLI on real subprocesses with a real SQLite store.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../transformer/compile.js";
import { kfpTool, pythonBin, repoRoot, runCli } from "./helpers.js";

const twins = join(repoRoot, "test/fixtures/control-flow/pipelines.py");
const exports = ["branches", "oneof", "loops", "artifactLoop", "nestedCollected", "nestedFString", "exitHandler", "exitHandlerPython", "ignoreUpstream", "importer", "napLoop", "retryLoop"] as const;
const specs = new Map<string, string>();
const temp = (prefix = "kfp-ts-cf-") => mkdtempSync(join(tmpdir(), prefix));
// Python SDK components run with the host's python3, which needs kfp: the reference SDK's.
const env = { PATH: `${dirname(pythonBin)}:${process.env.PATH}` };

interface Task {
  path: string;
  kind: string;
  state: string;
  attempts: number;
  error: string | null;
  cacheNote: string | null;
  inputs: Record<string, unknown>;
  outputs: Record<string, any>;
  inputArtifacts: Record<string, { id: number; uri: string }[]>;
  outputArtifacts: Record<string, { id: number; uri: string; metadata: Record<string, unknown> }[]>;
}

beforeAll(async () => {
  const dir = temp("kfp-ts-cf-specs-");
  // The same constructs written in TypeScript, compiled by kfp-ts (their twins are in test/compat/twins/control_flow.py).
  for (const compiled of (await compile(join(repoRoot, "test/compat/control-flow/pipelines.ts"))).specs) {
    const path = join(dir, `ts-${compiled.exportName}.yaml`);
    writeFileSync(path, compiled.text);
    specs.set(`ts-${compiled.exportName}`, path);
  }
  const response = await kfpTool({ compile: exports.map((name) => ({ module: twins, export: name, out: join(dir, `${name}.yaml`) })) });
  response.compile.forEach((result, i) => {
    if (!result.ok) throw new Error(`kfp could not compile ${exports[i]}: ${result.error}`);
    specs.set(exports[i]!, result.out);
  });
}, 120_000);

function run(spec: string, args: string[] = [], root = temp()) {
  const result = runCli(["run", specs.get(spec) ?? spec, "--root", root, "--json", ...args], { env });
  const json = result.stdout ? (JSON.parse(result.stdout) as { runId: string; status: string; outputs: Record<string, any> }) : undefined;
  if (!json) throw new Error(`kfp-ts run ${spec} printed no result:\n${result.stderr}`);
  const shown = runCli(["runs", "show", json.runId, "--root", root, "--json"]);
  const tasks = (JSON.parse(shown.stdout) as { tasks: Task[] }).tasks;
  const task = (path: string) => {
    const found = tasks.find((t) => t.path === path);
    if (!found) throw new Error(`no task '${path}' in the run; it has ${tasks.map((t) => t.path).join(", ")}`);
    return found;
  };
  return { ...result, root, json, tasks, task, paths: tasks.map((t) => t.path).sort() };
}

describe("conditions", () => {
  it("runs the If branch and a nested If, and skips the Elif and Else with the condition and the values it read", () => {
    const r = run("branches", ["--param", "n=3"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.task("condition-branches-1/condition-3/echo")).toMatchObject({ state: "succeeded", inputs: { text: "small" } });
    expect(r.task("condition-branches-1/condition-3/condition-2/echo-2")).toMatchObject({ state: "succeeded", inputs: { text: "small heads" } });
    expect(r.task("condition-branches-1/condition-4")).toMatchObject({
      state: "skipped",
      error: "condition false: !(int(inputs.parameter_values['pipelinechannel--emit-int-out']) < 5) && int(inputs.parameter_values['pipelinechannel--emit-int-out']) < 10 (pipelinechannel--emit-int-out = 3)",
    });
    expect(r.task("condition-branches-1/condition-5").state).toBe("skipped");
    expect(r.paths).not.toContain("condition-branches-1/condition-4/echo-3");
    expect(r.stderr).toContain("condition-branches-1/condition-4: skipped (condition false: !(int(");
    expect((r.json as unknown as { tasks: unknown[] }).tasks).toContainEqual({ path: "condition-branches-1/condition-5", kind: "dag", state: "skipped", why: expect.stringMatching(/^condition false: /) });
  });

  it("takes the Elif when the If fails, and the Else when every condition fails", () => {
    const medium = run("branches", ["--param", "n=7"]);
    expect(medium.status, medium.stderr).toBe(0);
    expect(medium.task("condition-branches-1/condition-3")).toMatchObject({ state: "skipped" });
    expect(medium.task("condition-branches-1/condition-4/echo-3")).toMatchObject({ state: "succeeded", inputs: { text: "medium" } });
    expect(medium.paths.filter((p) => p.includes("echo"))).toEqual(["condition-branches-1/condition-4/echo-3"]);
    const large = run("branches", ["--param", "n=12", "--param", "word=tails"]);
    expect(large.task("condition-branches-1/condition-5/echo-4")).toMatchObject({ state: "succeeded", inputs: { text: "large" } });
    expect(large.paths.filter((p) => p.includes("echo"))).toEqual(["condition-branches-1/condition-5/echo-4"]);
  });

  it("shows skipped groups and why in runs show", () => {
    const r = run("branches", ["--param", "n=7"]);
    const text = runCli(["runs", "show", r.json.runId, "--root", r.root]).stdout;
    expect(text).toMatch(/condition-branches-1\/condition-3\s+skipped\s+condition false: int\(inputs\.parameter_values\['pipelinechannel--emit-int-out'\]\) < 5 \(pipelinechannel--emit-int-out = 7\)/);
  });

  it("refuses a spec whose condition is not CEL before running anything", () => {
    const spec = parse(readFileSync(specs.get("branches")!, "utf8"));
    spec.components["comp-condition-branches-1"].dag.tasks["condition-3"].triggerPolicy.condition = "int(inputs.parameter_values['pipelinechannel--emit-int-out'] < 5";
    const file = join(temp(), "broken-condition.yaml");
    writeFileSync(file, stringify(spec));
    const result = runCli(["run", file, "--root", temp()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^kfp-ts: task 'condition-3' of comp-condition-branches-1: its condition is not valid CEL \(.+\): int\(inputs/m);
    expect(result.stderr).not.toContain("emit-int: started");
  });

  it("fails the group task with a clear message when its condition cannot be evaluated", () => {
    const spec = parse(readFileSync(specs.get("branches")!, "utf8"));
    spec.components["comp-condition-branches-1"].dag.tasks["condition-3"].triggerPolicy.condition = "inputs.parameter_values['pipelinechannel--emit-int-out'] < 'five'";
    const file = join(temp(), "bad-condition.yaml");
    writeFileSync(file, stringify(spec));
    const r = run(file, ["--param", "n=3"]);
    expect(r.status).toBe(1);
    expect(r.task("condition-branches-1/condition-3").state).toBe("failed");
    expect(r.task("condition-branches-1/condition-3").error).toMatch(/^cannot evaluate the condition inputs\.parameter_values\['pipelinechannel--emit-int-out'\] < 'five': .+ \(pipelinechannel--emit-int-out = 3\)$/);
    expect(r.stderr).toContain("✖ task 'condition-branches-1/condition-3' failed: cannot evaluate the condition");
  });
});

describe("OneOf", () => {
  it.each([["heads"], ["tails"]])("passes the parameter and the artifact of the branch that ran (%s)", (word) => {
    const r = run("oneof", ["--param", `word=${word}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json.outputs).toEqual({ Output: `got ${word}` });
    expect(r.task("echo").inputs).toEqual({ text: `got ${word}` });
    expect(r.task("read-file").outputs).toEqual({ out: `file ${word}` });
  });
});

describe("loops", () => {
  it("runs static dict items with field access, a condition inside the loop, parameter-list loops with Collected outputs, and nested loops inside a condition", () => {
    const r = run("loops", ["--param", 'words=["p","q","r"]', "--concurrency", "4"]);
    expect(r.status, r.stderr).toBe(0);
    expect([r.task("for-loop-2/0/echo").inputs, r.task("for-loop-2/1/echo").inputs]).toEqual([{ text: "x" }, { text: "y" }]);
    expect(r.task("for-loop-2/0/condition-3")).toMatchObject({ state: "skipped", error: expect.stringContaining("(pipelinechannel--loop-item-param-1-subvar-size = \"1\")") });
    expect(r.task("for-loop-2/1/condition-3/echo-2")).toMatchObject({ state: "succeeded", inputs: { text: "big" } });
    expect(r.task("for-loop-4/1")).toMatchObject({ kind: "dag", state: "succeeded", inputs: { "pipelinechannel--words-loop-item": "q" } });
    expect(r.task("for-loop-4").outputs).toEqual({ "pipelinechannel--emit-out": ["p", "q", "r"] });
    expect(r.task("join-list")).toMatchObject({ inputs: { items: ["p", "q", "r"] }, outputs: { out: "p+q+r" } });
    expect(r.task("concat-files").inputArtifacts.files!.map((a) => a.uri)).toEqual([0, 1, 2].map((i) => r.task(`for-loop-4/${i}/write-file`).outputArtifacts.data![0]!.uri));
    expect(r.task("concat-files").outputs).toEqual({ out: "p+q+r" });
    expect(r.json.outputs).toEqual({ Output: ["p", "q", "r"] });
    const nested = r.paths.filter((p) => p.endsWith("/emit-2"));
    expect(nested).toEqual(["condition-5/for-loop-7/0/for-loop-9/0/emit-2", "condition-5/for-loop-7/0/for-loop-9/1/emit-2", "condition-5/for-loop-7/1/for-loop-9/0/emit-2", "condition-5/for-loop-7/1/for-loop-9/1/emit-2"]);
    expect(nested.map((p) => r.task(p).outputs.out)).toEqual(["p", "q", "p", "q"]);
  });

  it("skips a loop inside a false condition, and iterates over an empty list", () => {
    const r = run("loops", ["--param", "limit=1", "--param", "words=[]"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.task("condition-5")).toMatchObject({ state: "skipped", error: "condition false: int(inputs.parameter_values['pipelinechannel--limit']) > 1 (pipelinechannel--limit = 1)" });
    expect(r.paths.filter((p) => p.startsWith("for-loop-4/"))).toEqual([]);
    expect(r.task("join-list").inputs).toEqual({ items: [] });
    expect(r.json.outputs).toEqual({ Output: [] });
  });

  it("collects a nested loop's outputs level by level", () => {
    const r = run("nestedCollected");
    expect(r.status, r.stderr).toBe(0);
    expect(r.task("for-loop-2/1/for-loop-4").outputs).toEqual({ "pipelinechannel--emit-out": ["1", "2"] });
    expect(r.json.outputs).toEqual({ Output: [["1", "2"], ["1", "2"]] });
  });

  it("fails a task whose f-string reads a channel its DAG does not receive, naming it", () => {
    const r = run("nestedFString");
    expect(r.status).toBe(1);
    expect(r.task("for-loop-2/0/for-loop-4/0/emit")).toMatchObject({
      state: "failed",
      error: "input 'value' is made from 'pipelinechannel--loop-item-param-1', which has no value in this task: the enclosing DAG does not receive it (the Python SDK does not pass an outer loop's item into a nested loop for f-strings)",
    });
  });

  it("loops over a list of artifacts from a nested pipeline's Collected output", () => {
    const r = run("artifactLoop", ["--param", 'words=["left","right"]']);
    expect(r.status, r.stderr).toBe(0);
    const written = [0, 1].map((i) => r.task(`make-files/for-loop-1/${i}/write-file`).outputArtifacts.data![0]!);
    expect(r.task("make-files").outputArtifacts.Output!.map((a) => a.id)).toEqual(written.map((a) => a.id));
    expect([0, 1].map((i) => r.task(`for-loop-1/${i}/read-file`).inputArtifacts.data![0]!.id)).toEqual(written.map((a) => a.id));
    expect(r.json.outputs).toEqual({ Output: "left+right" });
  });

  it("runs iterations at the same time without a limit, and never more than the parallelism limit with one", () => {
    const r = run("napLoop", ["--param", "ms=1500", "--concurrency", "8", "--no-cache"]);
    expect(r.status, r.stderr).toBe(0);
    const free = naps(r.task, "for-loop-1", "nap");
    expect(Math.max(...free.map((s) => s.start))).toBeLessThan(Math.min(...free.map((s) => s.end)));
    expect(maxOverlap(free)).toBe(4);
    expect(maxOverlap(naps(r.task, "for-loop-2", "nap-2"))).toBeLessThanOrEqual(2);
  });

  it("keeps loop iterations within the run's --concurrency", () => {
    const r = run("napLoop", ["--param", "ms=100", "--concurrency", "1", "--no-cache"]);
    expect(r.status, r.stderr).toBe(0);
    const all = [...naps(r.task, "for-loop-1", "nap"), ...naps(r.task, "for-loop-2", "nap-2")];
    expect(maxOverlap(all)).toBe(1);
  });

  it("hits the cache for every iteration of a second run", () => {
    const root = temp();
    const first = run("loops", [], root);
    expect(first.status, first.stderr).toBe(0);
    const second = run("loops", [], root);
    expect(second.status, second.stderr).toBe(0);
    const containers = second.tasks.filter((t) => t.kind === "container");
    expect(containers.length).toBe(first.tasks.filter((t) => t.kind === "container" && t.state === "succeeded").length);
    expect(containers.filter((t) => t.state !== "cached").map((t) => t.path)).toEqual([]);
  });

  it("stops a loop on SIGINT: running iterations are killed, the others skipped, and the run is cancelled", async () => {
    const root = temp();
    const child = spawn(process.execPath, [join(repoRoot, "bin/kfp-ts.js"), "run", specs.get("napLoop")!, "--root", root, "--param", "ms=20000", "--concurrency", "2"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    while ((stderr.match(/: started/g) ?? []).length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(130);
    const [listed] = JSON.parse(runCli(["runs", "list", "--root", root, "--json"]).stdout);
    expect(listed.status).toBe("cancelled");
    const tasks = (JSON.parse(runCli(["runs", "show", listed.id, "--root", root, "--json"]).stdout) as { tasks: Task[] }).tasks.filter((t) => t.kind === "container");
    expect(tasks.filter((t) => t.state === "failed")).toHaveLength(2);
    expect(tasks.filter((t) => t.state === "skipped").every((t) => t.error === "the run was cancelled")).toBe(true);
    expect(tasks.filter((t) => t.state === "succeeded")).toEqual([]);
  });

  it("retries a failing task inside a loop, per iteration", () => {
    const markers = temp();
    const r = run("retryLoop", ["--param", `dir=${markers}`]);
    expect(r.status, r.stderr).toBe(0);
    expect([0, 1].map((i) => r.task(`for-loop-2/${i}/flaky`))).toMatchObject([{ state: "succeeded", attempts: 2, outputs: { out: "ok" } }, { state: "succeeded", attempts: 2, outputs: { out: "ok" } }]);
  });
});

describe("exit handlers and ignore_upstream_failure", () => {
  it("runs the exit task after a failing body, with the body's final status, and the run fails", () => {
    const r = run("exitHandler");
    expect(r.status).toBe(1);
    expect(r.json.status).toBe("failed");
    expect(r.task("exit-handler-1/fail").state).toBe("failed");
    expect(r.task("exit-handler-1")).toMatchObject({ state: "failed", error: "task 'exit-handler-1/fail' failed" });
    expect(r.task("report-status").state).toBe("succeeded");
    expect(JSON.parse(r.task("report-status").outputs.out)).toEqual({
      state: "FAILED", pipelineJobResourceName: r.json.runId, pipelineTaskName: "exit-handler-1",
      error: { code: 2, message: "task 'exit-handler-1/fail' failed: exited with code 3" },
    });
  });

  it("gives the Python SDK executor a PipelineTaskFinalStatus it reads", () => {
    const r = run("exitHandlerPython");
    expect(r.status).toBe(1);
    expect(r.task("py-status").outputs).toEqual({ Output: "FAILED|exit-handler-1|2|task 'exit-handler-1/fail' failed: exited with code 3" });
  });

  it("runs an ignore_upstream_failure task after its upstream failed, and skips the other dependents", () => {
    const r = run("ignoreUpstream");
    expect(r.status).toBe(1);
    expect(r.task("echo")).toMatchObject({ state: "succeeded", inputs: { text: "runs anyway" } });
    expect(r.task("echo-2")).toMatchObject({ state: "skipped", error: "upstream 'fail' did not succeed" });
    expect(JSON.parse(r.task("report-status").outputs.out)).toMatchObject({ state: "FAILED", pipelineTaskName: "fail", error: { code: 2, message: "task 'fail' failed: exited with code 3" } });
  });
});

describe("importers", () => {
  it("imports a constant URI and a URI given as a parameter; reuses the artifact unless reimport is set", () => {
    const data = join(temp(), "data.csv");
    writeFileSync(data, "a,b\n1,2\n");
    const root = temp();
    const first = run("importer", ["--param", `uri=${data}`], root);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain("note: task 'importer' imports gs://bucket/const.csv, which tasks of a local run cannot read");
    expect(first.task("importer")).toMatchObject({ kind: "importer", state: "succeeded", inputs: { uri: "gs://bucket/const.csv" } });
    expect(first.task("importer").outputArtifacts.artifact![0]).toMatchObject({ uri: "gs://bucket/const.csv", schemaTitle: "system.Dataset", metadata: { origin: "constant" } });
    expect(first.task("importer-2").outputArtifacts.artifact![0]!.uri).toBe(data);
    expect(first.task("read-file").outputs).toEqual({ out: "a,b\n1,2\n" });
    const second = run("importer", ["--param", `uri=file://${data}`], root);
    expect(second.status, second.stderr).toBe(0);
    expect(second.task("importer").outputArtifacts.artifact![0]!.id).toBe(first.task("importer").outputArtifacts.artifact![0]!.id);
    expect(second.task("importer").cacheNote).toMatch(/^reused artifact \d+ \(reimport is off\)$/);
    expect(second.task("importer-2").outputArtifacts.artifact![0]).toMatchObject({ uri: data });
    expect(second.task("importer-2").outputArtifacts.artifact![0]!.id).not.toBe(first.task("importer-2").outputArtifacts.artifact![0]!.id);
  });
});

describe("pipelines compiled by kfp-ts", () => {
  it("runs a loop with a nested loop and gathers its results into a downstream task", () => {
    const r = run("ts-loops");
    expect(r.status, r.stderr).toBe(0);
    expect(r.task("for-loop-1/1/for-loop-2/0/echo").inputs).toEqual({ text: "x" });
    expect(r.task("total").inputs).toEqual({ values: [3, 4] });
    expect(r.json.outputs).toEqual({ Output: 7 });
  });

  it("gives a TypeScript exit task the final status of the try block and of an ignoreUpstreamFailure upstream", () => {
    const r = run("ts-exits");
    expect(r.status).toBe(1);
    expect(r.task("cleanup")).toMatchObject({ state: "succeeded", outputs: { Output: "FAILED" } });
    expect(r.task("cleanup").inputs.status).toMatchObject({ state: "FAILED", pipelineTaskName: "exit-handler-1", error: { code: 2, message: expect.stringMatching(/^task 'exit-handler-1\/fail' failed: /) } });
    expect(r.task("cleanup-2").inputs.status).toMatchObject({ state: "FAILED", pipelineTaskName: "fail-2" });
  });

  it("passes OneOf values, template literals and gathered artifacts", () => {
    const oneofs = run("ts-oneofs");
    expect(oneofs.status, oneofs.stderr).toBe(0);
    expect(oneofs.task("show").inputs).toEqual({ text: "yes" });
    expect(oneofs.task("use-model").inputArtifacts.model![0]!.id).toBe(oneofs.task("condition-branches-4/condition-5/make-model").outputArtifacts.Output![0]!.id);
    const templates = run("ts-templates", ["--param", "name=kfp"]);
    expect(["echo-2", "echo-3", "for-loop-2/1/echo-4"].map((p) => templates.task(p).outputs.Output)).toEqual(["kfp-v2", "kfp!", "item b of kfp"]);
    const gather = run("ts-gather");
    expect(gather.status, gather.stderr).toBe(0);
    expect(gather.task("merge").inputArtifacts.models!.map((a) => a.id)).toEqual([0, 1, 2].map((i) => gather.task(`for-loop-2/${i}/make-model`).outputArtifacts.Output![0]!.id));
    expect(gather.json.outputs.Output).toHaveLength(3);
  });
});

/** When each iteration's nap task slept (it writes its start and end times). */
function naps(task: (path: string) => Task, loop: string, name: string): { start: number; end: number }[] {
  return [0, 1, 2, 3].map((i) => JSON.parse(task(`${loop}/${i}/${name}`).outputs.out) as { start: number; end: number });
}

/** The most spans that are open at one instant. */
function maxOverlap(spans: readonly { start: number; end: number }[]): number {
  const edges = spans.flatMap((s) => [[s.start, 1], [s.end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, change] of edges) most = Math.max(most, (open += change));
  return most;
}
