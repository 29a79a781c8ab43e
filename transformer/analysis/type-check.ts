import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ts, type Project, type SourceFile } from "ts-morph";
import { keepNewest, writeCacheFile } from "../cache-directory.js";

/** TypeScript's syntax and type errors in `files`, checked now. */
export function typeErrorsOf(project: Project, files: readonly SourceFile[]): ts.Diagnostic[] {
  const program = project.getProgram().compilerObject;
  return files.flatMap((file) => [...program.getSemanticDiagnostics(file.compilerNode), ...program.getSyntacticDiagnostics(file.compilerNode)]);
}

/**
 * What a compile reports of TypeScript's: its errors about the compiler options (an option TypeScript 6 deprecated,
 * a `types` entry it cannot find: tsc stops at them, and so does `kfp-ts build`), then {@link typeErrorsOf}.
 */
function compileErrorsOf(project: Project, files: readonly SourceFile[]): ts.Diagnostic[] {
  return [...project.getProgram().compilerObject.getOptionsDiagnostics(), ...typeErrorsOf(project, files)];
}

/**
 * What TypeScript reports about a program's files is a function of the program: its files' names and texts, each
 * file's module format, where each import resolved, the compiler options and TypeScript's version. A one-shot
 * compile keeps its files' errors with that key (one record per entry file, in the cache) and reuses them while the
 * key is the same: an unchanged penguin sample is checked in milliseconds instead of about 0.2 s. Any change to any
 * file of the program (a library's included) checks again.
 */
export class CheckRecord {
  /** Every module resolution the program made, as `containing file, name, mode → resolved file` (the resolution host logs them). */
  readonly resolutions: string[] = [];
  private readonly path: string;

  constructor(entryFile: string, cacheDirectory: string) {
    this.path = join(cacheDirectory, "checks", `${createHash("sha256").update(entryFile).digest("hex").slice(0, 32)}.json`);
  }

  /** {@link compileErrorsOf}, from the record when the program is the one recorded (`KFP_TS_CHECK_CACHE=0`: never). */
  errorsOf(project: Project, files: readonly SourceFile[]): ts.Diagnostic[] {
    if (process.env.KFP_TS_CHECK_CACHE === "0") return compileErrorsOf(project, files);
    const key = this.keyOf(project, files);
    const kept = this.read(key, project);
    if (kept) return kept;
    const found = compileErrorsOf(project, files);
    const record: StoredRecord = { key, diagnostics: found.map(stored) };
    if (writeCacheFile(this.path, JSON.stringify(record))) keepNewest(dirname(this.path), ".json", maxRecords);
    return found;
  }

  private keyOf(project: Project, files: readonly SourceFile[]): string {
    const program = project.getProgram().compilerObject;
    const hash = createHash("sha256").update(`${recordFormat}\0${ts.version}\0${JSON.stringify(program.getCompilerOptions(), withoutConfigFile)}\n`);
    for (const file of files) hash.update(`checked ${file.getFilePath()}\n`);
    for (const file of program.getSourceFiles()) hash.update(`${file.fileName}\0${file.impliedNodeFormat ?? ""}\0${contentHash(file)}\n`);
    for (const resolution of [...this.resolutions].sort()) hash.update(`${resolution}\n`);
    return hash.digest("hex");
  }

  private read(key: string, project: Project): ts.Diagnostic[] | undefined {
    let record: StoredRecord;
    try {
      record = JSON.parse(readFileSync(this.path, "utf8")) as StoredRecord;
    } catch {
      return undefined;
    }
    if (record?.key !== key || !Array.isArray(record.diagnostics)) return undefined;
    const program = project.getProgram().compilerObject;
    // An option's error points into the tsconfig.json, which TypeScript read but is not a file of the program.
    const configFile = program.getCompilerOptions().configFile as ts.TsConfigSourceFile | undefined;
    const fileNamed = (name: string) => program.getSourceFile(name) ?? (name === configFile?.fileName ? configFile : undefined);
    const diagnostics = record.diagnostics.map((d) => ({ ...d, file: d.file === undefined ? undefined : fileNamed(d.file) }));
    // A record naming a file the program does not have is not this program's.
    return diagnostics.every((d, index) => (d.file !== undefined) === (record.diagnostics[index]!.file !== undefined)) ? diagnostics : undefined;
  }
}

/** Bumped when what a record holds changes. */
const recordFormat = 2;

/** Records kept at the most (one per entry file compiled): the least recently written go first. */
const maxRecords = 200;

interface StoredDiagnostic {
  readonly file: string | undefined;
  readonly start: number | undefined;
  readonly length: number | undefined;
  readonly code: number;
  readonly category: ts.DiagnosticCategory;
  readonly messageText: string | ts.DiagnosticMessageChain;
}

interface StoredRecord {
  readonly key: string;
  readonly diagnostics: readonly StoredDiagnostic[];
}

const stored = ({ file, start, length, code, category, messageText }: ts.Diagnostic): StoredDiagnostic => ({ file: file?.fileName, start, length, code, category, messageText: plainChain(messageText) });

/** A message chain as data (TypeScript may attach a function to a link, which it uses only to rebuild the text). */
const plainChain = (text: string | ts.DiagnosticMessageChain): string | ts.DiagnosticMessageChain =>
  typeof text === "string" ? text : { messageText: text.messageText, category: text.category, code: text.code, ...(text.next && { next: text.next.map((n) => plainChain(n) as ts.DiagnosticMessageChain) }) };

const withoutConfigFile = (name: string, value: unknown) => (name === "configFile" ? undefined : value);

/** Each parsed file's content hash, once (the snapshot's libraries keep theirs). */
const contentHashes = new WeakMap<ts.SourceFile, string>();
function contentHash(file: ts.SourceFile): string {
  let hash = contentHashes.get(file);
  if (hash === undefined) contentHashes.set(file, (hash = createHash("sha256").update(file.text).digest("base64url")));
  return hash;
}
