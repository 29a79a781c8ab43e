// `kfp-ts compile` from a startup snapshot (src/cli/snapshot/): the same bytes, diagnostics and exit codes as
// without it, and a blob that is stale, truncated or garbage never breaks a compile.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedProject, repoRoot, runCli } from "./helpers.js";

const cache = mkdtempSync(join(tmpdir(), "kfp-ts-snapshot-cache-"));
const out = mkdtempSync(join(tmpdir(), "kfp-ts-snapshot-out-"));
const withSnapshot = { KFP_TS_SNAPSHOT: "verbose", KFP_TS_CACHE_DIR: cache };
const withoutSnapshot = { KFP_TS_SNAPSHOT: "0" };
const fromSnapshot = /compiling from the snapshot/;
/** What `KFP_TS_SNAPSHOT=verbose` adds: which way the compile went, and the compile process's peak memory. */
const withoutVerbose = (stderr: string) => stderr.replace(/^kfp-ts: (compiling from the snapshot|the compile's process peaked at) .*\n/gm, "");

const cacheFile = (extension: string) => join(cache, readdirSync(cache).find((name) => name.endsWith(extension))!);

function buildSnapshot(): void {
  const built = spawnSync(process.execPath, ["dist/src/cli/snapshot/build.js", "examples/hello-world.ts"], { cwd: repoRoot, env: { ...process.env, KFP_TS_CACHE_DIR: cache }, encoding: "utf8" });
  expect(built.stderr).toBe("");
  expect(built.status).toBe(0);
}

/** Waits for a background build the launcher started (its lock file goes when it ends). */
async function backgroundBuildEnded(): Promise<void> {
  for (let waited = 0; waited < 240 && readdirSync(cache).some((name) => name.endsWith(".lock")); waited++) await new Promise((r) => setTimeout(r, 500));
}

beforeAll(buildSnapshot, 240_000);
afterAll(async () => {
  await backgroundBuildEnded();
  rmSync(cache, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}, 240_000);

describe("compiling from the snapshot", () => {
  it.each(["hello-world.ts", "nested.ts", "penguins/pipeline.ts", "task-settings.ts", "interop/pipeline.ts"])("%s: the same files as without it", (example) => {
    const snapshotDir = join(out, "snapshot", example);
    const plainDir = join(out, "plain", example);
    const viaSnapshot = runCli(["compile", `examples/${example}`, "-o", `${snapshotDir}/`], { env: withSnapshot });
    expect(viaSnapshot.stderr).toMatch(fromSnapshot);
    expect(viaSnapshot.status).toBe(0);
    const plain = runCli(["compile", `examples/${example}`, "-o", `${plainDir}/`], { env: withoutSnapshot });
    expect(plain.status).toBe(0);
    expect(withoutVerbose(viaSnapshot.stderr).replaceAll(snapshotDir, plainDir)).toBe(plain.stderr);
    const files = readdirSync(plainDir).sort();
    expect(readdirSync(snapshotDir).sort()).toEqual(files);
    for (const file of files) expect(readFileSync(join(snapshotDir, file), "utf8")).toBe(readFileSync(join(plainDir, file), "utf8"));
  }, 120_000);

  it("writes to stdout with -o -, as without it", () => {
    const viaSnapshot = runCli(["compile", "examples/producer-consumer.ts", "-o", "-", "--format", "json"], { env: withSnapshot });
    const plain = runCli(["compile", "examples/producer-consumer.ts", "-o", "-", "--format", "json"], { env: withoutSnapshot });
    expect(viaSnapshot.stderr).toMatch(fromSnapshot);
    expect(viaSnapshot.stdout).toBe(plain.stdout);
    expect(JSON.parse(viaSnapshot.stdout).pipelineInfo.name).toBe("producer-consumer");
    // More than a pipe holds: the launcher relays all of it before it exits, which it does as soon as the compile
    // says it is finished (not when the compile's process is gone).
    const large = runCli(["compile", "examples/penguins/pipeline.ts", "-o", "-"], { env: withSnapshot });
    expect(large.stderr).toMatch(fromSnapshot);
    expect(large.stdout.length).toBeGreaterThan(128 * 1024);
    expect(large.stdout).toBe(runCli(["compile", "examples/penguins/pipeline.ts", "-o", "-"], { env: withoutSnapshot }).stdout);
  });

  it("reports a type error with the same diagnostics and exit code", () => {
    const viaSnapshot = runCli(["compile", "test/fixtures/bad/type-error.ts", "-o", join(out, "bad.yaml")], { env: withSnapshot });
    const plain = runCli(["compile", "test/fixtures/bad/type-error.ts", "-o", join(out, "bad.yaml")], { env: withoutSnapshot });
    expect(plain.status).toBe(1);
    expect(viaSnapshot.status).toBe(1);
    expect(withoutVerbose(viaSnapshot.stderr)).toBe(plain.stderr);
    expect(existsSync(join(out, "bad.yaml"))).toBe(false);
  });

  it("gives usage errors and help as without it", () => {
    const viaSnapshot = runCli(["compile", "examples/hello-world.ts", "--format", "xml"], { env: withSnapshot });
    const plain = runCli(["compile", "examples/hello-world.ts", "--format", "xml"], { env: withoutSnapshot });
    expect(viaSnapshot.status).toBe(2);
    expect(withoutVerbose(viaSnapshot.stderr)).toBe(plain.stderr);
    expect(runCli(["compile", "--help"], { env: withSnapshot }).stdout).toBe(runCli(["compile", "--help"], { env: withoutSnapshot }).stdout);
  });
});

describe("TypeScript's libraries", () => {
  // The snapshot's script leaves out ts-morph's in-memory copies of them (a Node project's program reads a few, and
  // the DOM's alone is 2 MB); a program that needs another reads it from kfp-ts's copy (dist/typescript-lib/).
  it("are not all held by the snapshot: a project whose tsconfig asks for the DOM's reads them, with or without it", () => {
    expect(readFileSync(cacheFile(".cjs"), "utf8")).not.toContain("interface AacEncoderConfig");
    const project = linkedProject("kfp-ts-snapshot-dom-", {
      "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", lib: ["ES2023", "DOM"], module: "NodeNext", strict: true, skipLibCheck: true, types: [] } }),
      "pipeline.ts": [
        'import { component, pipeline } from "kfp-ts";',
        "const title: string = document.title;",
        "const wrong: number = document.title;",
        'export const echo = component((text: string): string => text + title + wrong);',
        'export const p = pipeline({ name: "dom" }, () => { echo({ text: "hi" }); });',
        "",
      ].join("\n"),
    });
    try {
      const args = ["compile", join(project, "pipeline.ts"), "-o", join(out, "dom.yaml")];
      const viaSnapshot = runCli(args, { env: withSnapshot });
      expect(viaSnapshot.stderr).toMatch(fromSnapshot);
      // `document` is known (the DOM's library was read), and typed by it: only the second line is wrong.
      expect(viaSnapshot.stderr).toMatch(/pipeline\.ts:3:7 - error TS2322: Type 'string' is not assignable to type 'number'/);
      expect(viaSnapshot.stderr).not.toMatch(/TS2304|TS2584|TS6053/);
      expect(viaSnapshot.status).toBe(1);
      const plain = runCli(args, { env: withoutSnapshot });
      expect(withoutVerbose(viaSnapshot.stderr)).toBe(plain.stderr);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe("a snapshot that cannot be used", () => {
  it("is not used when stale (built by another Node), and the compile goes on", async () => {
    const manifest = cacheFile(".json");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/"node":"[^"]*"/, '"node":"v0.0.0"'));
    const result = runCli(["compile", "examples/hello-world.ts", "-o", join(out, "stale.yaml")], { env: withSnapshot });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/no current compile snapshot .*compiling without it/);
    expect(readFileSync(join(out, "stale.yaml"), "utf8")).toContain("pipelineInfo:\n  description: A simple intro pipeline");
    await backgroundBuildEnded();
  }, 240_000);

  it("is not used when a package it holds changed bytes but kept its files' sizes and times (an npm upgrade)", async () => {
    await backgroundBuildEnded();
    buildSnapshot();
    const manifest = cacheFile(".json");
    const recorded = JSON.parse(readFileSync(manifest, "utf8")) as { packages: Record<string, string> };
    const kfpTs = join(repoRoot, "package.json");
    expect(Object.keys(recorded.packages)).toContain(kfpTs);
    expect(Object.keys(recorded.packages).some((path) => path.endsWith("/node_modules/typescript/package.json") || path.endsWith("/node_modules/@ts-morph/common/package.json"))).toBe(true);
    // What a different version's package.json gives (its stamps are in the manifest's other list, left as they are).
    writeFileSync(manifest, JSON.stringify({ ...recorded, packages: { ...recorded.packages, [kfpTs]: "0".repeat(64) } }));
    const result = runCli(["compile", "examples/hello-world.ts", "-o", join(out, "upgraded.yaml")], { env: withSnapshot });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/no current compile snapshot .*compiling without it/);
    await backgroundBuildEnded();
  }, 480_000);

  it.each([
    ["garbage of the same size", (blob: Buffer) => Buffer.alloc(blob.length, 0x5a)],
    ["a blob with its middle overwritten", (blob: Buffer) => Buffer.concat([blob.subarray(0, 4096), Buffer.alloc(blob.length - 8192, 0xff), blob.subarray(blob.length - 4096)])],
  ])("falls back without an error when the blob is %s", async (_, corrupt) => {
    await backgroundBuildEnded();
    buildSnapshot();
    const blob = cacheFile(".blob");
    writeFileSync(blob, corrupt(readFileSync(blob)));
    const result = runCli(["compile", "examples/hello-world.ts", "-o", join(out, "corrupt.yaml")], { env: withSnapshot });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `kfp-ts: compiling from the snapshot ${blob}\n`
      + "kfp-ts: Node refused the snapshot: it is discarded (and rebuilt in the background); compiling without it\n"
      + `wrote ${relative(repoRoot, join(out, "corrupt.yaml"))}: pipeline 'hello-world', 1 task\n`,
    );
    expect(readFileSync(join(out, "corrupt.yaml"), "utf8")).toBe(readFileSync(join(out, "plain", "hello-world.ts", "hello-world.yaml"), "utf8"));
    // The rebuilt snapshot is used by the next compile.
    await backgroundBuildEnded();
    const next = runCli(["compile", "examples/hello-world.ts", "-o", join(out, "rebuilt.yaml")], { env: withSnapshot });
    expect(next.stderr).toMatch(fromSnapshot);
    expect(readFileSync(join(out, "rebuilt.yaml"), "utf8")).toBe(readFileSync(join(out, "corrupt.yaml"), "utf8"));
  }, 480_000);
});

describe("a snapshot build that fails", () => {
  it("is not started again by every compile: the failure holds until its inputs change (or a day passes)", async () => {
    const failing = mkdtempSync(join(tmpdir(), "kfp-ts-snapshot-failing-"));
    const env = { KFP_TS_SNAPSHOT: "verbose", KFP_TS_CACHE_DIR: failing };
    const inCache = (suffix: string) => readdirSync(failing).find((name) => name.endsWith(suffix));
    try {
      // Warmed with a file that does not exist, the program inside `node --build-snapshot` throws.
      const built = spawnSync(process.execPath, ["dist/src/cli/snapshot/build.js", join(failing, "missing.ts")], { cwd: repoRoot, env: { ...process.env, KFP_TS_CACHE_DIR: failing }, encoding: "utf8" });
      expect(built.status).toBe(1);
      expect(built.stderr).toMatch(/^kfp-ts: cannot build the compile snapshot: node --build-snapshot failed/);
      const failureFile = join(failing, inCache(".failed.json")!);
      const failure = JSON.parse(readFileSync(failureFile, "utf8")) as { at: number; error: string; inputs: Record<string, unknown> };
      expect(Object.keys(failure.inputs).length).toBeGreaterThan(10);
      expect(failure.error.length).toBeLessThanOrEqual(2001);

      const result = runCli(["compile", "examples/hello-world.ts", "-o", join(out, "after-failure.yaml")], { env });
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/^kfp-ts: the last build of the compile snapshot failed \(.+\): compiling without it, and not building it again/);
      // No build started in the background (one takes its lock at once and runs for seconds).
      await new Promise((r) => setTimeout(r, 1500));
      expect(inCache(".lock")).toBeUndefined();
      expect(inCache(".blob")).toBeUndefined();

      // Once the failure no longer holds, a compile starts a build again; its success clears the failure.
      writeFileSync(failureFile, JSON.stringify({ ...failure, at: failure.at - 2 * 24 * 60 * 60 * 1000 }));
      const again = runCli(["compile", "examples/hello-world.ts", "-o", join(out, "after-failure.yaml")], { env });
      expect(again.stderr).toMatch(/no current compile snapshot .*building it in the background/);
      for (let waited = 0; waited < 480 && !(inCache(".blob") && !inCache(".lock")); waited++) await new Promise((r) => setTimeout(r, 500));
      expect(inCache(".blob")).toBeDefined();
      expect(inCache(".failed.json")).toBeUndefined();
    } finally {
      for (let waited = 0; waited < 480 && inCache(".lock"); waited++) await new Promise((r) => setTimeout(r, 500));
      rmSync(failing, { recursive: true, force: true });
    }
  }, 480_000);
});
