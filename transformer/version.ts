import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The version in kfp-ts's own package.json (found upwards from this module, in source or in dist/). */
export const kfpTsVersion: string = (() => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "kfp-ts" && pkg.version) return pkg.version;
  }
  throw new Error("cannot find kfp-ts's package.json");
})();

/** `sdkVersion` of the specs kfp-ts writes. */
export const sdkVersion = `kfp-ts-${kfpTsVersion}`;
