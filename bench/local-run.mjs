#!/usr/bin/env node
// Local execution, kfp-ts against the Python SDK's local runner (kfp.local, SubprocessRunner), in one run:
//   1. per-task overhead: a chain of 20 no-op tasks, wall time / 20;
//   2. 16 independent tasks that each sleep 1 s;
//   3. a ParallelFor over 16 items whose task sleeps 1 s: the Python SDK's spec, run by both
//      (kfp-ts runs its Python components with the reference SDK's python3).
// The machine is shared and noisy: read the ratios, not the absolute times.
//   node bench/local-run.mjs [--python-venv]    (--python-venv: the SDK's default use_venv=True, which
//                                                 pip-installs into a fresh venv per task; slow)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const venv = process.argv.includes("--python-venv");
const { compile } = await import(join(root, "dist/transformer/index.js"));
const { runPipelineSpec } = await import(join(root, "dist/src/local/index.js"));

const specs = Object.fromEntries((await compile(join(root, "bench/pipelines.ts"))).specs.map((s) => [s.exportName, s.spec]));
const { parse } = await import("yaml");
const loopSpec = join(mkdtempSync(join(tmpdir(), "kfp-ts-bench-")), "loop16.yaml");
spawnSync(join(root, ".venv/bin/python"), [join(root, "bench/python_local.py"), "compile", "loop16", loopSpec], { stdio: "inherit" });
specs.loop16 = parse(readFileSync(loopSpec, "utf8"));
process.env.PATH = `${join(root, ".venv/bin")}:${process.env.PATH}`;

async function kfpTs(name, concurrency) {
  const start = performance.now();
  const result = await runPipelineSpec(specs[name], { root: mkdtempSync(join(tmpdir(), "kfp-ts-bench-")), cache: false, concurrency });
  if (result.status !== "succeeded") throw new Error(`${name} ${result.status}`);
  return (performance.now() - start) / 1000;
}

function python(name) {
  const out = spawnSync(join(root, ".venv/bin/python"), [join(root, "bench/python_local.py"), name, mkdtempSync(join(tmpdir(), "kfp-py-bench-")), ...(venv ? ["--venv"] : [])], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`python ${name} failed:\n${out.stderr.slice(-2000)}`);
  return Number(out.stdout.trim().split("\n").pop());
}

await kfpTs("chain20", 2); // warm the file system and Node's caches once
const rows = [
  ["chain of 20 no-op tasks: per task", (await kfpTs("chain20", availableParallelism())) / 20, python("chain20") / 20],
  ["16 tasks sleeping 1 s: wall time", await kfpTs("sleeps16", 16), python("sleeps16")],
  ["ParallelFor of 16 × 1 s: wall time", await kfpTs("loop16", 16), python("loop16")],
];

console.log(`Local runs on ${availableParallelism()} CPUs; kfp-ts with --concurrency 16 for the sleeps (the Python SDK runs tasks one at a time);`);
console.log(`Python SDK: kfp.local.SubprocessRunner(use_venv=${venv ? "True" : "False"})${venv ? "" : " (its fastest mode; the default use_venv=True adds a venv and pip installs per task)"}\n`);
console.log(`${"".padEnd(36)}${"kfp-ts s".padStart(10)}${"python s".padStart(10)}${"ratio".padStart(8)}`);
for (const [label, ts, py] of rows) console.log(`${label.padEnd(36)}${ts.toFixed(3).padStart(10)}${py.toFixed(3).padStart(10)}${(ts / py).toFixed(3).padStart(8)}`);
