// Builds the compile snapshot of a project: bundles ./compile-main.js (the TypeScript compiler and kfp-ts's
// compile command) into one script, runs it under `node --build-snapshot`, then writes the manifest.
//   node dist/src/cli/snapshot/build.js [entry.ts…]      (the launcher starts it in the background, with the file it compiles)
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { typescriptLibFolder } from "../../../transformer/analysis/typescript-lib.js";
import { writeCacheFile } from "../../../transformer/cache-directory.js";
import { fileStamp, packageHashes, snapshotFiles, stampsOf, tsconfigOf, type SnapshotFailure, type SnapshotFiles, type SnapshotManifest } from "./cache.js";
import { snapshotProtocol } from "./protocol.js";

/** A build older than this is taken to have died: its lock no longer holds. */
const staleLockMs = 10 * 60 * 1000;

/**
 * Builds the snapshot of the project around `cwd`, warmed with the declaration files the entry files read.
 * Returns false (building nothing) when another build holds the lock; throws when the build fails.
 */
export async function buildCompileSnapshot(cwd: string, entryFiles: readonly string[] = []): Promise<boolean> {
  const files = snapshotFiles(cwd);
  mkdirSync(files.directory, { recursive: true });
  if (!takeLock(files)) return false;
  const blob = `${files.blob}.${process.pid}.tmp`;
  const inputs: string[] = [];
  try {
    inputs.push(...(await bundleProgram(files)));
    const warmWith = entryFiles.map((file) => resolve(cwd, file));
    for (const tsconfig of new Set(warmWith.map(tsconfigOf))) if (tsconfig) inputs.push(tsconfig);
    // The compile reads TypeScript's libraries from there (the bundle leaves ts-morph's copies out): gone, the snapshot is made again.
    const libFolder = typescriptLibFolder();
    if (libFolder) inputs.push(join(libFolder, "lib.d.ts"));
    const built = spawnSync(process.execPath, [...snapshotProtocol.nodeFlags, "--snapshot-blob", blob, "--build-snapshot", files.script, ...warmWith], { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    if (built.status !== 0) throw new Error(`node --build-snapshot failed (${built.status ?? built.signal}):\n${built.stderr}`);
    const manifest: SnapshotManifest = {
      node: process.version,
      blobBytes: statSync(blob).size,
      inputs: stampsOf(inputs),
      packages: packageHashes(inputs),
    };
    rmSync(files.manifest, { force: true });
    renameSync(blob, files.blob);
    writeFileSync(files.manifest, JSON.stringify(manifest));
    rmSync(files.failure, { force: true });
    return true;
  } catch (error) {
    recordFailure(files, error, inputs);
    throw error;
  } finally {
    rmSync(blob, { force: true });
    rmSync(files.lock, { force: true });
  }
}

/** Keeps compiles from starting the same failing build again (see {@link lastFailure}). */
function recordFailure(files: SnapshotFiles, error: unknown, inputs: readonly string[]): void {
  const text = error instanceof Error ? error.message : String(error);
  const failure: SnapshotFailure = {
    node: process.version,
    at: Date.now(),
    error: text.length > 2000 ? `…${text.slice(-2000)}` : text,
    inputs: stampsOf(inputs),
  };
  // A cache that cannot be written: the next compile tries again.
  writeCacheFile(files.failure, JSON.stringify(failure));
}

function takeLock(files: SnapshotFiles): boolean {
  const held = fileStamp(files.lock);
  if (held && Date.now() - held[0] < staleLockMs) return false;
  if (held) rmSync(files.lock, { force: true });
  try {
    closeSync(openSync(files.lock, "wx"));
    return true;
  } catch {
    return false;
  }
}

/** Bundles the snapshot's program into `files.script`; returns the absolute paths of the files it holds. */
async function bundleProgram(files: SnapshotFiles): Promise<string[]> {
  const { build } = await import("esbuild");
  const entry = fileURLToPath(new URL("compile-main.js", import.meta.url));
  const root = dirname(entry);
  const result = await build({
    entryPoints: [entry],
    outfile: files.script,
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // Whitespace and syntax only: the blob holds the script's text, and names stay for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: "silent",
    // One module's place stands for all (each finds kfp-ts's package.json upwards from it).
    define: { "import.meta.url": JSON.stringify(pathToFileURL(entry).href) },
    plugins: [loadedAtRunTime("esbuild"), ...(typescriptLibFolder() ? [withoutInMemoryLibraries] : [])],
  });
  return Object.keys(result.metafile.inputs).filter((path) => !path.startsWith("kfp-ts-runtime:")).map((path) => resolve(root, path));
}

/**
 * ts-morph's in-memory copies of TypeScript's libraries (all 108, 2.8 MB of text that a snapshot would hold twice: in
 * the script and as strings) left out of the snapshot's script: its Projects read the libraries a program needs
 * from kfp-ts's own copy (`typescriptLibFolder`). Another layout of ts-morph's file is bundled whole.
 */
const withoutInMemoryLibraries: Plugin = {
  name: "kfp-ts-without-in-memory-libraries",
  setup(build) {
    build.onLoad({ filter: /[\\/]@ts-morph[\\/]common[\\/]dist[\\/]ts-morph-common\.js$/ }, async ({ path }) => {
      const text = await readFile(path, "utf8");
      const start = text.indexOf("const libFiles = [{");
      const end = text.indexOf("function getLibFiles()", start);
      if (start < 0 || end < 0 || !text.slice(start, end).trimEnd().endsWith("}];")) return undefined;
      return { contents: `${text.slice(0, start)}const libFiles = [];\n${text.slice(end)}`, loader: "js" };
    });
  },
};

/** A package the snapshot cannot hold (esbuild starts its binary): required, from kfp-ts's install, when first used. */
function loadedAtRunTime(name: string): Plugin {
  return {
    name: "kfp-ts-runtime",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${name}$`) }, () => ({ path: name, namespace: "kfp-ts-runtime" }));
      build.onLoad({ filter: /.*/, namespace: "kfp-ts-runtime" }, () => ({ contents: `module.exports = globalThis.__kfpTsRequire(${JSON.stringify(name)});`, loader: "js" }));
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCompileSnapshot(process.cwd(), process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`kfp-ts: cannot build the compile snapshot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
