#!/usr/bin/env node
// Watch-mode rebuild time: a warm, incremental ProjectBuild (what `kfp-ts build --watch` keeps) rebuilding after a one-line
// edit of a component body, of a pipeline body, and of a type both use; on the penguin sample and on a
// generated 200-task pipeline; against a cold build of the same project in a fresh process.
//   npm run build && node bench/watch.mjs [rounds=15]
// The machine may be shared: read medians and ratios, not single runs.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const rounds = Number(process.argv[2] ?? 15);
const { ProjectBuild } = await import(join(root, "dist/transformer/build/build-project.js"));

/** A project folder inside the repository, so `kfp-ts` and the sample's dependencies resolve as in the examples. */
function project(name, files) {
  mkdirSync(join(root, "bench/.work"), { recursive: true });
  const dir = mkdtempSync(join(root, "bench/.work", `${name}-`));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../../../tsconfig.base.json", compilerOptions: { noEmit: true, paths: { "vega-datasets/data/*": ["../../../node_modules/vega-datasets/data/*"] } }, include: ["src"], kfpTs: { outDir: "specs" } }));
  files(dir);
  return dir;
}

const penguins = project("penguins", (dir) => cpSync(join(root, "examples/penguins"), join(dir, "src"), { recursive: true, filter: (f) => !f.endsWith(".test.ts") }));
const generated = project("tasks200", (dir) => {
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src/types.ts"), `export interface Scale {\n  factor: number;\n}\n`);
  writeFileSync(join(dir, "src/components.ts"), `import { component } from "kfp-ts";\nimport type { Scale } from "./types.js";\n\nexport const step = component((x: number, scale: Scale): number => {\n  const factor = scale.factor;\n  return x * factor + 1;\n});\n`);
  const calls = Array.from({ length: 199 }, (_, i) => `  const x${i + 1} = step(x${i}, scale);`).join("\n");
  writeFileSync(join(dir, "src/pipeline.ts"), `import { pipeline } from "kfp-ts";\nimport { step } from "./components.js";\nimport type { Scale } from "./types.js";\n\nexport const chain = pipeline({ name: "chain" }, (start: number = 1, scale: Scale = { factor: 2 }) => {\n  const x0 = step(start, scale);\n${calls}\n});\n`);
});

/** One-line edits: each round rewrites one line with a new value, so every rebuild has a real change. */
const edits = {
  penguins: {
    "component body": ["src/trainer/trainer.ts", /^(\s*)(const .*)$/m, (m, i) => `${m[1]}${m[2]} void ${i};`],
    "pipeline body": ["src/pipeline.ts", /suffix = "_xf\d*"/, (_, i) => `suffix = "_xf${i}"`],
    "shared type": ["src/lib/table.ts", /export interface Table \{/, (_, i) => `export interface Table { edit${i}?: number;`],
  },
  tasks200: {
    "component body": ["src/components.ts", /return x \* factor \+ \d+;/, (_, i) => `return x * factor + ${i};`],
    "pipeline body": ["src/pipeline.ts", /start: number = \d+/, (_, i) => `start: number = ${i}`],
    "shared type": ["src/types.ts", /factor: number;.*/, (_, i) => `factor: number; // v${i}`],
  },
};

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const rows = [];
for (const [name, dir] of [["penguins", penguins], ["tasks200", generated]]) {
  const cold = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [join(root, "bin/kfp-ts.js"), "build", "-p", join(dir, "tsconfig.json"), "--no-pretty"], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`cold build of ${name} failed:\n${run.stdout}${run.stderr}`);
    cold.push(performance.now() - started);
  }
  const build = new ProjectBuild(join(dir, "tsconfig.json"), {}, { incremental: true });
  const first = await build.run();
  if (first.diagnostics.some((d) => d.severity === "error")) throw new Error(`${name}: ${JSON.stringify(first.diagnostics)}`);
  for (const [edit, [file, pattern, replace]] of Object.entries(edits[name])) {
    const path = join(dir, file);
    const original = readFileSync(path, "utf8");
    const times = [];
    const toSpec = [];
    const cpu = [];
    for (let i = 1; i <= rounds; i++) {
      const text = original.replace(pattern, (...m) => replace(m, 1000 + i));
      if (text === original) throw new Error(`${name}/${edit}: the edit matched nothing in ${file}`);
      writeFileSync(path, text);
      const started = performance.now();
      const usage = process.cpuUsage();
      const result = await build.run([path]);
      times.push(performance.now() - started);
      toSpec.push(result.writtenAfter ?? times.at(-1));
      const used = process.cpuUsage(usage);
      cpu.push((used.user + used.system) / 1000);
      if (result.diagnostics.some((d) => d.severity === "error")) throw new Error(`${name}/${edit}: ${JSON.stringify(result.diagnostics)}`);
    }
    writeFileSync(path, original);
    await build.run([path]);
    rows.push({ project: name, edit, spec: percentile(toSpec, 50), specP95: percentile(toSpec, 95), median: percentile(times, 50), p95: percentile(times, 95), cpu: percentile(cpu, 50), cold: percentile(cold, 50) });
  }
  await build.dispose();
}
rmSync(join(root, "bench/.work"), { recursive: true, force: true });

// to spec: until the specs are written (a body edit writes them before TypeScript's check ends; other edits after it).
// with check: until the rebuild ends, TypeScript's errors known. cpu ms: this process's CPU time (esbuild's aside), median.
console.log(`rebuild after a one-line edit, warm (${rounds} rounds) vs a cold \`kfp-ts build\` (median of 3)`);
console.log("project   edit             to spec: median   p95   with check: median   p95   cpu ms   cold ms   cold / to spec");
for (const r of rows) {
  console.log(`${r.project.padEnd(9)} ${r.edit.padEnd(16)} ${r.spec.toFixed(0).padStart(15)} ${r.specP95.toFixed(0).padStart(5)} ${r.median.toFixed(0).padStart(20)} ${r.p95.toFixed(0).padStart(5)} ${r.cpu.toFixed(0).padStart(8)} ${r.cold.toFixed(0).padStart(9)} ${(r.cold / r.spec).toFixed(1).padStart(16)}`);
}
