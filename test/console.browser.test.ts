// `kfp-ts ui` and `kfp-ts graph` in a real browser (Debian's Chromium): one store, one console and one browser for every test.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./helpers.js";
import { startConsole } from "../src/ui/server.js";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const root = mkdtempSync(join(tmpdir(), "kfp-ts-console-"));
const gatedSpec = join(root, "gated.yaml");
let browser: Browser;
let consoleProcess: ChildProcess;
let consoleUrl: string;
const runIds: Record<string, string> = {};
const summaries: Record<string, string> = {};

/** Runs a pipeline with the real CLI and returns its run id. */
function runPipeline(args: string[]): string {
  const result = runCli(["run", ...args, "--root", root, "--json"]);
  if (!result.stdout.trim()) throw new Error(`kfp-ts run printed nothing:\n${result.stderr}`);
  const { runId } = JSON.parse(result.stdout) as { runId: string };
  summaries[runId] = result.stderr;
  return runId;
}

beforeAll(async () => {
  if (!existsSync(executablePath)) throw new Error(`Chromium is not installed at ${executablePath}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`);
  const compiled = runCli(["compile", "examples/penguins/pipeline.ts", "-o", join(root, "penguins.yaml")]);
  expect(compiled.status, compiled.stderr).toBe(0);
  const gated = runCli(["compile", "test/fixtures/console/pipelines.ts", "--pipeline", "gated", "-o", gatedSpec]);
  expect(gated.status, gated.stderr).toBe(0);
  runIds.penguins = runPipeline([join(root, "penguins.yaml")]);
  runIds.penguinsV2 = runPipeline([join(root, "penguins.yaml"), "--param", "suffix=_v2"]);
  runIds.failing = runPipeline([`${repoRoot}test/fixtures/local/pipelines.ts`, "--pipeline", "failing"]);
  consoleProcess = spawn(process.execPath, [`${repoRoot}bin/kfp-ts.js`, "ui", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  consoleUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    consoleProcess.stdout!.on("data", (d) => {
      out += d;
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match) resolve(match[0]);
    });
    consoleProcess.on("exit", (code) => reject(new Error(`kfp-ts ui exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
});

afterAll(async () => {
  await browser?.close();
  consoleProcess?.kill();
  rmSync(root, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(consoleUrl + path);
  expect(response?.status(), `GET ${path}`).toBe(200);
  return page;
}

/** A GET exactly as given (no URL normalisation, unlike a browser or fetch). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${consoleUrl}/`, { path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("kfp-ts ui", () => {
  it("lists runs with their state, cache hits and key metrics, and filters them", async () => {
    const page = await open("/");
    const rows = await page.$$eval("table.runs tbody tr", (trs) => trs.map((tr) => ({ run: tr.getAttribute("data-run"), text: tr.textContent })));
    expect(rows.map((r) => r.run).sort()).toEqual(Object.values(runIds).sort());
    const penguins = rows.find((r) => r.run === runIds.penguins)!;
    expect(penguins.text).toContain("kfp-sample-pipeline");
    expect(penguins.text).toContain("succeeded");
    expect(await page.getAttribute("th[title='evaluator.metrics.accuracy']", "title")).toBe("evaluator.metrics.accuracy");
    // Before the console started, a run's summary said how to start it.
    expect(summaries[runIds.penguins!]).toContain(`See it in the console: kfp-ts ui --root ${root}`);
    await page.selectOption("select[name=status]", "failed");
    await page.waitForURL(/status=failed/);
    expect(await page.$$eval("table.runs tbody tr", (trs) => trs.map((tr) => tr.getAttribute("data-run")))).toEqual([runIds.failing]);
    await page.close();
  });

  it("draws the penguin run's DAG with four succeeded tasks and their edges", async () => {
    const page = await open(`/runs/${runIds.penguins}`);
    const nodes = await page.$$eval("svg.kfp-graph g.node", (gs) => gs.map((g) => ({ path: g.getAttribute("data-path"), cls: g.getAttribute("class") })));
    expect(nodes.map((n) => n.path).sort()).toEqual(["data-generator", "evaluator", "trainer", "transform"]);
    for (const node of nodes) expect(node.cls).toContain("state-succeeded");
    const edges = await page.$$eval("svg.kfp-graph g.edge", (gs) => gs.map((g) => `${g.getAttribute("data-from")}→${g.getAttribute("data-to")}`));
    expect(edges.sort()).toEqual(["data-generator→transform", "trainer→evaluator", "transform→evaluator", "transform→trainer"]);
    expect(await page.$$eval(".gantt rect.bar-succeeded", (r) => r.length)).toBe(4);
    await page.close();
  });

  it("shows a failed run's failed task, the task it skipped, and the failed task's log", async () => {
    const page = await open(`/runs/${runIds.failing}`);
    expect(await page.getAttribute("g.node[data-path='half-done']", "class")).toContain("state-failed");
    expect(await page.getAttribute("g.node[data-path='consume']", "class")).toContain("state-skipped");
    expect(await page.textContent("table.tasks tr[data-path='consume']")).toContain("upstream 'half-done' did not succeed");
    await page.click("g.node[data-path='half-done'] a");
    await page.waitForURL(/\/tasks\/\d+$/);
    expect(await page.textContent("h1")).toContain("half-done");
    expect(await page.textContent("pre.log")).toContain("failed after writing its output");
    const download = await page.getAttribute("a[href$='/log']", "href");
    const log = await page.request.get(consoleUrl + download!);
    expect(log.headers()["content-disposition"]).toContain("attachment");
    expect(await log.text()).toContain("=== half-done: attempt 1 of 1");
    await page.close();
  });

  it("renders the evaluator's metrics table, confusion matrix and sandboxed HTML page", async () => {
    const page = await open(`/runs/${runIds.penguins}`);
    await page.click("g.node[data-path='evaluator'] a");
    await page.click("a:text-is('metrics')");
    expect(await page.$$eval("table.metrics tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)))).toEqual([["accuracy", "1"]]);
    await page.goBack();
    await page.click("a:text-is('classification')");
    const matrix = await page.$$eval("table.matrix tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(matrix).toEqual([
      ["true \\ predicted", "Adelie", "Chinstrap", "Gentoo"],
      ["Adelie", "31", "0", "0"],
      ["Chinstrap", "0", "13", "0"],
      ["Gentoo", "0", "0", "23"],
    ]);
    await page.goBack();
    await page.click("a:text-is('confusionMatrix')");
    const frame = page.locator("iframe.artifact");
    expect(await frame.getAttribute("sandbox")).toBe("allow-scripts");
    // The page renders in its own opaque origin: the console cannot reach into it, nor it into the console.
    await expect.poll(() => page.frames()[1]?.textContent("h1").catch(() => null)).toContain("confusion matrix");
    expect(await page.$eval("iframe.artifact", (f) => (f as unknown as { contentDocument: unknown }).contentDocument)).toBeNull();
    const content = await page.request.get(`${consoleUrl}${await frame.getAttribute("src")}`);
    expect(content.headers()["content-security-policy"]).toMatch(/^sandbox allow-scripts;/);
    await page.close();
  });

  it("compares two penguin runs: parameters and metrics side by side, differences highlighted", async () => {
    const page = await open("/");
    await page.check(`input[value='${runIds.penguins}']`);
    expect(await page.isDisabled("#compare")).toBe(true);
    await page.check(`input[value='${runIds.penguinsV2}']`);
    await page.click("#compare");
    await page.waitForURL(/\/compare\?/);
    expect(await page.$$eval("table.parameters tr[data-name='suffix'] td", (tds) => tds.map((td) => [td.textContent, td.className]))).toEqual(
      expect.arrayContaining([["_xf", "diff"], ["_v2", "diff"]]),
    );
    expect(await page.$$eval("table.metrics tr[data-name='evaluator.metrics.accuracy'] td", (tds) => tds.map((td) => [td.textContent, td.className]))).toEqual([["1", ""], ["1", ""]]);
    await page.close();
  });

  it("follows a run live: a task turns from running to succeeded without a reload, and the run's summary links the console", async () => {
    const gate = join(root, "gate");
    const child = spawn(process.execPath, [`${repoRoot}bin/kfp-ts.js`, "run", gatedSpec, "--param", `gate=${gate}`, "--root", root], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const finished = new Promise<number | null>((resolve) => child.on("close", resolve));
    const runDir = join(root, "gated");
    await expect.poll(() => existsSync(runDir) && readdirSync(runDir).length, { timeout: 60_000 }).toBe(1);
    runIds.gated = readdirSync(runDir)[0]!;
    const page = await open(`/runs/${runIds.gated}`);
    await page.waitForSelector("g.node.state-running[data-path='wait-for-gate']", { timeout: 30_000 });
    expect(await page.getAttribute("g.node[data-path='echo']", "class")).toContain("state-pending");
    await page.evaluate(() => ((globalThis as unknown as { stayed: boolean }).stayed = true));
    writeFileSync(gate, "");
    await page.waitForSelector("g.node.state-succeeded[data-path='echo']", { timeout: 30_000 });
    expect(await page.getAttribute("g.node[data-path='wait-for-gate']", "class")).toContain("state-succeeded");
    expect(await page.evaluate(() => (globalThis as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await finished).toBe(0);
    expect(stderr).toContain(`See it in the console: ${consoleUrl}/runs/${runIds.gated}`);
    await page.close();
  });

  it("folds a nested pipeline's cluster into one node and opens it again", async () => {
    const page = await open(`/runs/${runIds.gated}`);
    expect(await page.getAttribute("g.cluster[data-path='inner']", "class")).toContain("state-succeeded");
    expect(await page.getAttribute("g.node[data-path='inner/echo']", "class")).toContain("state-succeeded");
    await page.click("g.cluster[data-path='inner'] .toggle");
    await page.waitForSelector("g.node.group[data-path='inner']");
    expect(await page.$$eval("g.node[data-path='inner/echo']", (g) => g.length)).toBe(0);
    expect(page.url()).toContain("collapse=inner");
    await page.click("g.node.group[data-path='inner']");
    await page.waitForSelector("g.node[data-path='inner/echo']");
    await page.close();
  });

  it("renders Markdown without its scripts, and previews a directory dataset", async () => {
    const page = await open(`/runs/${runIds.gated}`);
    await page.click("g.node[data-path='notes'] a");
    await page.click("a:text-is('Output')");
    expect(await page.textContent(".markdown h1")).toBe("Release notes");
    expect(await page.$$eval(".markdown script, .markdown a[href^='javascript']", (e) => e.length)).toBe(0);
    expect(await page.textContent(".markdown")).toContain("<script>");
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await page.goto(`${consoleUrl}/runs/${runIds.gated}`);
    await page.click("g.node[data-path='shards'] a");
    await page.click("a:text-is('Output')");
    expect(await page.$$eval("table.preview tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)))).toEqual([["name", "count"], ["alpha", "1"], ["beta", "2"]]);
    const part = await page.request.get(`${consoleUrl}${await page.getAttribute("a:text-is('part-0.csv')", "href")}`);
    expect(await part.text()).toBe("name,count\nalpha,1\nbeta,2\n");
    await page.close();
  });

  it("refuses to serve files outside the pipeline root: .., absolute paths, symlinks, encoded slashes", async () => {
    const page = await open(`/runs/${runIds.gated}`);
    await page.click("g.node[data-path='shards'] a");
    await page.click("a:text-is('Output')");
    const id = /\/artifacts\/(\d+)$/.exec(page.url())![1];
    await page.close();
    const shardsDir = join(root, "gated", runIds.gated!, "shards", "Output");
    symlinkSync("/etc/passwd", join(shardsDir, "escape.csv"));
    expect((await rawGet(`/artifacts/${id}/content?file=part-0.csv`)).status).toBe(200);
    for (const attempt of [
      `/artifacts/${id}/content?file=../../../../metadata.sqlite`,
      `/artifacts/${id}/content?file=..%2F..%2F..%2F..%2Fmetadata.sqlite`,
      `/artifacts/${id}/content?file=/etc/passwd`,
      `/artifacts/${id}/content?file=escape.csv`,
    ]) {
      const response = await rawGet(attempt);
      expect(response.status, attempt).toBe(403);
      expect(response.body, attempt).not.toContain("root:");
      expect(response.body, attempt).not.toContain("SQLite format");
    }
    for (const attempt of ["/../../../../etc/passwd", "/artifacts/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fpackage.json"]) {
      const response = await rawGet(attempt);
      expect(response.status, attempt).toBe(404);
      expect(response.body, attempt).not.toContain("root:");
    }
    const artifactPage = await rawGet(`/artifacts/${id}`);
    expect(artifactPage.body).toContain("alpha");
    expect(artifactPage.body).not.toContain("root:");
    const traversal = await browser.newPage();
    await traversal.goto(`${consoleUrl}/artifacts/${id}/content?file=../../../../metadata.sqlite`);
    expect(await traversal.textContent("h1")).toBe("Refused");
    await traversal.close();
  });
});

describe("a console without a readable store", () => {
  it("says there are no runs yet, then that a damaged file cannot be read, without a stack trace", async () => {
    const empty = mkdtempSync(join(tmpdir(), "kfp-ts-console-empty-"));
    const running = await startConsole({ root: empty, port: 0 });
    try {
      const missing = await fetch(`${running.url}/`);
      expect(missing.status).toBe(200);
      expect(await missing.text()).toContain("No runs yet");
      writeFileSync(join(empty, "metadata.sqlite"), "this is not a database, just text that is long enough to be read as a header ".repeat(20));
      const damaged = await fetch(`${running.url}/`);
      const text = await damaged.text();
      expect(damaged.status).toBe(500);
      expect(text).toContain("The run history cannot be read");
      expect(text).toContain("move it away");
      expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
    } finally {
      await running.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("kfp-ts graph", () => {
  it("draws the penguin pipeline as an SVG with one node per task and one edge per dependency, as checked in under docs/", async () => {
    const result = runCli(["graph", "examples/penguins/pipeline.ts"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(readFileSync(`${repoRoot}docs/penguins-dag.svg`, "utf8"));
    // Opened as an image document, the SVG goes through the browser's strict XML parser.
    const page = await browser.newPage();
    await page.goto(`data:image/svg+xml;base64,${Buffer.from(result.stdout).toString("base64")}`);
    const parsed = {
      errors: await page.$$eval("parsererror", (e) => e.length),
      nodes: await page.$$eval("g.node", (gs) => gs.map((g) => g.getAttribute("data-path"))),
      edges: await page.$$eval("g.edge", (gs) => gs.map((g) => [g.getAttribute("data-from"), g.getAttribute("data-to"), g.querySelector("text")?.textContent])),
    };
    await page.close();
    expect(parsed.errors).toBe(0);
    expect(parsed.nodes.sort()).toEqual(["data-generator", "evaluator", "trainer", "transform"]);
    expect(parsed.edges).toEqual(expect.arrayContaining([
      ["data-generator", "transform", "evalData, trainData"],
      ["transform", "trainer", "transformedTrainData"],
      ["transform", "evaluator", "transformedEvalData"],
      ["trainer", "evaluator", "Output"],
    ]));
    expect(parsed.edges).toHaveLength(4);
  });

  it("writes nested pipelines as clusters in DOT and Mermaid", () => {
    const dot = runCli(["graph", gatedSpec, "--format", "dot"]);
    expect(dot.status, dot.stderr).toBe(0);
    expect(dot.stdout).toContain('subgraph "cluster_inner"');
    expect(dot.stdout).toContain('"wait-for-gate" -> "inner/echo" [label="Output"];');
    const mermaid = runCli(["graph", gatedSpec, "-o", join(root, "gated.mmd")]);
    expect(mermaid.status, mermaid.stderr).toBe(0);
    expect(readFileSync(join(root, "gated.mmd"), "utf8")).toMatch(/subgraph n\d+\["inner"\]/);
    expect(runCli(["graph", gatedSpec, "--format", "png"]).stderr).toContain("--format takes svg, dot, mermaid, not 'png'");
  });
});
