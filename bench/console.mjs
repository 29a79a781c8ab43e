#!/usr/bin/env node
// The console's Runs page on a generated history of 1,000 runs (4 tasks each, a Metrics artifact per run):
// the time from request to the last byte of the page listing all of them, median of 5 after one warm-up.
//   node bench/console.mjs [runs]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const count = Number(process.argv[2] ?? 1000);
const { MetadataStore } = await import(join(root, "dist/src/local/store.js"));
const { startConsole } = await import(join(root, "dist/src/ui/server.js"));

const dir = mkdtempSync(join(tmpdir(), "kfp-ts-console-bench-"));
const store = MetadataStore.open(dir);
const generateStart = performance.now();
store.write(() => {
  for (let i = 0; i < count; i++) {
    const id = `20260101-${String(i).padStart(6, "0")}-bench`;
    store.createRun({ id, pipelineName: `pipeline-${i % 5}`, source: "bench", specSha256: "0", parameters: { suffix: `_${i}` }, runDir: join(dir, id) });
    let previous;
    for (const name of ["data-generator", "transform", "trainer", "evaluator"]) {
      const task = store.createTask({ runId: id, path: name, name, component: `comp-${name}`, kind: "container" });
      store.updateTask(task, { state: i % 7 === 0 && name === "trainer" ? "cached" : "succeeded", startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), attempts: 1, exitCode: 0 });
      const outputs = store.recordOutputArtifacts(task, { out: [{ name: "out", uri: join(dir, id, name), schemaTitle: name === "evaluator" ? "system.Metrics" : "system.Dataset", schemaVersion: "0.0.1", metadata: name === "evaluator" ? { accuracy: i / count } : {}, hasContent: false }] });
      if (previous) store.linkArtifacts(task, "input", { data: previous.out });
      previous = outputs;
    }
    store.finishRun(id, "succeeded", {});
  }
});
store.close();
const generated = (performance.now() - generateStart) / 1000;

const running = await startConsole({ root: dir, port: 0 });
async function timePage() {
  const start = performance.now();
  const response = await fetch(`${running.url}/?limit=${count}`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET / answered ${response.status}`);
  const rows = text.split("<tr data-run=").length - 1;
  if (rows !== count) throw new Error(`the page lists ${rows} runs, not ${count}`);
  return { ms: performance.now() - start, bytes: text.length };
}
await timePage();
const times = [];
let bytes = 0;
for (let i = 0; i < 5; i++) {
  const { ms, bytes: b } = await timePage();
  times.push(ms);
  bytes = b;
}
await running.close();
rmSync(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
console.log(`Runs page with ${count} runs (generated in ${generated.toFixed(1)}s): median ${times[2].toFixed(0)} ms, slowest ${times[4].toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KiB of HTML`);
