// What makes a bundle's bytes independent of where and how things are installed: the paths esbuild
// writes (module comments, CommonJS wrapper keys, source map sources) in one form on every machine.
import { decode, encode, type SourceMapSegment } from "@jridgewell/sourcemap-codec";
import { relative, resolve } from "node:path";

/** Where a bundle's modules come from, to name them the same way on every machine. */
export interface ModuleOrigins {
  /** The user's project root: the user's own modules are named relative to it. */
  readonly projectRoot: string;
  /** kfp-ts's own package directory (a tarball install, `npm link`, a workspace or this repository). */
  readonly kfpPackageRoot: string;
}

/**
 * The portable name of a module esbuild names `path` (relative to the project root): dependencies as
 * `node_modules/<package>/…` whatever the install layout, kfp-ts as `node_modules/kfp-ts/…`, and the
 * user's own files relative to the project root.
 */
export function portablePath(path: string, origins: ModuleOrigins): string {
  const packages = path.lastIndexOf("node_modules/");
  if (packages >= 0) return path.slice(packages);
  const fromKfp = relative(origins.kfpPackageRoot, resolve(origins.projectRoot, path)).replaceAll("\\", "/");
  // kfp-ts publishes dist/ only: what else is in its directory (this repository's examples) is the user's.
  if (fromKfp.startsWith("dist/")) return `node_modules/kfp-ts/${fromKfp}`;
  return path;
}

/** True for the user's own modules, not dependencies and not kfp-ts. */
export function isUserModule(portable: string): boolean {
  return !portable.startsWith("node_modules/") && !portable.includes("/node_modules/") && !portable.startsWith("<");
}

/**
 * Renames module paths in esbuild's output: its `// path` comments and the `"path"(exports, module)`
 * keys of CommonJS wrappers. Lines keep their count, so the source map stays valid.
 */
export function renameModulePaths(code: string, renames: ReadonlyMap<string, string>): string {
  let result = code;
  for (const [from, to] of renames) {
    if (from === to) continue;
    result = result.replaceAll(`// ${from}\n`, `// ${to}\n`).replaceAll(`${JSON.stringify(from)}(`, `${JSON.stringify(to)}(`);
  }
  return result;
}

interface RawSourceMap {
  readonly sources: readonly string[];
  readonly names: readonly string[];
  readonly mappings: string;
}

/**
 * The source map reduced to the modules `keep` names (the user's own, under their portable names),
 * without source contents: a stack trace points at the user's `.ts` line, and the map stays small.
 * Undefined when none of them is mapped.
 */
export function userSourceMap(mapJson: string, keep: (source: string) => string | undefined): string | undefined {
  const map = JSON.parse(mapJson) as RawSourceMap;
  const sources: string[] = [];
  const names: string[] = [];
  const sourceIndex = new Map<number, number>();
  const nameIndex = new Map<number, number>();
  map.sources.forEach((source, i) => {
    const portable = keep(source);
    if (portable !== undefined) sourceIndex.set(i, sources.push(portable) - 1);
  });
  if (sources.length === 0) return undefined;
  const lines = decode(map.mappings).map((segments) => {
    const kept: SourceMapSegment[] = [];
    for (const segment of segments) {
      const source = segment.length > 1 ? sourceIndex.get(segment[1]!) : undefined;
      if (segment.length === 1 || source === undefined) {
        // Unmapped from here on, until the next kept segment.
        if (kept.length > 0 && kept[kept.length - 1]!.length > 1) kept.push([segment[0]]);
        continue;
      }
      if (segment.length === 5) {
        let name = nameIndex.get(segment[4]);
        if (name === undefined) nameIndex.set(segment[4], (name = names.push(map.names[segment[4]]!) - 1));
        kept.push([segment[0], source, segment[2], segment[3], name]);
      } else {
        kept.push([segment[0], source, segment[2]!, segment[3]!]);
      }
    }
    while (kept.length > 0 && kept[kept.length - 1]!.length === 1) kept.pop();
    return kept;
  });
  return JSON.stringify({ version: 3, sources, names, mappings: encode(lines) });
}
