// The recipe for mixed teams: a Python pipeline loads the YAML `kfp-ts compile` writes for a TypeScript component,
// wires it to Python components, compiles, and runs with kfp.local's SubprocessRunner; the TS bundle runs under Node.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { expect, it } from "vitest";
import { pythonBin, repoRoot, runCli } from "../helpers.js";

it("a Python pipeline reuses a kfp-ts component YAML and runs it in kfp.local", () => {
  const out = mkdtempSync(join(tmpdir(), "kfp-ts-python-reuse-"));
  const compiled = runCli(["compile", "test/python-reuse/components.ts", "-o", `${out}/`]);
  expect(compiled.stderr).toContain("component 'word-stats'");
  const python = spawnSync(pythonBin, [join(repoRoot, "test/python-reuse/pipeline.py"), join(out, "word-stats.yaml"), join(out, "root"), join(out, "python.yaml")], { cwd: out, encoding: "utf8" });
  expect(python.status, python.stderr).toBe(0);
  const lines = python.stdout.trim().split("\n");
  expect(JSON.parse(lines.at(-1)!)).toBe("4 words: hello grace from python | hello grace from python | hello grace from python");
  // The TypeScript task ran its bundle under Node, between the two Python tasks.
  // eslint-disable-next-line no-control-regex -- kfp.local colours its log
  expect(python.stdout.replace(/\x1b\[[0-9;]*m/g, "")).toContain("Task 'word-stats' finished with status SUCCESS");
  const spec = parse(readFileSync(join(out, "python.yaml"), "utf8")) as { deploymentSpec: { executors: Record<string, { container: { command: string[]; image: string } }> } };
  const command = spec.deploymentSpec.executors["exec-word-stats"]!.container.command;
  expect(command.slice(0, 2)).toEqual(["node", "-e"]);
  expect(command[2]).toContain("kfp.dsl.executor_main");
  expect(spec.deploymentSpec.executors["exec-word-stats"]!.container.image).toBe("node:22-slim");
}, 300_000);
