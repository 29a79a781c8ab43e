import { basename, dirname, join } from "node:path";
import { Project, ts, type CompilerOptions } from "ts-morph";
import { cacheDirectory } from "../cache-directory.js";
import { codes, CompileError, type Diagnostic } from "../diagnostics.js";
import { findUp } from "../find-up.js";
import { sharedModuleResolutions } from "./resolution-cache.js";
import { declarationReadingFileSystem, shareParsedFiles } from "./source-file-cache.js";
import { speedUpTsMorphHotPaths } from "./ts-morph-hot-paths.js";
import { libFolderOption } from "./typescript-lib.js";

/**
 * One ts-morph Project per compile, configured by the nearest tsconfig.json of the entry file
 * (or strict ESM defaults when there is none). Only the entry file and what it imports are loaded.
 * A one-shot compile's project (`resolutionLog`) shares module resolutions with the process's other compiles and
 * logs each resolution it made there (its kept type errors depend on them, ./type-check.ts).
 */
export function createProject(entryFile: string, { resolutionLog }: { resolutionLog?: string[] } = {}): Project {
  const tsconfig = findUp(dirname(entryFile), "tsconfig.json");
  const resolutionHost = resolutionLog ? sharedModuleResolutions({ jsonDeclarations: cacheDirectory(dirname(entryFile)), log: resolutionLog }) : undefined;
  const compilerOptions = tsconfig ? tsconfigOptions(tsconfig) : defaultCompilerOptions(entryFile);
  speedUpTsMorphHotPaths();
  const fileSystem = declarationReadingFileSystem();
  const project = new Project({ compilerOptions, ...libFolderOption(), ...(resolutionHost && { resolutionHost }), ...(fileSystem && { fileSystem }) });
  shareParsedFiles(project);
  project.addSourceFileAtPath(entryFile);
  return project;
}

/**
 * The compiler options of a tsconfig.json (with what it extends), as ts-morph reads them, without listing the
 * files it includes: a compile starts from one file, and listing a large project's files took longer than the rest
 * of the program's setup.
 */
function tsconfigOptions(tsconfig: string): CompilerOptions {
  const unreadable = tsconfigReadError(tsconfig);
  if (unreadable) throw new CompileError([unreadable]);
  const host: ts.ParseConfigHost = { useCaseSensitiveFileNames: false, readDirectory: () => [], fileExists: ts.sys.fileExists, readFile: ts.sys.readFile };
  // Read as a syntax tree, so that TypeScript's errors point at their place in the file.
  const configFile = ts.readJsonConfigFile(tsconfig, ts.sys.readFile);
  const { options, errors, projectReferences } = ts.parseJsonSourceFileConfigFileContent(configFile, host, dirname(tsconfig), undefined, tsconfig);
  // An unknown or misspelt option, a wrong value, an `extends` not found: tsc stops at them too. ("No inputs were
  // found" only says that no files were listed.)
  const mistakes = errors.filter((e) => e.code !== 18003 && e.category === ts.DiagnosticCategory.Error);
  if (mistakes.length > 0) throw new CompileError(mistakes.map((e) => configDiagnostic(e, `TS${e.code}`)));
  // The syntax tree goes along (TypeScript keeps it out of sight): errors about an option then point at it.
  return { ...options, configFile, ...(projectReferences?.length && readingReferences) };
}

/** KFP0008 when TypeScript cannot read the tsconfig at all (a JSON syntax error, an unreadable file). */
export function tsconfigReadError(tsconfig: string): Diagnostic | undefined {
  const { error } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  return error && unreadableTsconfig(tsconfig, error);
}

const unreadableTsconfig = (tsconfig: string, error: ts.Diagnostic) => configDiagnostic(error, codes.unreadableTsconfig, `cannot read ${basename(tsconfig)}: `);

/** TypeScript's error about the tsconfig, where it points (in the file it extends, when there). */
function configDiagnostic(error: ts.Diagnostic, code: Diagnostic["code"], prefix = ""): Diagnostic {
  const at = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : undefined;
  return {
    code,
    severity: "error",
    message: `${prefix}${ts.flattenDiagnosticMessageText(error.messageText, "\n")}`,
    ...(at && { location: { file: error.file!.fileName, line: at.line + 1, column: at.character + 1, length: error.length ?? 1 } }),
    hint: "fix the tsconfig.json (TypeScript, kfp-ts and your editor all read it); `npx tsc --showConfig` shows what TypeScript makes of it",
  };
}

/**
 * With project references, kfp-ts reads the referenced projects' sources (as the editor does), not their `tsc -b`
 * outputs: the rules of that layout, a composite project's file list and its `rootDir`, are left to `tsc -b`.
 */
export function referenceReadingOptions(tsconfig: string): CompilerOptions {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  return Array.isArray(config?.references) && config.references.length > 0 ? readingReferences : {};
}

const readingReferences: CompilerOptions = { composite: false, rootDir: undefined, outDir: undefined, declarationDir: undefined };

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
