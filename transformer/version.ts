import { readFileSync } from "node:fs";

/** The version of this kfp-ts package, from its package.json. */
export const kfpTsVersion: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** `sdkVersion` of the specs kfp-ts writes. */
export const sdkVersion = `kfp-ts-${kfpTsVersion}`;
