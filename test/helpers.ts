import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Project } from "ts-morph";
import { analyzeSourceTexts, type AnalysisResult } from "../transformer/analysis/index.js";
import { compile } from "../transformer/compile.js";
import { CompileError, type Diagnostic } from "../transformer/diagnostics.js";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const pythonBin = `${repoRoot}.venv/bin/python`;
export const cli = `${repoRoot}bin/kfp-ts.js`;

/** TypeScript's errors (`TS…`) of compiling `file` in this process (type checking on); none when it compiles. */
export async function compileTypeErrors(file: string): Promise<Diagnostic[]> {
  try {
    await compile(file, { typeCheck: true });
    return [];
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    return error.diagnostics.filter((d) => d.code.startsWith("TS"));
  }
}

/** The examples a user runs, relative to examples/: each top-level file, and each sample folder's pipeline.ts. */
export function exampleEntries(): string[] {
  const entries = readdirSync(`${repoRoot}examples`, { withFileTypes: true });
  return [
    ...entries.filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")).map((e) => e.name),
    ...entries.filter((e) => e.isDirectory() && existsSync(`${repoRoot}examples/${e.name}/pipeline.ts`)).map((e) => `${e.name}/pipeline.ts`),
  ].sort();
}

/** Runs the real `kfp-ts` executable (this repository's, unless `cli` names an installed one), as another user with `uid`/`gid`. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; cli?: string; uid?: number; gid?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [options.cli ?? cli, ...args], {
    ...(options.uid !== undefined && { uid: options.uid }),
    ...(options.gid !== undefined && { gid: options.gid }),
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs the real `kfp-ts` executable without blocking this process (for servers the test itself runs). */
export function runCliAsync(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env: { ...process.env, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

let shared: Project | undefined;
let counter = 0;

/**
 * Analyses TypeScript source text as if it were a file in the repository (so `kfp-ts` resolves), by
 * default in test/, sharing one Project across calls as ts-morph's own tests do. The file stays in memory.
 */
export function analyzeText(text: string, file = `${repoRoot}test/fixture-${++counter}.ts`, options: { typeCheck?: boolean } = {}): AnalysisResult {
  return analyzeTexts([{ text, file }], options)[0]!;
}

/** {@link analyzeText} for many sources at once: TypeScript builds one program for all of them. */
export function analyzeTexts(sources: readonly { text: string; file?: string }[], options: { typeCheck?: boolean } = {}): AnalysisResult[] {
  shared ??= new Project({ tsConfigFilePath: `${repoRoot}tsconfig.json`, skipAddingFilesFromTsConfig: true });
  return analyzeSourceTexts(shared, sources.map(({ text, file }) => ({ path: file ?? `${repoRoot}test/fixture-${++counter}.ts`, text })), options);
}

export interface KfpToolResponse {
  compile: ({ ok: true; out: string } | { ok: false; error: string; trace: string })[];
  check: ({ ok: true; path: string; name: string; tasks: number } | { ok: false; error: string; trace: string })[];
  sameAsJson: ({ ok: true; difference: string | null } | { ok: false; error: string; trace: string })[];
}

/** Asks the reference Python SDK (test/compat/kfp_tool.py) to compile twins and to check specs. */
export async function kfpTool(request: { compile?: { module: string; export: string; out: string }[]; check?: string[]; sameAsJson?: { yaml: string; json: string }[] }): Promise<KfpToolResponse> {
  if (!existsSync(pythonBin)) throw new Error(`the reference SDK is not installed: run scripts/setup-python.sh (expected ${pythonBin})`);
  const child = spawn(pythonBin, [`${repoRoot}test/compat/kfp_tool.py`], { cwd: repoRoot });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.end(JSON.stringify(request));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`kfp_tool.py exited with ${code}:\n${stderr}`);
  return JSON.parse(stdout) as KfpToolResponse;
}

/**
 * A new ESM project in a temporary folder (`prefix` names it) that imports kfp-ts from this repository, as an
 * installed package; `files` are written into it (relative path → text, folders made as needed; a `package.json`
 * among them replaces the default one). The caller removes the folder.
 */
export function linkedProject(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(repoRoot, join(dir, "node_modules", "kfp-ts"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A long-running `kfp-ts` (a `--watch`) in `cwd`, with what it printed on either stream so far. */
export function startCli(args: readonly string[], cwd: string) {
  const child = spawn(process.execPath, [cli, ...args], { cwd });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  return {
    child,
    output: () => output,
    /** Waits for `pattern` in what was printed after `from`; returns where the output ends (no timing margin: the test's timeout bounds it). */
    async printed(pattern: RegExp, from: number): Promise<number> {
      while (!pattern.test(output.slice(from))) await new Promise((r) => setTimeout(r, 100));
      return output.length;
    },
  };
}
