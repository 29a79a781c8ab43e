import tsMorphCommon, { FileUtils, LocaleStringComparer, ts as commonTs, type StandardizedFilePath } from "@ts-morph/common";
import { ts } from "ts-morph";
import { compareAscii } from "./ascii-collation.js";

/**
 * Three of ts-morph's hot paths in a compile, made cheaper with the same results (together about 35 ms of a compile
 * of the penguin sample from the snapshot, where V8 runs them unoptimised):
 * - the ordering of a folder's entries compared each pair with `localeCompare(b, "en-us-u-kf-upper")`, which sets
 *   up ICU's collation on every call; an `Intl.Collator` of that locale is its definition (ECMA-402), made once, and
 *   needed only for names beyond printable ASCII (./ascii-collation.ts orders those the same way);
 * - every absolute path it is handed is normalised again (`path.normalize`, then its slashes): remembered per path;
 * - its compiler host has no module resolution cache, so TypeScript looked for the `package.json` above each file of a
 *   program (its module format) once per file instead of once per folder: each program gets the cache tsc makes.
 * Only when `@ts-morph/common` is the copy ts-morph itself uses (their `ts` is one object); otherwise nothing changes.
 */
export function speedUpTsMorphHotPaths(): void {
  if (applied || !tsMorphsOwnCommon) return;
  applied = true;
  LocaleStringComparer.instance.compareTo = (a: string, b: string) => compareAscii(a, b) ?? (Math.sign(collator().compare(a, b)) as -1 | 0 | 1);
  const standardized = FileUtils.getStandardizedAbsolutePath.bind(FileUtils);
  const known = new Map<string, StandardizedFilePath>();
  FileUtils.getStandardizedAbsolutePath = (fileSystem, path, relativeBase) => {
    if (!path.startsWith("/")) return standardized(fileSystem, path, relativeBase);
    let result = known.get(path);
    if (result === undefined) known.set(path, (result = standardized(fileSystem, path, relativeBase)));
    return result;
  };
  const createHosts = tsMorphCommon.createHosts;
  tsMorphCommon.createHosts = (options) => {
    const hosts = createHosts(options);
    const { compilerHost } = hosts;
    // Asked once per program; the resolutions themselves stay the resolution host's (./resolution-cache.ts).
    compilerHost.getModuleResolutionCache ??= () => ts.createModuleResolutionCache(compilerHost.getCurrentDirectory(), compilerHost.getCanonicalFileName, options.compilerOptions.get());
    return hosts;
  };
}

let applied = false;

/** Whether `@ts-morph/common` resolves here to the copy ts-morph itself uses (their `ts` is one object): patching another changes nothing. */
export const tsMorphsOwnCommon = commonTs === ts;

/**
 * ICU's objects cannot be held in a V8 startup snapshot: the collator is made in the process that uses it, and the
 * snapshot's build drops it before the heap is written (`forgetCollator`).
 */
let made: Intl.Collator | undefined;
const collator = () => (made ??= new Intl.Collator("en-us-u-kf-upper"));

export function forgetCollator(): void {
  made = undefined;
}
