#!/usr/bin/env node
// Compile time and peak memory on generated pipelines of 100 and 1,000 tasks over 50 components, with
// kfp-ts (from the project's compile snapshot, and without it) and with the Python SDK compiling the same pipeline
// (generated side by side). One run of each (cold processes, `/usr/bin/time`: peak RSS is that of the largest
// process); the machine is shared, so read ratios, not absolutes.
//   node bench/scale.mjs [tasks…]      default: 100 1000
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const python = join(root, ".venv/bin/python");
const componentCount = 50;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);

/** Task i calls component i mod 50 on the output of task i-50: 50 chains, every component used. */
function typescriptSource(tasks) {
  const lines = ['import { component, pipeline } from "kfp-ts";', ""];
  for (let c = 0; c < componentCount; c++) lines.push(`export const step${c} = component((x: number): number => x + ${c});`);
  lines.push("", 'export const scale = pipeline({ name: "scale" }, () => {');
  for (let t = 0; t < tasks; t++) lines.push(`  const t${t} = step${t % componentCount}(${t < componentCount ? t : `t${t - componentCount}`});`);
  lines.push("});", "");
  return lines.join("\n");
}

function pythonSource(tasks, out) {
  const lines = ["from kfp import compiler, dsl", ""];
  for (let c = 0; c < componentCount; c++) lines.push("@dsl.component", `def step${c}(x: float) -> float:`, `    return x + ${c}`, "");
  lines.push('@dsl.pipeline(name="scale")', "def scale():");
  for (let t = 0; t < tasks; t++) lines.push(`    t${t} = step${t % componentCount}(x=${t < componentCount ? `${t}.0` : `t${t - componentCount}.output`})`);
  lines.push("", `compiler.Compiler().compile(scale, ${JSON.stringify(out)})`, "");
  return lines.join("\n");
}

/**
 * Wall seconds and peak resident memory (MB) of a command, from GNU time; a compile from the snapshot reports its
 * own process's peak (`KFP_TS_SNAPSHOT=verbose`), which GNU time misses: the launcher does not wait for it to end.
 */
function measure(command, args, cwd, env = {}) {
  const result = spawnSync("/usr/bin/time", ["-f", "%e %M", command, ...args], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  const [seconds, kilobytes] = result.stderr.trim().split("\n").pop().split(" ").map(Number);
  const compileProcess = Number(/the compile's process peaked at (\d+) MB/.exec(result.stderr)?.[1] ?? 0);
  return { seconds, mb: Math.max(kilobytes / 1024, compileProcess) };
}

const rows = [];
for (const tasks of sizes.length > 0 ? sizes : [100, 1000]) {
  const dir = mkdtempSync(join(tmpdir(), "kfp-ts-scale-"));
  writeFileSync(join(dir, "package.json"), '{ "name": "scale", "type": "module" }\n');
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules/kfp-ts"));
  writeFileSync(join(dir, "scale.ts"), typescriptSource(tasks));
  writeFileSync(join(dir, "scale.py"), pythonSource(tasks, join(dir, "scale.py.yaml")));
  measure(process.execPath, [join(root, "dist/src/cli/snapshot/build.js"), "scale.ts"], dir);
  const kfpTs = (env) => measure(process.execPath, [join(root, "bin/kfp-ts.js"), "compile", "scale.ts", "-o", "scale.ts.yaml"], dir, env);
  // The first compile bundles all 50 components (the bundle cache is empty) and fills the cache the others read.
  const fresh = kfpTs({ KFP_TS_SNAPSHOT: "verbose" });
  const ts = kfpTs({ KFP_TS_SNAPSHOT: "verbose" });
  const plain = kfpTs({ KFP_TS_SNAPSHOT: "0" });
  const py = measure(python, ["-W", "ignore::FutureWarning", "scale.py"], dir);
  rows.push({ tasks, ts, fresh, plain, py });
}

const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);
console.log(`Generated pipelines over ${componentCount} components: one cold compile each (wall time, peak RSS)`);
console.log('kfp-ts from the compile snapshot with its bundle cache filled ("snapshot"), from the snapshot bundling all 50 components');
console.log('(its first compile, "no cache"), and without the snapshot ("plain", KFP_TS_SNAPSHOT=0)\n');
console.log(`${pad("tasks", 8)}${pad("kfp-ts", 10)}${num("kfp-ts s", 10)}${num("python s", 10)}${num("ratio", 8)}${num("kfp-ts MB", 11)}${num("python MB", 11)}${num("ratio", 8)}`);
for (const { tasks, ts, fresh, plain, py } of rows) {
  for (const [kind, run] of [["snapshot", ts], ["no cache", fresh], ["plain", plain]]) {
    console.log(`${pad(tasks, 8)}${pad(kind, 10)}${num(run.seconds.toFixed(2), 10)}${num(py.seconds.toFixed(2), 10)}${num((run.seconds / py.seconds).toFixed(2), 8)}${num(run.mb.toFixed(0), 11)}${num(py.mb.toFixed(0), 11)}${num((run.mb / py.mb).toFixed(2), 8)}`);
  }
}
if (rows.length > 1) {
  const [small, large] = [rows[0], rows[rows.length - 1]];
  const growth = (k) => (large[k].seconds / small[k].seconds).toFixed(1);
  console.log(`\ngrowth from ${small.tasks} to ${large.tasks} tasks: kfp-ts ${growth("ts")}x from the snapshot, ${growth("fresh")}x without the bundle cache, ${growth("plain")}x plain; python ${growth("py")}x`);
}
