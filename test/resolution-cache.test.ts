// Module resolutions are shared by the compiles of a process (transformer/analysis/resolution-cache.ts; a compile
// snapshot holds them made): one is used again only while the file it found is there, no place it looked in vain
// has a file now, and the package.json files it read are unchanged. Each case compiles twice in this process, the
// second time after the change, and expects what a fresh process would find.
import { mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { compileTypeErrors, linkedProject } from "./helpers.js";

let project: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), text);
};

beforeEach(() => {
  project = linkedProject("kfp-ts-resolutions-", {});
  mkdirSync(join(project, "src"));
  write("node_modules/units/package.json", JSON.stringify({ name: "units", types: "index.d.ts" }));
  write("node_modules/units/index.d.ts", "export declare const unit: string;\n");
  write("src/pipeline.ts", [
    'import { component, pipeline } from "kfp-ts";',
    'import type { unit } from "units";',
    "export const echo = component((text: string): string => text);",
    "export const units = pipeline({ name: \"units\" }, (text: typeof unit) => { echo(text); });",
    "",
  ].join("\n"));
});

afterEach(() => rmSync(project, { recursive: true, force: true }));

/** The TypeScript errors of compiling the project's pipeline (none when it compiles). */
const typeErrors = async () => (await compileTypeErrors(join(project, "src/pipeline.ts"))).map((d) => `${d.code} ${d.message}`);

it("finds a package that a closer node_modules now holds", async () => {
  expect(await typeErrors()).toEqual([]);
  write("src/node_modules/units/package.json", JSON.stringify({ name: "units", types: "index.d.ts" }));
  write("src/node_modules/units/index.d.ts", "export declare const unit: number;\n");
  expect(await typeErrors()).toEqual([expect.stringMatching(/^TS2345 Argument of type 'number' is not assignable to parameter of type 'string'/)]);
  rmSync(join(project, "src/node_modules"), { recursive: true });
  expect(await typeErrors()).toEqual([]);
});

it("follows a package.json that now points elsewhere", async () => {
  expect(await typeErrors()).toEqual([]);
  write("node_modules/units/numbers.d.ts", "export declare const unit: number;\n");
  write("node_modules/units/package.json", JSON.stringify({ name: "units", types: "numbers.d.ts" }));
  expect(await typeErrors()).toEqual([expect.stringMatching(/^TS2345 /)]);
});

it("reports an import whose file is gone", async () => {
  expect(await typeErrors()).toEqual([]);
  rmSync(join(project, "node_modules/units"), { recursive: true });
  expect(await typeErrors()).toEqual([expect.stringMatching(/^TS2307 Cannot find module 'units'/)]);
});

it("follows a linked package to its new target, even with the same package.json stamps", async () => {
  // As pnpm links a package from its store, or npm link: two versions whose package.json differ in bytes only.
  const version = (name: string, type: string) => {
    write(`store/${name}/package.json`, JSON.stringify({ name: "units", version: name === "units@1" ? "1.0.0" : "2.0.0", types: "index.d.ts" }));
    write(`store/${name}/index.d.ts`, `export declare const unit: ${type};\n`);
    const then = new Date(499162860000); // npm's packed mtime, the same for every file
    for (const file of ["package.json", "index.d.ts"]) utimesSync(join(project, "store", name, file), then, then);
  };
  version("units@1", "string");
  version("units@2", "number");
  rmSync(join(project, "node_modules/units"), { recursive: true });
  symlinkSync(join(project, "store/units@1"), join(project, "node_modules/units"), "dir");
  expect(await typeErrors()).toEqual([]);
  rmSync(join(project, "node_modules/units"));
  symlinkSync(join(project, "store/units@2"), join(project, "node_modules/units"), "dir");
  expect(await typeErrors()).toEqual([expect.stringMatching(/^TS2345 /)]);
});
