// Finished component bundles kept on disk by content: a compile whose component reads the same bytes as the
// last time takes its bundle from here, without starting esbuild. A hit is verified by hashing every input again
// (never by modification times): a changed byte, a changed package.json or tsconfig.json, a file added or removed
// next to one of the user's modules under a name an import may resolve to, or a package folder added closer to one of
// them than where its package was found, and the component is bundled afresh.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { packText } from "../../src/spec/embedded-command.js";
import { cacheDirectory, fileHash, keepNewest, writeCacheFile } from "../cache-directory.js";
import { findUp } from "../find-up.js";
import type { ComponentIR } from "../ir.js";
import type { Bundle, BundleOptions, BundlePlan } from "./bundle.js";
import { isUserModule, portablePath } from "./portable.js";

/** What a stored bundle was made from: each file's SHA-256 (or that of the names next to a module), and the definition calls marked pure in each module. */
interface CacheRecord {
  readonly files: readonly (readonly [string, string | null])[];
  readonly calls: readonly (readonly [string, string])[];
  readonly code: string;
  readonly sourceMap?: string;
  readonly inputs: readonly string[];
  readonly packed: NonNullable<Bundle["packed"]>;
}

export class BundleCache {
  private constructor(private readonly file: string, private readonly options: BundleOptions) {}

  /**
   * The cache entry of a bundle plan, keyed by what makes the bundle besides its files: `bundler` (esbuild's version
   * and the code that shapes its output, so that an upgrade leaves stored bundles behind) and the build options.
   * Undefined when `KFP_TS_BUNDLE_CACHE=0`.
   */
  static of(plan: BundlePlan, options: BundleOptions, bundler: string): BundleCache | undefined {
    if (process.env.KFP_TS_BUNDLE_CACHE === "0") return undefined;
    const { plugins: _plugins, ...esbuildOptions } = plan.esbuildOptions;
    const key = sha256(JSON.stringify([bundler, esbuildOptions, options.kfpPackageRoot, options.dslDirectory, options.minify ?? false]));
    return new BundleCache(join(cacheDirectory(options.projectRoot), "bundles", `${key.slice(0, 32)}.json`), options);
  }

  /** The stored bundle, when every file it was made from still has the same bytes. */
  read(component: ComponentIR): Bundle | undefined {
    let record: CacheRecord;
    try {
      record = JSON.parse(readFileSync(this.file, "utf8")) as CacheRecord;
    } catch {
      return undefined;
    }
    // A record from before bundles were kept packed is made again.
    if (record.packed === undefined || !record.files.every(([path, hash]) => this.fingerprint(path) === hash)) return undefined;
    if (!record.calls.every(([file, calls]) => this.callsIn(file) === calls)) return undefined;
    const { code, sourceMap, inputs, packed } = record;
    touch(this.file);
    return { component, code, ...(sourceMap !== undefined && { sourceMap }), inputs, bytes: Buffer.byteLength(code), packed };
  }

  /**
   * Stores a bundle esbuild made from `inputs` (its metafile's, relative to the project root), packed too (brotli is
   * the dearest step of embedding a bundle, about 5 ms per 100 kB); a cache that cannot be written is skipped.
   * The bundle, with its packed form.
   */
  write(bundle: Bundle, inputs: readonly string[]): Bundle {
    const modules = inputs.map((input) => resolve(this.options.projectRoot, input));
    const files = new Set(modules);
    const packages = packageFolders(modules);
    modules.forEach((path, i) => {
      for (const config of ["package.json", "tsconfig.json"]) {
        const found = findUp(dirname(path), config);
        if (found) files.add(found);
      }
      if (!isUserModule(portablePath(inputs[i]!, this.options))) return;
      // A file added next to the user's module (`steps.js` by `steps.ts`, `lib.ts` by `lib/index.ts`) can change what an import of it resolves to.
      for (const siblings of resolvableAs(path)) files.add(siblings);
      for (const closer of closerPackageFolders(path, packages)) files.add(closer);
    });
    const record: CacheRecord = {
      files: [...files].sort().map((path) => [path, this.fingerprint(path)]),
      calls: modules.map((path) => [path, this.callsIn(path)]),
      code: bundle.code,
      ...(bundle.sourceMap !== undefined && { sourceMap: bundle.sourceMap }),
      inputs: bundle.inputs,
      packed: { code: packText(bundle.code), ...(bundle.sourceMap !== undefined && { sourceMap: packText(bundle.sourceMap) }) },
    };
    if (writeCacheFile(this.file, JSON.stringify(record))) keepNewest(dirname(this.file), ".json", maxRecords);
    return { ...bundle, packed: record.packed };
  }

  /** {@link fingerprint}, once per compile (its components share most of their files: the runtime, the DSL, packages). */
  private fingerprint(path: string): string | null {
    let known = fingerprints.get(this.options);
    if (!known) fingerprints.set(this.options, (known = new Map()));
    if (!known.has(path)) known.set(path, fingerprint(path));
    return known.get(path)!;
  }

  private callsIn(file: string): string {
    return JSON.stringify(this.options.definitionCalls?.get(file) ?? []);
  }
}

/** Fingerprints taken during a compile, by its bundle options (one object per compile). */
const fingerprints = new WeakMap<BundleOptions, Map<string, string | null>>();

/** Stored bundles kept at the most (each under about 300 kB): the least recently used go first. */
const maxRecords = 500;

/** Marks a stored bundle as used now (its modification time orders eviction only, never a hit). */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A read-only cache still serves hits.
  }
}

/** Extensions an import without one (or with `.js` for a `.ts` file) may resolve to. */
const moduleFile = /^(\.[cm]?[jt]sx?|\.json)?$/;

/** The names a module's import may resolve to, as `<folder>/<stem>*`: the module's own stem, and its folder's for an index file. */
function resolvableAs(path: string): string[] {
  const stem = basename(path).replace(/\.[^.]*$/, "");
  const names = [`${dirname(path)}/${stem}*`];
  if (stem === "index") names.push(`${dirname(dirname(path))}/${basename(dirname(path))}*`);
  return names;
}

/** The package folders (`<folder>/node_modules/<name>`, `@scope/name` too) the bundle's modules came from. */
function packageFolders(modules: readonly string[]): Set<string> {
  const folders = new Set<string>();
  for (const path of modules) {
    const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (match) folders.add(match[1]!);
  }
  return folders;
}

/**
 * Where a bare import in the user's module would find a package before the folder it was found in: a
 * `node_modules/<name>` in each folder between the module and that one. Recorded as `<folder>/` (there or not).
 */
function closerPackageFolders(module: string, packages: ReadonlySet<string>): string[] {
  const closer: string[] = [];
  for (const found of packages) {
    const [root, name] = found.split(/\/node_modules\/(?!.*\/node_modules\/)/) as [string, string];
    for (let folder = dirname(module); folder.startsWith(`${root}/`); folder = dirname(folder)) closer.push(`${folder}/node_modules/${name}/`);
  }
  return closer;
}

/**
 * A file's SHA-256, that of the names in a folder a `<folder>/<stem>*` pattern matches, whether a `<folder>/` is
 * there, or null when it is gone.
 */
function fingerprint(path: string): string | null {
  try {
    if (path.endsWith("/")) return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? "folder" : null;
    if (!path.endsWith("*")) return fileHash(path) ?? null;
    const stem = basename(path).slice(0, -1);
    return sha256(readdirSync(dirname(path)).filter((name) => name.startsWith(stem) && moduleFile.test(name.slice(stem.length))).sort().join("\n"));
  } catch {
    return null;
  }
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
