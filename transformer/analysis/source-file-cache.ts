import { statSync } from "node:fs";
import { RealFileSystemHost } from "@ts-morph/common";
import { ts, type FileSystemHost, type Project } from "ts-morph";
import { optionsKey } from "./resolution-cache.js";
import { tsMorphsOwnCommon } from "./ts-morph-hot-paths.js";
import { typescriptLibFolder } from "./typescript-lib.js";

/**
 * Parsed and bound files shared by every Project of the process: TypeScript binds a file only once (it skips a file
 * that has `locals`), and a program over an unchanged file can take its syntax tree and symbols from an earlier
 * program, as the language service does. A startup snapshot (see src/cli/snapshot/) holds this cache filled with the
 * default libraries, `@types/node`, packages' `.d.ts`, imported JSON data (`resolveJsonModule`) and the warm-up's own
 * modules.
 */
const parsedFiles = new Map<string, ts.SourceFile>();

/**
 * What a parse depends on in ts-morph's document registry: the path, the target and the script kind (the text is
 * compared). What TypeScript keeps on a module depends on the compiler options too (the binder marks a switch's
 * fallthroughs under `noFallthroughCasesInSwitch`; the imports it collects once include tslib's under `importHelpers`):
 * a module is shared only between programs with the same options; declaration files are alike under any.
 */
const keyOf = (fileName: string, settings: ts.CompilerOptions, scriptKind: ts.ScriptKind | undefined) =>
  `${fileName}\0${settings.target ?? ""}\0${scriptKind ?? ""}${declarationFile.test(fileName) ? "" : `\0${optionsKey(settings)}`}`;

/** The part of ts-morph's (untyped) internals this uses: the registry every parse of a Project goes through. */
interface DocumentRegistry {
  createOrUpdateSourceFile(fileName: string, settings: ts.CompilerOptions, snapshot: ts.IScriptSnapshot, scriptKind: ts.ScriptKind | undefined): ts.SourceFile;
}

/**
 * Lets `project` reuse the process's parsed files, and add those it parses. Without the ts-morph internal it hooks
 * (another ts-morph version), the Project parses as usual.
 */
export function shareParsedFiles(project: Project): void {
  const registry = (project as unknown as { _context?: { compilerFactory?: { documentRegistry?: DocumentRegistry } } })._context?.compilerFactory?.documentRegistry;
  if (typeof registry?.createOrUpdateSourceFile !== "function") return;
  const parse = registry.createOrUpdateSourceFile.bind(registry);
  registry.createOrUpdateSourceFile = (fileName: string, settings: ts.CompilerOptions, snapshot: ts.IScriptSnapshot, scriptKind: ts.ScriptKind | undefined) => {
    const key = keyOf(fileName, settings, scriptKind);
    const cached = parsedFiles.get(key);
    if (cached && cached.text === snapshot.getText(0, snapshot.getLength())) return cached;
    const parsed = isTypeLibrary(fileName)
      ? ts.createLanguageServiceSourceFile(fileName, snapshot, { languageVersion: settings.target ?? ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors }, "0", true, scriptKind)
      : parse(fileName, settings, snapshot, scriptKind);
    parsedFiles.set(key, parsed);
    return parsed;
  };
}

const declarationFile = /\.d\.([cm]?|json\.)ts$|\.json$/;

/**
 * The file system a Project with shared declaration files reads through (undefined: ts-morph's own, when its
 * `@ts-morph/common` is another copy). A declaration file is read once while it stays as it was (the same file, size,
 * modification and change times): its text is then the one kept, which a parse kept for it matches at once, where
 * reading and comparing the 185 files of a program over `@types/node` took about 15 ms of each compile.
 */
export function declarationReadingFileSystem(): FileSystemHost | undefined {
  return tsMorphsOwnCommon ? new DeclarationReadingFileSystem() : undefined;
}

const declarationTexts = new Map<string, { readonly stamp: string; readonly text: string }>();

class DeclarationReadingFileSystem extends RealFileSystemHost {
  override readFileSync(filePath: string, encoding?: string): string {
    if (!declarationFile.test(filePath) || (encoding !== undefined && encoding !== "utf-8")) return super.readFileSync(filePath, encoding);
    // Taken before reading: a file written meanwhile has another stamp the next time.
    const stamp = stampOf(filePath);
    const kept = declarationTexts.get(filePath);
    if (stamp !== undefined && kept?.stamp === stamp) return kept.text;
    const text = super.readFileSync(filePath, encoding);
    if (stamp !== undefined) declarationTexts.set(filePath, { stamp, text });
    return text;
  }
}

function stampOf(path: string): string | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats?.isFile() ? `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}` : undefined;
}

/**
 * TypeScript's default libraries and `@types` packages: parsed without their doc comments (as tsc parses them), which
 * are most of their text; nothing kfp-ts reads comes from them.
 */
function isTypeLibrary(fileName: string): boolean {
  const libFolder = typescriptLibFolder();
  // TypeScript's file names have forward slashes on every system.
  return /\/node_modules\/(@types\/|typescript\/lib\/|undici-types\/)/.test(fileName) || (libFolder !== undefined && fileName.startsWith(`${libFolder.replaceAll("\\", "/")}/`));
}
