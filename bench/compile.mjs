#!/usr/bin/env node
// Cold compile time of each example with kfp-ts and with the Python SDK (its twin), side by side,
// and the size of each component bundle, packed into its container command. One run; the machine is shared, so read ratios, not absolutes.
//   node bench/compile.mjs
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

function timed(command, args, input) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, input, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return ms;
}

const rows = [];
for (const example of Object.keys(twins).sort()) {
  const [twin, exports] = twins[example];
  const out = mkdtempSync(join(tmpdir(), "kfp-ts-bench-"));
  const ts = timed(process.execPath, [join(root, "bin/kfp-ts.js"), "compile", `examples/${example}`, "-o", `${out}/`]);
  const request = { compile: exports.map((name) => ({ module: join(root, "test/compat/twins", twin), export: name, out: join(out, `${name}.py.yaml`) })) };
  const py = timed(python, [join(root, "test/compat/kfp_tool.py")], JSON.stringify(request));
  rows.push({ example, pipelines: exports.length, ts, py });
}

const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log("Cold compile, wall time of one process (kfp-ts CLI vs Python SDK compiling the twin)\n");
console.log(`${pad("example", 22)}${num("pipelines", 10)}${num("kfp-ts ms", 12)}${num("python ms", 12)}${num("ratio", 8)}`);
for (const r of rows) {
  console.log(`${pad(r.example, 22)}${num(r.pipelines, 10)}${num(r.ts.toFixed(0), 12)}${num(r.py.toFixed(0), 12)}${num((r.ts / r.py).toFixed(2), 8)}`);
}
const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
console.log(`${pad("total", 22)}${num(rows.reduce((a, r) => a + r.pipelines, 0), 10)}${num(sum("ts").toFixed(0), 12)}${num(sum("py").toFixed(0), 12)}${num((sum("ts") / sum("py")).toFixed(2), 8)}`);

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
