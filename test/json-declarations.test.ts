// A large imported JSON file is typed from a declaration of what TypeScript inferred for it (written when the
// compile snapshot is built, see transformer/analysis/json-declarations.ts) rather than by checking the literal
// again: the compile must report exactly what it reports without one, and stop using it once the JSON changes.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { preloadAnalysis } from "../transformer/analysis/index.js";
import { compile } from "../transformer/compile.js";
import { CompileError, type Diagnostic } from "../transformer/diagnostics.js";
import { linkedProject } from "./helpers.js";

let project: string;

/** Rows of awkward shapes: nested objects, nulls, mixed and empty arrays, keys that are not identifiers. */
function data(extra: Record<string, unknown> = {}) {
  const rows = Array.from({ length: 400 }, (_, i) => ({
    id: i,
    "display name": `row ${i}`,
    "1st": i % 2 === 0,
    score: i % 7 === 0 ? null : i / 3,
    tags: i % 5 === 0 ? [] : ["a", i],
    nested: { depth: { deeper: i % 3 === 0 ? "x" : null }, list: [{ k: i }] },
    ...(i % 11 === 0 && { optional: "sometimes" }),
  }));
  return JSON.stringify({ version: 2, rows, ...extra }, null, 1);
}

const source = [
  'import { component, pipeline } from "kfp-ts";',
  'import table from "./table.json" with { type: "json" };',
  "const first = table.rows[0]!;",
  'const wrongName: number = first["display name"];',
  "const score: number = first.score;",
  "const missing = first.nope;",
  "const deeper: string = first.nested.depth.deeper;",
  "const tag: string = first.tags[0];",
  "const optional: string = first.optional;",
  "const version: string = table.version;",
  "export const count = component((): number => table.rows.length);",
  'export const rows = pipeline({ name: "rows" }, () => { count(); });',
  "",
].join("\n");

beforeEach(() => {
  project = linkedProject("kfp-ts-json-types-", { "table.json": data(), "pipeline.ts": source });
  vi.stubEnv("KFP_TS_CACHE_DIR", join(project, "cache"));
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(project, { recursive: true, force: true });
});

async function diagnostics(): Promise<Diagnostic[]> {
  try {
    return [...(await compile(join(project, "pipeline.ts"))).warnings];
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    return [...error.diagnostics];
  }
}

const declarations = () => (existsSync(join(project, "cache/json-types")) ? readdirSync(join(project, "cache/json-types")) : []);

it("reports the same type errors from the declaration as from the JSON", async () => {
  const fromJson = await diagnostics();
  expect(fromJson.filter((d) => d.code.startsWith("TS")).length).toBeGreaterThanOrEqual(7);
  preloadAnalysis(join(project, "pipeline.ts"));
  expect(declarations()).toEqual([expect.stringMatching(/\.d\.json\.ts$/)]);
  expect(readFileSync(join(project, "cache/json-types", declarations()[0]!), "utf8")).toMatch(/^declare const json: \{/m);
  expect(await diagnostics()).toEqual(fromJson);
  // The compile did read the declaration: one that says otherwise changes what it reports.
  writeFileSync(join(project, "cache/json-types", declarations()[0]!), "declare const json: { version: string; rows: any[] };\nexport = json;\n");
  expect((await diagnostics()).filter((d) => d.code.startsWith("TS"))).toEqual([]);
});

it("types the JSON again once its bytes change", async () => {
  const versionLine = source.split("\n").findIndex((line) => line.startsWith("const version")) + 1;
  const onVersionLine = async () => (await diagnostics()).filter((d) => d.location?.line === versionLine).map((d) => d.code);
  preloadAnalysis(join(project, "pipeline.ts"));
  expect(await onVersionLine()).toEqual(["TS2322"]);
  writeFileSync(join(project, "table.json"), data({ version: "two" }));
  expect(await onVersionLine()).toEqual([]);
});

it("types a named import from the JSON module as the JSON does", async () => {
  writeFileSync(join(project, "pipeline.ts"), source.replace("import table from", "import { rows as table } from"));
  const fromJson = await diagnostics();
  expect(fromJson.filter((d) => d.code === "TS2339")).not.toHaveLength(0);
  preloadAnalysis(join(project, "pipeline.ts"));
  expect(declarations()).toHaveLength(1);
  expect(await diagnostics()).toEqual(fromJson);
});

it("leaves the JSON to be typed as usual when the cache cannot be written", async () => {
  writeFileSync(join(project, "cache"), "a file where the cache folder would be");
  const fromJson = await diagnostics();
  expect(() => preloadAnalysis(join(project, "pipeline.ts"))).not.toThrow();
  expect(await diagnostics()).toEqual(fromJson);
});
