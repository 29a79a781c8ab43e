import { realpathSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { ts, type ResolutionHostFactory } from "ts-morph";
import { fileHash } from "../cache-directory.js";
import { jsonDeclarationFor } from "./json-declarations.js";

/**
 * Module resolutions shared by the one-shot compiles of a process, as the parsed declaration files are
 * (./source-file-cache.ts): a startup snapshot holds them made, and a compile from it skips resolving the
 * thousands of names a program over `@types/node` and packages' `.d.ts` asks for. A resolution is used again only
 * while it still holds: the file it found is still there (through the same link, for a linked package), no place it
 * looked in vain has a file now, and every `package.json` it read has the same bytes. Otherwise it is made again.
 */
const resolutions = new Map<string, Kept>();

/** A resolution with the places it looked (TypeScript keeps them, without declaring them). */
interface Resolution extends ts.ResolvedModuleWithFailedLookupLocations {
  readonly failedLookupLocations?: readonly string[];
  readonly affectingLocations?: readonly string[];
}

interface Kept {
  readonly resolution: Resolution;
  /** The `package.json` files the resolution read, with their SHA-256 then (packed packages share modification times). */
  readonly affecting: readonly (readonly [path: string, hash: string | undefined])[];
}

/**
 * What a resolution depends on besides the file system: the compiler options, all of them (those of one tsconfig
 * are the same for every compile, and a list of the ones that matter would have to follow TypeScript's).
 */
const optionKeys = new WeakMap<ts.CompilerOptions, string>();
export const optionsKey = (options: ts.CompilerOptions): string => {
  let key = optionKeys.get(options);
  if (key === undefined) optionKeys.set(options, (key = JSON.stringify(options, (name, value: unknown) => (name === "configFile" ? undefined : value))));
  return key;
};

/**
 * A ts-morph resolution host that takes module resolutions from the process's cache. Each Project made with it
 * starts a new look at the file system (what a compile found is not assumed by the next one).
 */
export function sharedModuleResolutions({ jsonDeclarations, log }: { jsonDeclarations?: string; log?: string[] } = {}): ResolutionHostFactory {
  return (host) => {
    const looked = new Map<string, ReturnType<typeof statOf>>();
    const lookAt = (path: string) => {
      if (!looked.has(path)) looked.set(path, statOf(path));
      return looked.get(path);
    };
    // Most places a resolution looked in vain are in folders that do not exist (a node_modules in each folder
    // above the importer): one look at the folder answers for all of them.
    const isFile = (path: string): boolean => isFolder(dirname(path)) && (lookAt(path)?.isFile() ?? false);
    const isFolder = (path: string): boolean => path === dirname(path) || (lookAt(path)?.isDirectory() ?? false);
    const hashes = new Map<string, string | undefined>();
    const hashOf = (path: string) => {
      if (!hashes.has(path)) hashes.set(path, fileHash(path));
      return hashes.get(path);
    };
    // A linked package (npm link, pnpm's store) is found through its link: the link must still lead there.
    const stillLinked = ({ resolvedFileName, originalPath }: ts.ResolvedModuleFull & { originalPath?: string }) =>
      originalPath === undefined || realPath(originalPath) === resolvedFileName;
    const stillHolds = ({ resolution, affecting }: Kept) =>
      (resolution.resolvedModule === undefined || (isFile(resolution.resolvedModule.resolvedFileName) && stillLinked(resolution.resolvedModule)))
      && !(resolution.failedLookupLocations ?? []).some(isFile)
      && affecting.every(([path, hash]) => hashOf(path) === hash);
    // What TypeScript shares between the files of one program (a package's resolution from each of its folders).
    let programCache: ts.ModuleResolutionCache | undefined;
    const resolveAndKeep = (key: string, name: string, containingFile: string, options: ts.CompilerOptions, redirectedReference: ts.ResolvedProjectReference | undefined, mode: ts.ResolutionMode) => {
      programCache ??= ts.createModuleResolutionCache(host.getCurrentDirectory?.() ?? process.cwd(), (fileName) => fileName, options);
      const resolution: Resolution = ts.resolveModuleName(name, containingFile, options, host, programCache, redirectedReference, mode);
      resolutions.set(key, { resolution, affecting: (resolution.affectingLocations ?? []).map((path) => [path, hashOf(path)] as const) });
      return resolution.resolvedModule;
    };
    return {
      resolveModuleNames(moduleNames, containingFile, _reused, redirectedReference, options, containingSourceFile) {
        const modes = containingSourceFile ? modesOf(moduleNames, containingSourceFile, options) : undefined;
        const settings = optionsKey(options);
        return moduleNames.map((name, index) => {
          const mode = modes?.[index];
          const key = `${settings}\0${redirectedReference?.sourceFile.fileName ?? ""}\0${containingFile}\0${name}\0${mode ?? ""}`;
          const kept = resolutions.get(key);
          const found = kept && stillHolds(kept) ? kept.resolution.resolvedModule : resolveAndKeep(key, name, containingFile, options, redirectedReference, mode);
          const resolved = found?.extension === ts.Extension.Json && jsonDeclarations ? declared(found, options, jsonDeclarations) : found;
          log?.push(`${containingFile}\0${name}\0${mode ?? ""}\0${resolved?.resolvedFileName ?? ""}`);
          return resolved;
        });
      },
    };
  };
}

/**
 * A JSON module resolved to the declaration kfp-ts wrote of its type (./json-declarations.ts), when there is one.
 * TypeScript knows the file by its name (`.d.json.ts`: a JSON module's import rules); as a resolution it is a plain
 * declaration file, which needs no `allowArbitraryExtensions`.
 */
function declared(resolved: ts.ResolvedModuleFull, options: ts.CompilerOptions, cacheDirectory: string): ts.ResolvedModuleFull {
  const declaration = jsonDeclarationFor(resolved.resolvedFileName, options, cacheDirectory);
  return declaration ? { ...resolved, resolvedFileName: declaration, extension: ts.Extension.Dts } : resolved;
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** A path's stat, or undefined when nothing is there (a missing file, or a file where a folder would be). */
function statOf(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The internals of a source file this reads: its module names in the order TypeScript asks for them. */
interface WithImports {
  readonly imports?: readonly ts.StringLiteralLike[];
  readonly moduleAugmentations?: readonly (ts.StringLiteral | ts.Identifier)[];
}

/**
 * The resolution mode (import or require) of each name TypeScript asks for: its module names in order when it asks
 * for all of them (a new program), else the mode of the first import with that name (a program reusing an older one).
 */
function modesOf(moduleNames: readonly string[], file: ts.SourceFile, options: ts.CompilerOptions): ts.ResolutionMode[] {
  const { imports = [], moduleAugmentations = [] } = file as unknown as WithImports;
  const literals = [...imports, ...moduleAugmentations.filter((a): a is ts.StringLiteral => a.kind === ts.SyntaxKind.StringLiteral)];
  const modeOf = (literal: ts.StringLiteralLike | undefined) => (literal ? ts.getModeForUsageLocation(file, literal, options) : undefined);
  if (literals.length === moduleNames.length && literals.every((literal, index) => literal.text === moduleNames[index])) return literals.map(modeOf);
  return moduleNames.map((name) => modeOf(literals.find((literal) => literal.text === name)));
}
