// Compiled YAML must mean the same to YAML 1.1 readers (PyYAML in the Python SDK and kfp.Client, yaml.v2 in
// the backends) as to YAML 1.2 readers: each spec loaded by PyYAML equals the same spec written as JSON.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../transformer/compile.js";
import { needsQuotes, pythonFloatText } from "../src/spec/portable-yaml.js";
import { serializeSpec } from "../src/spec/write.js";
import { exampleEntries, kfpTool, pythonBin, repoRoot, type KfpToolResponse } from "./helpers.js";

const sources = [...exampleEntries().map((e) => `examples/${e}`), "test/fixtures/yaml-tricky-values.ts"];
const out = mkdtempSync(join(tmpdir(), "kfp-ts-yaml-"));
const files: { name: string; yaml: string; json: string; text: string }[] = [];
let python: KfpToolResponse;

beforeAll(async () => {
  for (const source of sources) {
    const result = await compile(join(repoRoot, source), { typeCheck: false });
    for (const compiled of result.specs) {
      const base = join(out, `${source.replaceAll("/", "_")}-${compiled.exportName}`);
      writeFileSync(`${base}.yaml`, compiled.text);
      writeFileSync(`${base}.json`, serializeSpec(compiled.spec, "json", undefined));
      files.push({ name: `${source} ${compiled.exportName}`, yaml: `${base}.yaml`, json: `${base}.json`, text: compiled.text });
    }
  }
  python = await kfpTool({ sameAsJson: files.map(({ yaml, json }) => ({ yaml, json })) });
});

describe("compiled YAML reads the same under YAML 1.1 and 1.2", () => {
  it("PyYAML loads every example's spec, and the fixture of tricky values, equal to its JSON", () => {
    expect(files.map((f) => f.name)).toContain("test/fixtures/yaml-tricky-values.ts trickyValues");
    const differences = files.map((file, i) => {
      const answer = python.sameAsJson[i]!;
      return answer.ok ? answer.difference : answer.error;
    });
    expect(differences.filter((d) => d !== null)).toEqual([]);
    expect(differences).toHaveLength(files.length);
  });

  it("a YAML 1.2 reader loads them equal to the spec too", async () => {
    for (const source of ["test/fixtures/yaml-tricky-values.ts", "examples/parameters.ts"]) {
      const result = await compile(join(repoRoot, source), { typeCheck: false });
      for (const compiled of result.specs) expect(parse(compiled.text)).toEqual(compiled.spec);
    }
  });

  it("writes doubles as the Python SDK does, and integers where the protobuf field is an int32", () => {
    const tricky = files.find((f) => f.name.endsWith("trickyValues"))!.text;
    expect(tricky).toMatch(/^ {8}defaultValue: 2\.0$/m);
    expect(tricky).toMatch(/^ {8}defaultValue: 1\.0e-07$/m);
    expect(tricky).toMatch(/^ {8}defaultValue: 2\.0e\+21$/m);
    expect(tricky).toMatch(/^ {8}defaultValue: 'no'$/m);
    const settings = files.find((f) => f.name.startsWith("examples/task-settings.ts"))!.text;
    expect(settings).toMatch(/^ {10}maxRetryCount: \d+$/m);
    expect([2, 0.5, 1e-7, 2e21, -3, 5e-324, 1.5e300].map(pythonFloatText)).toEqual(["2.0", "0.5", "1.0e-07", "2.0e+21", "-3.0", "5.0e-324", "1.5e+300"]);
  });

  it("writes every double exactly as PyYAML does, where Python's repr and JavaScript's String switch to exponents apart", () => {
    const values = [1e16, 1e15, 1e-5, 1e-4, 0.00012, 123456789012345678, 1e21, 2.5e-7, -4.25e17, 9007199254740993, 0.1 + 0.2];
    const dumped = spawnSync(pythonBin, ["-c", "import json, sys, yaml; print(json.dumps([yaml.dump(float(v)).split(chr(10))[0] for v in json.loads(sys.argv[1])]))", JSON.stringify(values)], { encoding: "utf8" });
    expect(dumped.status, dumped.stderr).toBe(0);
    expect(values.map(pythonFloatText)).toEqual(JSON.parse(dumped.stdout));
  });

  it.each(["no", "yes", "On", "OFF", "y", "N", "~", "null", "true", "", "1_000", "2001-01-01", "0o17", "017", "0x1F", "0b101", "1:20", ".inf", ".nan", "1e3", "=", "<<"])(
    "quotes %j", (text) => expect(needsQuotes(text)).toBe(true));

  it.each(["hello", "no way", "v1.0", "node:22-slim", "system.Artifact", "2001-01", "a\nyes"])("leaves %j plain", (text) => expect(needsQuotes(text)).toBe(false));
});
