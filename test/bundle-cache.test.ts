// Finished component bundles are kept on disk by content (transformer/bundle/bundle-cache.ts): a compile whose
// component reads the same bytes takes its bundle from there, and any change to what the bundle was made from
// (an input's bytes, a file that now shadows an import) bundles it afresh, byte for byte as without the cache.
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { compile, type CompileResult } from "../transformer/compile.js";
import { linkedProject, runCli } from "./helpers.js";

let project: string;
let cache: string;

beforeEach(() => {
  const lines = (...texts: string[]) => [...texts, ""].join("\n");
  project = linkedProject("kfp-ts-bundle-cache-", {
    "package.json": lines('{ "name": "cached", "type": "module" }'),
    "greeting.ts": lines('export const greeting = "hello";'),
    "greet.ts": lines('import { component } from "kfp-ts";', 'import { greeting } from "./greeting.js";', "export const greet = component((name: string): string => `${greeting} ${name}`);"),
    "shout.ts": lines('import { component } from "kfp-ts";', "export const shout = component((text: string): string => text.toUpperCase());"),
    "pipeline.ts": lines('import { pipeline } from "kfp-ts";', 'import { greet } from "./greet.js";', 'import { shout } from "./shout.js";',
      'export const cached = pipeline({ name: "cached" }, (name = "kfp") => { shout(greet(name)); });'),
  });
  cache = join(project, "cache");
  vi.stubEnv("KFP_TS_CACHE_DIR", cache);
  vi.stubEnv("KFP_TS_BUNDLE_CACHE", undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const compileProject = () => compile(join(project, "pipeline.ts"), { typeCheck: false });
const codeOf = (result: CompileResult, name: string) => result.bundles.find((b) => b.component.functionName === name)!.code;
const records = () => readdirSync(join(cache, "bundles")).map((file) => join(cache, "bundles", file));

/** The same compile with the cache turned off: what the bytes must be. */
async function uncached(): Promise<CompileResult> {
  vi.stubEnv("KFP_TS_BUNDLE_CACHE", "0");
  try {
    return await compileProject();
  } finally {
    vi.stubEnv("KFP_TS_BUNDLE_CACHE", undefined);
  }
}

/** Marks every stored bundle, so that a compile that takes one from the cache shows it. */
function markStoredBundles(): void {
  for (const record of records()) {
    const stored = JSON.parse(readFileSync(record, "utf8")) as { code?: string };
    if (stored.code === undefined) continue;
    writeFileSync(record, JSON.stringify({ ...stored, code: `${stored.code}// from the cache\n` }));
  }
}

describe("the bundle cache", () => {
  it("is read without loading esbuild: a compile whose components are all in it never starts the bundler", () => {
    // Reports, as the compile's process ends, whether esbuild's JavaScript API was loaded.
    const probe = join(project, "probe.mjs");
    writeFileSync(probe, 'import { createRequire } from "node:module"; const { cache } = createRequire(import.meta.url); process.on("exit", () => process.stderr.write(`esbuild loaded: ${Object.keys(cache).some((path) => /[\\\\/]esbuild[\\\\/]lib[\\\\/]main\\.js$/.test(path))}\\n`));\n');
    const compileOnce = () => runCli(["compile", join(project, "pipeline.ts"), "-o", join(project, "out.yaml")], { env: { KFP_TS_SNAPSHOT: "0", NODE_OPTIONS: `--import ${probe}` } });
    expect(compileOnce().stderr).toContain("esbuild loaded: true");
    const fromCache = compileOnce();
    expect(fromCache.status).toBe(0);
    expect(fromCache.stderr).toContain("esbuild loaded: false");
  });

  it("stores one bundle per component and gives the same spec bytes as a compile without it", async () => {
    const first = await compileProject();
    expect(records()).toHaveLength(2);
    const second = await compileProject();
    expect(second.specs[0]!.text).toBe(first.specs[0]!.text);
    expect(second.specs[0]!.text).toBe((await uncached()).specs[0]!.text);
  });

  it("takes a bundle from the cache while its inputs are unchanged", async () => {
    await compileProject();
    markStoredBundles();
    const result = await compileProject();
    expect(codeOf(result, "greet")).toMatch(/\/\/ from the cache\n$/);
    expect(codeOf(result, "shout")).toMatch(/\/\/ from the cache\n$/);
  });

  it("bundles afresh the component whose input changed, and only that one", async () => {
    await compileProject();
    markStoredBundles();
    writeFileSync(join(project, "greeting.ts"), 'export const greeting = "bonjour";\n');
    // A spec written next to the modules is not one of them.
    writeFileSync(join(project, "cached.yaml"), "");
    const result = await compileProject();
    expect(codeOf(result, "greet")).toContain('"bonjour"');
    expect(codeOf(result, "greet")).not.toContain("// from the cache");
    expect(codeOf(result, "greet")).toBe(codeOf(await uncached(), "greet"));
    expect(codeOf(result, "shout")).toMatch(/\/\/ from the cache\n$/);
  });

  it("notices a file added next to a module that now shadows one of its imports", async () => {
    await compileProject();
    markStoredBundles();
    writeFileSync(join(project, "greeting.js"), 'export const greeting = "hola";\n');
    const result = await compileProject();
    expect(codeOf(result, "greet")).toContain('"hola"');
    expect(codeOf(result, "greet")).toBe(codeOf(await uncached(), "greet"));
  });

  it("notices a package folder added closer to a module than where its import found the package", async () => {
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(project, file)), { recursive: true });
      writeFileSync(join(project, file), text);
    };
    write("node_modules/shouty/package.json", '{ "name": "shouty", "type": "module", "main": "index.js" }');
    write("node_modules/shouty/index.js", "export const shouty = (text) => text.toUpperCase();\n");
    write("steps/shout.ts", 'import { component } from "kfp-ts";\n// @ts-expect-error an untyped package\nimport { shouty } from "shouty";\nexport const shout = component((text: string): string => shouty(text));\n');
    write("pipeline.ts", 'import { pipeline } from "kfp-ts";\nimport { shout } from "./steps/shout.js";\nexport const cached = pipeline({ name: "cached" }, (name = "kfp") => { shout(name); });\n');
    await compileProject();
    markStoredBundles();
    expect(codeOf(await compileProject(), "shout")).toMatch(/\/\/ from the cache\n$/);
    write("steps/node_modules/shouty/package.json", '{ "name": "shouty", "type": "module", "main": "index.js" }');
    write("steps/node_modules/shouty/index.js", 'export const shouty = (text) => `${text}!`;\n');
    const result = await compileProject();
    expect(codeOf(result, "shout")).toContain("`${text}!`");
    expect(codeOf(result, "shout")).toBe(codeOf(await uncached(), "shout"));
  });

  it("keeps the 500 most recently used bundles", async () => {
    mkdirSync(join(cache, "bundles"), { recursive: true });
    const old = Array.from({ length: 500 }, (_, i) => join(cache, "bundles", `old-${String(i).padStart(3, "0")}.json`));
    old.forEach((file, i) => {
      writeFileSync(file, "{}");
      utimesSync(file, new Date(2020, 0, 1, 0, 0, i), new Date(2020, 0, 1, 0, 0, i));
    });
    await compileProject();
    expect(records()).toHaveLength(500);
    // The two oldest made room for this compile's two bundles, which the next compile takes from the cache.
    expect(existsSync(old[0]!) || existsSync(old[1]!)).toBe(false);
    expect(existsSync(old[2]!)).toBe(true);
    markStoredBundles();
    expect(codeOf(await compileProject(), "greet")).toMatch(/\/\/ from the cache\n$/);
  });

  it("is not used with KFP_TS_BUNDLE_CACHE=0", async () => {
    await compileProject();
    markStoredBundles();
    expect(codeOf(await uncached(), "greet")).not.toContain("// from the cache");
  });
});
