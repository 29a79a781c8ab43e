import { dirname, join } from "node:path";
import { Project, ts, type CompilerOptions } from "ts-morph";
import { findUp } from "../find-up.js";
import { shareDeclarationFiles, sharedDeclarationFileCount } from "./source-file-cache.js";

/**
 * One ts-morph Project per compile, configured by the nearest tsconfig.json of the entry file
 * (or strict ESM defaults when there is none). Only the entry file and what it imports are loaded.
 */
export function createProject(entryFile: string): Project {
  const tsconfig = findUp(dirname(entryFile), "tsconfig.json");
  const project = tsconfig
    ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, compilerOptions: referenceReadingOptions(tsconfig) })
    : new Project({ compilerOptions: defaultCompilerOptions(entryFile) });
  shareDeclarationFiles(project);
  project.addSourceFileAtPath(entryFile);
  return project;
}

/**
 * With project references, kfp-ts reads the referenced projects' sources (as the editor does), not their `tsc -b`
 * outputs: the rules of that layout, a composite project's file list and its `rootDir`, are left to `tsc -b`.
 */
export function referenceReadingOptions(tsconfig: string): CompilerOptions {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  return Array.isArray(config?.references) && config.references.length > 0 ? { composite: false, rootDir: undefined, outDir: undefined, declarationDir: undefined } : {};
}

function defaultCompilerOptions(entryFile: string): CompilerOptions {
  const hasNodeTypes = findUp(dirname(entryFile), join("node_modules", "@types", "node")) !== undefined;
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    types: hasNodeTypes ? ["node"] : [],
  };
}

/** The file a module specifier resolves to from `containingFile`, the way the user's compiler options resolve it. */
export function resolveModule(project: Project, specifier: string, containingFile: string): string | undefined {
  const result = ts.resolveModuleName(specifier, containingFile, project.getCompilerOptions(), project.getModuleResolutionHost());
  return result.resolvedModule?.resolvedFileName;
}

/**
 * Parses and binds the declaration files a compile of `entryFile` reads (the libraries, `@types`, packages'
 * `.d.ts`) into the process's shared cache, and type-checks the file once (the startup snapshot's warm-up).
 */
export function preloadDeclarationFiles(entryFile: string): number {
  const project = createProject(entryFile);
  project.getProgram().compilerObject.getSemanticDiagnostics(project.getSourceFileOrThrow(entryFile).compilerNode);
  return sharedDeclarationFileCount();
}
