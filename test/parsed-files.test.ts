// One process's compiles share what they parsed (transformer/analysis/source-file-cache.ts), as a compile snapshot
// holds it: a declaration file is read again only when it is no longer the same file, and a module parsed and bound
// under some compiler options is not reused under others.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { compileTypeErrors, linkedProject } from "./helpers.js";

let project: string;

const tsconfig = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", strict: true, skipLibCheck: true, types: [], ...extra } });

beforeEach(() => {
  project = linkedProject("kfp-ts-parsed-files-", {
    "tsconfig.json": tsconfig(),
    "node_modules/lib/package.json": JSON.stringify({ name: "lib", types: "./index.d.ts" }),
    "node_modules/lib/index.d.ts": "export declare const value: number;\n",
    "pipeline.ts": [
      'import { component, pipeline } from "kfp-ts";',
      'import { value } from "lib";',
      "export const twice = component((x: number): number => {",
      "  return x * value;",
      "  x++;",
      "});",
      'export const p = pipeline({ name: "p" }, () => { twice(1); });',
      "",
    ].join("\n"),
  });
  // Every compile checks afresh: what is asserted is what TypeScript makes of the files, not a kept record of it.
  vi.stubEnv("KFP_TS_CACHE_DIR", join(project, "cache"));
  vi.stubEnv("KFP_TS_CHECK_CACHE", "0");
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(project, { recursive: true, force: true });
});

const typeErrors = async () => (await compileTypeErrors(join(project, "pipeline.ts"))).map((d) => `${d.code} ${d.location?.line}`);

it("reads a declaration file again once it changed, even to the same size", async () => {
  expect(await typeErrors()).toEqual([]);
  // `number` → `string`: the same size, the same folder.
  writeFileSync(join(project, "node_modules/lib/index.d.ts"), "export declare const value: string;\n");
  expect(await typeErrors()).toEqual(["TS2363 4"]);
});

it("binds a module again under other compiler options (the binder marks a switch's fallthroughs only when they are errors)", async () => {
  writeFileSync(join(project, "pipeline.ts"), [
    'import { component } from "kfp-ts";',
    "export const count = component((n: number): number => {",
    "  let total = 0;",
    "  switch (n) {",
    "    case 1:",
    "      total++;",
    "    case 2:",
    "      total++;",
    "  }",
    "  return total;",
    "});",
    "",
  ].join("\n"));
  expect(await typeErrors()).toEqual([]);
  writeFileSync(join(project, "tsconfig.json"), tsconfig({ noFallthroughCasesInSwitch: true }));
  expect(await typeErrors()).toEqual(["TS7029 5"]);
  writeFileSync(join(project, "tsconfig.json"), tsconfig());
  expect(await typeErrors()).toEqual([]);
});
