// A one-shot compile keeps TypeScript's errors of the files it checks, keyed by everything they depend on
// (transformer/analysis/type-check.ts): it reports them again while the program is the same, and checks again
// when any of its files, or where one of its imports resolves, changes.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { compileTypeErrors, linkedProject } from "./helpers.js";

let project: string;

const double = ['import { component } from "kfp-ts";', "export const double = component((x: number): number => x * 2);", ""].join("\n");
const pipelineSource = [
  'import { pipeline } from "kfp-ts";',
  // Both declarations come first, so that the program lists its files in the same order whichever `lib` means.
  'import type { first } from "lib/a.js";',
  'import type { second } from "lib/b.js";',
  'import { value } from "lib";',
  'import { double } from "./double.js";',
  "const wanted: number = value;",
  'const wrong: string = 1;',
  'export const twice = pipeline({ name: "twice" }, (x: number) => {',
  "  double(x);",
  "});",
  "",
].join("\n");

beforeEach(() => {
  project = linkedProject("kfp-ts-check-record-", {
    "double.ts": double,
    "pipeline.ts": pipelineSource,
    // Two declarations of `value`, both in the program: which one `lib` means is up to its package.json.
    "node_modules/lib/package.json": JSON.stringify({ name: "lib", types: "./a.d.ts" }),
    "node_modules/lib/a.d.ts": "export declare const value: number;\nexport type first = number;\n",
    "node_modules/lib/b.d.ts": "export declare const value: string;\nexport type second = string;\n",
  });
  vi.stubEnv("KFP_TS_CACHE_DIR", join(project, "cache"));
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(project, { recursive: true, force: true });
});

const typeErrors = () => compileTypeErrors(join(project, "pipeline.ts"));

const recordPath = () => {
  const names = readdirSync(join(project, "cache/checks"));
  expect(names).toHaveLength(1);
  return join(project, "cache/checks", names[0]!);
};

/** Rewrites the kept record so that it says something the program does not: a compile that reports it used the record. */
function tamperWithRecord(): void {
  const record = JSON.parse(readFileSync(recordPath(), "utf8")) as { diagnostics: { messageText: unknown }[] };
  record.diagnostics[0]!.messageText = "from the record";
  writeFileSync(recordPath(), JSON.stringify(record));
}

it("reports the kept errors while the program is the same, and checks again once a file it imports changes", async () => {
  const first = await typeErrors();
  expect(first.map((d) => `${d.code} ${d.location?.line}`)).toEqual(["TS2322 7"]);
  expect(await typeErrors()).toEqual(first);
  tamperWithRecord();
  expect((await typeErrors()).map((d) => d.message)).toEqual(["from the record"]);
  // Not the entry file: the component it imports now takes a string.
  writeFileSync(join(project, "double.ts"), double.replace("(x: number): number => x * 2", "(x: string): string => x"));
  const checked = await typeErrors();
  expect(checked.map((d) => `${d.code} ${d.location?.line}`)).toEqual(["TS2322 7", "TS2345 9"]);
  expect(checked[0]!.message).toBe(first[0]!.message);
});

it("checks again when an import resolves elsewhere, though no file of the program changed", async () => {
  expect((await typeErrors()).map((d) => `${d.code} ${d.location?.line}`)).toEqual(["TS2322 7"]);
  tamperWithRecord();
  writeFileSync(join(project, "node_modules/lib/package.json"), JSON.stringify({ name: "lib", types: "./b.d.ts" }));
  const checked = await typeErrors();
  expect(checked.map((d) => `${d.code} ${d.location?.line}`)).toEqual(["TS2322 6", "TS2322 7"]);
  expect(checked.map((d) => d.message)).not.toContain("from the record");
});

it("checks again when the record is unreadable, and compiles when the cache cannot be written", async () => {
  const first = await typeErrors();
  writeFileSync(recordPath(), "{ not json");
  expect(await typeErrors()).toEqual(first);
  expect(JSON.parse(readFileSync(recordPath(), "utf8"))).toMatchObject({ diagnostics: [expect.objectContaining({ code: 2322 })] });
  // A file where the cache folder would be: nothing is kept, the errors are the same.
  rmSync(join(project, "cache"), { recursive: true });
  writeFileSync(join(project, "cache"), "");
  expect(await typeErrors()).toEqual(first);
  expect(await typeErrors()).toEqual(first);
});
