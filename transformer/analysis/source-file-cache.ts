import { ts, type Project } from "ts-morph";

/**
 * Parsed and bound declaration files (the default libraries, `@types/node`, packages' `.d.ts`) and imported JSON
 * data (`resolveJsonModule`), shared by every
 * Project of the process: TypeScript binds a file only once (it skips a file that has `locals`), and a
 * program over an unchanged `.d.ts` can take its syntax tree and symbols from an earlier program, as the
 * language service does. A startup snapshot (see src/cli/snapshot/) holds this cache already filled.
 */
const declarationFiles = new Map<string, ts.SourceFile>();

/** What a parse depends on in ts-morph's document registry: the path, the target and the script kind (the text is compared). */
const keyOf = (fileName: string, target: ts.ScriptTarget | undefined, scriptKind: ts.ScriptKind | undefined) => `${fileName}\0${target ?? ""}\0${scriptKind ?? ""}`;

/** The part of ts-morph's (untyped) internals this uses: the registry every parse of a Project goes through. */
interface DocumentRegistry {
  createOrUpdateSourceFile(fileName: string, settings: ts.CompilerOptions, snapshot: ts.IScriptSnapshot, scriptKind: ts.ScriptKind | undefined): ts.SourceFile;
}

/**
 * Lets `project` reuse the process's parsed declaration files, and add those it parses. Without the
 * ts-morph internal it hooks (another ts-morph version), the Project parses as usual.
 */
export function shareDeclarationFiles(project: Project): void {
  const registry = (project as unknown as { _context?: { compilerFactory?: { documentRegistry?: DocumentRegistry } } })._context?.compilerFactory?.documentRegistry;
  if (typeof registry?.createOrUpdateSourceFile !== "function") return;
  const parse = registry.createOrUpdateSourceFile.bind(registry);
  registry.createOrUpdateSourceFile = (fileName: string, settings: ts.CompilerOptions, snapshot: ts.IScriptSnapshot, scriptKind: ts.ScriptKind | undefined) => {
    if (!/\.d\.([cm]?|json\.)ts$|\.json$/.test(fileName)) return parse(fileName, settings, snapshot, scriptKind);
    const key = keyOf(fileName, settings.target, scriptKind);
    const cached = declarationFiles.get(key);
    if (cached && cached.text === snapshot.getText(0, snapshot.getLength())) return cached;
    const parsed = typeLibrary.test(fileName)
      ? ts.createLanguageServiceSourceFile(fileName, snapshot, { languageVersion: settings.target ?? ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors }, "0", true, scriptKind)
      : parse(fileName, settings, snapshot, scriptKind);
    declarationFiles.set(key, parsed);
    return parsed;
  };
}

/**
 * TypeScript's default libraries and `@types` packages: parsed without their doc comments (as tsc parses them), which
 * are most of their text; nothing kfp-ts reads comes from them.
 */
const typeLibrary = /\/node_modules\/(@types\/|typescript\/lib\/|undici-types\/)/;
