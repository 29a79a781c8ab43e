import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { cacheDirectory, fileHash } from "../../../transformer/cache-directory.js";
import { findUp } from "../../../transformer/find-up.js";
import { kfpTsRoot } from "../../../transformer/version.js";

/** Where a project keeps its compile snapshot, and what the blob was built from. */
export interface SnapshotFiles {
  readonly directory: string;
  readonly blob: string;
  /** JSON {@link SnapshotManifest}, written after the blob: a blob without one is not used. */
  readonly manifest: string;
  /** The one script the blob was built from. */
  readonly script: string;
  /** Present while a build runs. */
  readonly lock: string;
  /** JSON {@link SnapshotFailure}: the last build failed. */
  readonly failure: string;
}

/** A failed build: no other starts until one of its inputs changes, Node changes or a day passes. */
export interface SnapshotFailure {
  readonly node: string;
  /** When it failed (ms since the epoch). */
  readonly at: number;
  /** The end of what the build said. */
  readonly error: string;
  /** The files the build read before it failed: path → [mtime ms, size] (none when it failed before reading them). */
  readonly inputs: Readonly<Record<string, readonly [number, number]>>;
}

const failureHoldsFor = 24 * 60 * 60 * 1000;

export interface SnapshotManifest {
  readonly node: string;
  readonly blobBytes: number;
  /** Every file the blob's program was bundled from, and the project's tsconfig.json: path → [mtime ms, size]. */
  readonly inputs: Readonly<Record<string, readonly [number, number]>>;
  /**
   * The package.json of each package those files come from (kfp-ts's own too): path → SHA-256. npm gives every
   * file of a package it installs the same modification time, so a new version's file of the same size would
   * pass for the old one; its package.json's bytes (its version) do not.
   */
  readonly packages: Readonly<Record<string, string>>;
}

/**
 * The snapshot of the project around `cwd`: in its `node_modules/.cache/kfp-ts/` (or `$KFP_TS_CACHE_DIR`), named by
 * what a blob cannot outlive (the Node binary and version, kfp-ts's install); the manifest covers the rest.
 */
export function snapshotFiles(cwd: string): SnapshotFiles {
  const directory = cacheDirectory(cwd);
  const key = createHash("sha256").update(JSON.stringify([process.execPath, process.version, process.arch, process.platform, kfpTsRoot])).digest("hex").slice(0, 16);
  const base = join(directory, `compile-${key}`);
  return { directory, blob: `${base}.blob`, manifest: `${base}.json`, script: `${base}.cjs`, lock: `${base}.lock`, failure: `${base}.failed.json` };
}

/** Each file's [mtime ms, size] (the files that are gone left out), as a manifest or a failure records them. */
export function stampsOf(paths: readonly string[]): Record<string, readonly [number, number]> {
  return Object.fromEntries(paths.flatMap((path) => {
    const stamp = fileStamp(path);
    return stamp ? [[path, stamp]] : [];
  }));
}

/** The file's [mtime ms, size], or undefined when it is gone. */
export function fileStamp(path: string): readonly [number, number] | undefined {
  try {
    const stat = statSync(path);
    return [stat.mtimeMs, stat.size];
  } catch {
    return undefined;
  }
}

/** True when the blob exists, is whole and was built by this Node from the files as they are now (a few hundred stats, a few package.json hashes). */
export function isCurrent(files: SnapshotFiles): boolean {
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(readFileSync(files.manifest, "utf8")) as SnapshotManifest;
  } catch {
    return false;
  }
  if (manifest.node !== process.version || fileStamp(files.blob)?.[1] !== manifest.blobBytes || !manifest.packages) return false;
  return unchanged(manifest.inputs ?? {}) && Object.entries(manifest.packages).every(([path, hash]) => fileHash(path) === hash);
}

/** The package.json files of the packages `files` belong to, with their SHA-256 ({@link SnapshotManifest.packages}). */
export function packageHashes(files: readonly string[]): Record<string, string> {
  const manifests = new Set(files.flatMap((path) => findUp(dirname(path), "package.json") ?? []));
  return Object.fromEntries([...manifests].sort().flatMap((path) => {
    const hash = fileHash(path);
    return hash ? [[path, hash]] : [];
  }));
}

/** The last build's failure, while it still holds (same Node, inputs unchanged, less than a day ago). */
export function lastFailure(files: SnapshotFiles): SnapshotFailure | undefined {
  let failure: SnapshotFailure;
  try {
    failure = JSON.parse(readFileSync(files.failure, "utf8")) as SnapshotFailure;
  } catch {
    return undefined;
  }
  return failure.node === process.version && Date.now() - failure.at < failureHoldsFor && unchanged(failure.inputs ?? {}) ? failure : undefined;
}

function unchanged(inputs: Readonly<Record<string, readonly [number, number]>>): boolean {
  return Object.entries(inputs).every(([path, stamp]) => {
    const now = fileStamp(path);
    return now !== undefined && now[0] === stamp[0] && now[1] === stamp[1];
  });
}

/** The tsconfig.json a compile of `entryFile` reads, as the analysis finds it. */
export const tsconfigOf = (entryFile: string): string | undefined => findUp(dirname(entryFile), "tsconfig.json");
