import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** kfp-ts's own package (found upwards from this module, in source or in dist/): its directory and version. */
const kfpTsPackage = (() => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "kfp-ts" && pkg.version) return { root: dir, version: pkg.version };
  }
  throw new Error("cannot find kfp-ts's package.json");
})();

/** The version in kfp-ts's own package.json. */
export const kfpTsVersion: string = kfpTsPackage.version;

/** The directory of kfp-ts's own package.json. */
export const kfpTsRoot: string = kfpTsPackage.root;

/** `sdkVersion` of the specs kfp-ts writes. */
export const sdkVersion = `kfp-ts-${kfpTsVersion}`;
