import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { findUp } from "./find-up.js";
import { kfpTsRoot } from "./version.js";

/** Where kfp-ts keeps what it caches for the project around `from` (the compile snapshot, finished bundles, JSON declarations): `$KFP_TS_CACHE_DIR`, or the project's `node_modules/.cache/kfp-ts/`. */
export function cacheDirectory(from: string): string {
  return process.env.KFP_TS_CACHE_DIR || join(findUp(from, "node_modules") ?? join(kfpTsRoot, "node_modules"), ".cache", "kfp-ts");
}

/** Removes the least recently used files (by modification time) of `directory` whose names end with `suffix`, beyond `limit`. */
export function keepNewest(directory: string, suffix: string, limit: number): void {
  const names = readdirSync(directory).filter((name) => name.endsWith(suffix));
  if (names.length <= limit) return;
  const byAge = names.map((name) => ({ path: join(directory, name), used: statSync(join(directory, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.used - b.used);
  for (const { path } of byAge.slice(0, names.length - limit)) rmSync(path, { force: true });
}

/**
 * Writes a cache file whole or not at all (a temporary file renamed over it); false when the cache cannot be
 * written (read-only, a file where a folder should be), which leaves things as they were.
 */
export function writeCacheFile(path: string, text: string): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
    return true;
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was written there.
    }
    return false;
  }
}

/** A file's SHA-256 (hex), or undefined when it cannot be read. */
export function fileHash(path: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return undefined;
  }
}
