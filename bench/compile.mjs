#!/usr/bin/env node
// Cold compile time of each example with kfp-ts (from its compile snapshot, and without it) and with the Python SDK
// (its twin), side by side, and the size of each component bundle, packed into its container command. Medians of a
// few runs; the machine is shared, so read ratios, not absolutes.
//   node bench/compile.mjs [runs]
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const python = join(root, ".venv/bin/python");
const { compile } = await import(join(root, "dist/transformer/index.js"));
const { embeddedProgram, programText, sourceMapVariable, unpackText } = await import(join(root, "dist/src/spec/embedded-command.js"));
const { maxContainerBytes } = await import(join(root, "dist/transformer/bundle/limits.js"));

/** Example → its twin and the pipelines both define (as in test/compat/compat.test.ts). */
const twins = {
  "hello-world.ts": ["hello-world.py", ["helloWorldPipeline"]],
  "producer-consumer.ts": ["producer-consumer.py", ["producerConsumer"]],
  "use-after.ts": ["use-after.py", ["useAfter"]],
  "with-gpu.ts": ["with-gpu.py", ["withGpu"]],
  "decorators.ts": ["decorators.py", ["Greetings.greetings"]],
  "artifacts.ts": ["artifacts.py", ["artifactsPipeline"]],
  "nested.ts": ["nested.py", ["prepare", "nested"]],
  "task-settings.ts": ["task-settings.py", ["taskSettings"]],
  "parameters.ts": ["parameters.py", ["parameters"]],
  "penguins/pipeline.ts": ["penguins.py", ["penguinsPipeline"]],
};

function timed(command, args, input, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, input, encoding: "utf8", env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return ms;
}

// The project's compile snapshot, warmed with every example (a first compile starts this build in the background).
const snapshotStart = process.hrtime.bigint();
timed(process.execPath, [join(root, "dist/src/cli/snapshot/build.js"), ...Object.keys(twins).map((example) => `examples/${example}`)]);
const snapshotSeconds = Number(process.hrtime.bigint() - snapshotStart) / 1e9;

// Each figure is the median of `runs` compiles (`node bench/compile.mjs 7`), the five kinds taken in turn so that
// the machine's load falls on all of them alike.
const runs = Number(process.argv[2] ?? 5);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
for (const example of Object.keys(twins).sort()) {
  const [twin, exports] = twins[example];
  const out = mkdtempSync(join(tmpdir(), "kfp-ts-bench-"));
  const kfpTs = (env) => timed(process.execPath, [join(root, "bin/kfp-ts.js"), "compile", `examples/${example}`, "-o", `${out}/`], undefined, env);
  const request = { compile: exports.map((name) => ({ module: join(root, "test/compat/twins", twin), export: name, out: join(out, `${name}.py.yaml`) })) };
  // The first compile fills the bundle cache and keeps its type errors; "snapshot" is a compile after it.
  kfpTs({ KFP_TS_SNAPSHOT: "1" });
  const samples = { ts: [], checked: [], fresh: [], plain: [], py: [] };
  for (let run = 0; run < runs; run++) {
    samples.ts.push(kfpTs({ KFP_TS_SNAPSHOT: "1" }));
    samples.checked.push(kfpTs({ KFP_TS_SNAPSHOT: "1", KFP_TS_CHECK_CACHE: "0" }));
    samples.fresh.push(kfpTs({ KFP_TS_SNAPSHOT: "1", KFP_TS_BUNDLE_CACHE: "0", KFP_TS_CHECK_CACHE: "0" }));
    samples.plain.push(kfpTs({ KFP_TS_SNAPSHOT: "0" }));
    samples.py.push(timed(python, [join(root, "test/compat/kfp_tool.py")], JSON.stringify(request)));
  }
  rows.push({ example, pipelines: exports.length, ...Object.fromEntries(Object.entries(samples).map(([kind, values]) => [kind, median(values)])) });
}

console.log(`Cold compile, wall time of one process (kfp-ts CLI vs Python SDK compiling the twin), type checking on, median of ${runs}:`);
console.log(`kfp-ts from its compile snapshot with its bundle and type-check caches filled ("snapshot"), the same checking`);
console.log(`afresh ("checked", KFP_TS_CHECK_CACHE=0: what a compile after an edit pays), bundling afresh ("no cache", both`);
console.log(`caches off), and without the snapshot ("plain", KFP_TS_SNAPSHOT=0); the snapshot took ${snapshotSeconds.toFixed(1)} s to build\n`);
const kinds = [["ts", "snapshot"], ["checked", "checked"], ["fresh", "no cache"], ["plain", "plain"]];
const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log(`${pad("example", 22)}${num("pipelines", 10)}${kinds.map(([, name]) => num(`${name} ms`, 13)).join("")}${num("python ms", 11)}${kinds.map(([, name]) => num(`${name}/py`, 13)).join("")}`);
const line = (name, pipelines, r) => console.log(`${pad(name, 22)}${num(pipelines, 10)}${kinds.map(([k]) => num(r[k].toFixed(0), 13)).join("")}${num(r.py.toFixed(0), 11)}${kinds.map(([k]) => num((r[k] / r.py).toFixed(2), 13)).join("")}`);
for (const r of rows) line(r.example, r.pipelines, r);
const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
line("total", rows.reduce((a, r) => a + r.pipelines, 0), Object.fromEntries(["py", ...kinds.map(([k]) => k)].map((k) => [k, sum(k)])));
console.log("\nComponent bundles: the bundle (what the command embedded before it was packed), the packed command,");
console.log("the packed source map, the whole container spec (the bound is its JSON, which KFP passes as one argument),");
console.log("and what unpacking costs at container start (base64 + brotli + the file write; median of 20)\n");
console.log(`${pad("component", 40)}${num("bundle B", 10)}${num("command B", 11)}${num("map B", 8)}${num("container B", 13)}${num("of bound", 10)}${num("unpack ms", 11)}`);
const seen = new Set();
for (const example of Object.keys(twins)) {
  const result = await compile(join(root, "examples", example), { typeCheck: false });
  const containers = result.specs.flatMap((s) => Object.values(s.spec.deploymentSpec?.executors ?? {}).map((e) => e.container));
  for (const bundle of result.bundles) {
    const key = bundle.component.key;
    if (seen.has(key)) continue;
    seen.add(key);
    const container = containers.find((c) => embeddedProgram(c)?.code === bundle.code);
    const command = Buffer.byteLength(JSON.stringify(container.command));
    const map = Buffer.byteLength(container.env?.find((e) => e.name === sourceMapVariable)?.value ?? "");
    const total = Buffer.byteLength(JSON.stringify(container));
    const dir = mkdtempSync(join(tmpdir(), "kfp-ts-unpack-"));
    const times = Array.from({ length: 20 }, () => {
      const start = process.hrtime.bigint();
      writeFileSync(join(dir, "component.mjs"), programText({ code: unpackText(container.command[3]), sourceMap: map ? unpackText(container.env[0].value) : undefined }, "/"));
      return Number(process.hrtime.bigint() - start) / 1e6;
    }).sort((a, b) => a - b);
    console.log(`${pad(`${bundle.component.functionName} (${example})`, 40)}${num(bundle.bytes, 10)}${num(command, 11)}${num(map, 8)}${num(total, 13)}${num(`${((100 * total) / maxContainerBytes).toFixed(0)}%`, 10)}${num(times[10].toFixed(2), 11)}`);
  }
}
console.log(`\nbound: ${maxContainerBytes} bytes of container JSON (Linux refuses one argument over 131072)`);
