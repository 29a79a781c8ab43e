import { join } from "node:path";
import { findUp } from "./find-up.js";
import { kfpTsRoot } from "./version.js";

/** Where kfp-ts keeps what it caches for the project around `from` (the compile snapshot, finished bundles): `$KFP_TS_CACHE_DIR`, or the project's `node_modules/.cache/kfp-ts/`. */
export function cacheDirectory(from: string): string {
  return process.env.KFP_TS_CACHE_DIR || join(findUp(from, "node_modules") ?? join(kfpTsRoot, "node_modules"), ".cache", "kfp-ts");
}
