// The seam between TypeScript's compiler API and the rest of kfp-ts: source files in, ProgramIR out.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Node, SourceFile as SourceFileClass, ts, type Project, type SourceFile } from "ts-morph";
import { cacheDirectory } from "../cache-directory.js";
import { codes, CompileError, DiagnosticBag, type Diagnostic } from "../diagnostics.js";
import type { ProgramIR } from "../ir.js";
import { definitionCalls, type DefinitionCall } from "./definition-calls.js";
import { DefinitionAnalyzer, type DefinitionSite } from "./definitions.js";
import { DslSymbols } from "./dsl.js";
import { configHint } from "./config-hints.js";
import { isStackOverflow, tooDeeplyNested } from "./nesting.js";
import type { FunctionSpan } from "./location.js";
import { CheckRecord, typeErrorsOf } from "./type-check.js";
import { createProject } from "./project.js";
import { declareJsonModules } from "./json-declarations.js";

export interface AnalysisResult {
  /** Undefined when the file could not be analysed at all (see diagnostics). */
  readonly program: ProgramIR | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Module-level definition calls per file, which bundles mark pure (empty when the file could not be analysed). */
  readonly definitionCalls: ReadonlyMap<string, readonly DefinitionCall[]>;
  /** The functions whose bodies the analysis read (pipelines, container components); it read no other body. */
  readonly bodiesRead: readonly FunctionSpan[];
}

export interface AnalyzeOptions {
  /** Report TypeScript's own errors in the analysed files (wiring mistakes are type errors). Default true. */
  readonly typeCheck?: boolean;
}

/** Analyses every pipeline and component exported by `entryFile`, and what they use from other files. */
export function analyzeFile(entryFile: string, options: AnalyzeOptions = {}): AnalysisResult {
  const staged = analyzeFileInStages(entryFile);
  return options.typeCheck === false ? staged.definitions : withTypeErrors(staged.definitions, staged.checkTypes());
}

/** {@link analyzeFile} in two steps, so that a compile can start bundling while TypeScript checks the files. */
export interface StagedAnalysis {
  /** The analysis without TypeScript's errors. */
  readonly definitions: AnalysisResult;
  /** TypeScript's errors (and unused-declaration warnings) in the files that define what is compiled. */
  readonly checkTypes: () => readonly Diagnostic[];
}

export function analyzeFileInStages(entryFile: string): StagedAnalysis {
  const diagnostics = new DiagnosticBag();
  const file = resolve(entryFile);
  const failed = (items: readonly Diagnostic[]): StagedAnalysis => ({ definitions: { program: undefined, diagnostics: items, definitionCalls: new Map(), bodiesRead: [] }, checkTypes: () => [] });
  const problem = !existsSync(file) ? `cannot find ${entryFile}`
    : statSync(file).isDirectory() ? `${entryFile} is a directory; give the file that exports the pipeline`
    : !/\.[cm]?tsx?$/.test(file) ? `${entryFile} is not a TypeScript file (.ts, .mts, .cts, .tsx)`
    : undefined;
  if (problem) {
    diagnostics.error(codes.fileNotFound, problem);
    return failed(diagnostics.items);
  }
  try {
    readFileSync(file);
  } catch (error) {
    diagnostics.error(codes.fileNotFound, `cannot read ${entryFile}: ${(error as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : (error as Error).message}`);
    return failed(diagnostics.items);
  }
  try {
    return oneShotAnalysis(file).staged;
  } catch (error) {
    if (error instanceof CompileError) return failed(error.diagnostics);
    if (!isStackOverflow(error)) throw error;
    return failed([tooDeeplyNested(file, readFileSync(file, "utf8"))]);
  }
}

/** A one-shot compile's analysis: its project shares the process's resolutions and keeps its type errors (./type-check.ts). */
function oneShotAnalysis(file: string): { project: Project; staged: StagedAnalysis } {
  const record = new CheckRecord(file, cacheDirectory(dirname(file)));
  const project = createProject(file, { resolutionLog: record.resolutions });
  return { project, staged: analyzeInStages(project, project.getSourceFileOrThrow(file), (checked) => record.errorsOf(project, checked)) };
}

/**
 * The compile snapshot's warm-up (src/cli/snapshot/): analyses and checks `entryFile` as a compile does, which
 * parses and binds the declaration files it reads into the process's shared cache, keeps its resolutions and its
 * type errors, and writes the declarations of the large JSON modules it imports.
 */
export function preloadAnalysis(entryFile: string): AnalysisResult {
  const file = resolve(entryFile);
  const { project, staged } = oneShotAnalysis(file);
  const analysis = withTypeErrors(staged.definitions, staged.checkTypes());
  declareJsonModules(project, cacheDirectory(dirname(file)));
  return analysis;
}

/**
 * The analysis with TypeScript's errors first, and without our errors that repeat one of them; a source too
 * deeply nested for TypeScript's checker gives that one error, as when the analysis itself overflows.
 */
export function withTypeErrors(analysis: AnalysisResult, typeErrors: readonly Diagnostic[]): AnalysisResult {
  if (typeErrors.some((d) => d.code === codes.tooDeeplyNested)) return { program: undefined, diagnostics: typeErrors, definitionCalls: new Map(), bodiesRead: [] };
  return { ...analysis, diagnostics: [...typeErrors, ...withoutDuplicatesOf(analysis.diagnostics, typeErrors)] };
}

/**
 * {@link analyzeFile} on source texts given as files of an existing Project, which is left as it was:
 * the robustness suite and the tests analyse hundreds of sources with one Project, and adding them
 * together lets TypeScript build one program for all of them.
 */
export function analyzeSourceTexts(project: Project, files: readonly { path: string; text: string }[], options: AnalyzeOptions = {}): AnalysisResult[] {
  const sources = files.map(({ path, text }) => {
    try {
      return project.createSourceFile(path, text, { overwrite: true });
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
      return tooDeeplyNested(path, text);
    }
  });
  try {
    return sources.map((source) => (source instanceof SourceFileClass ? analyzeSourceFile(project, source, options) : { program: undefined, diagnostics: [source], definitionCalls: new Map(), bodiesRead: [] }));
  } finally {
    for (const source of sources) if (source instanceof SourceFileClass) project.removeSourceFile(source);
  }
}

/** {@link analyzeFile} on a file of an existing Project (tests reuse one Project across many sources). */
export function analyzeSourceFile(project: Project, source: SourceFile, options: AnalyzeOptions = {}): AnalysisResult {
  const staged = analyzeInStages(project, source);
  return options.typeCheck === false ? staged.definitions : withTypeErrors(staged.definitions, staged.checkTypes());
}

/**
 * A deeply nested source overflows the stack in TypeScript or in the analysis: one located error then. `check` gives
 * TypeScript's diagnostics of the files a compile reports (a one-shot compile's keep their state between compiles).
 */
function analyzeInStages(project: Project, source: SourceFile, check = (files: readonly SourceFile[]) => typeErrorsOf(project, files)): StagedAnalysis {
  const tooDeep = (): Diagnostic[] => [tooDeeplyNested(source.getFilePath(), source.getFullText())];
  const guarded = <T>(run: () => T, otherwise: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
      return otherwise();
    }
  };
  return guarded(() => {
    const { definitions, files } = analyzeDefinitions(project, source);
    const checkTypes = () => guarded(() => {
      const typeErrors = new DiagnosticBag();
      // Built-in definitions (kfp-kubernetes' PVC components) have no source file.
      const checked = files.map((path) => project.getSourceFile(path)).filter((file) => file !== undefined);
      addTypeErrors(project, check(checked), typeErrors);
      return typeErrors.items;
    }, tooDeep);
    return { definitions, checkTypes };
  }, () => ({ definitions: { program: undefined, diagnostics: tooDeep(), definitionCalls: new Map(), bodiesRead: [] }, checkTypes: () => [] }));
}

/** The definitions of the file, and the files that define what is compiled (those TypeScript checks). */
function analyzeDefinitions(project: Project, source: SourceFile): { definitions: AnalysisResult; files: readonly string[] } {
  const diagnostics = new DiagnosticBag();
  const file = source.getFilePath();
  const dsl = DslSymbols.resolve(project, file);
  if (!dsl) {
    diagnostics.error(codes.dslNotResolved, `cannot resolve 'kfp-ts' from ${file}`, undefined, "install it next to your code: npm install kfp-ts");
    return { definitions: { program: undefined, diagnostics: diagnostics.items, definitionCalls: new Map(), bodiesRead: [] }, files: [] };
  }
  const analyzer = new DefinitionAnalyzer(dsl, diagnostics);
  const exportedPipelines: string[] = [];
  const exportedComponents: string[] = [];
  for (const site of exportedSites(source, analyzer)) {
    if (site.kind === "pipeline") {
      const ir = analyzer.pipeline(site);
      if (ir && !exportedPipelines.includes(ir.key)) exportedPipelines.push(ir.key);
    } else {
      const ir = analyzer.component(site);
      if (ir && !exportedComponents.includes(ir.key)) exportedComponents.push(ir.key);
    }
  }
  const files = definitionFiles(file, analyzer);
  return {
    definitions: {
      program: { entryFile: file, dslDirectory: dsl.directory, components: analyzer.components, pipelines: analyzer.pipelines, exportedPipelines, exportedComponents },
      diagnostics: diagnostics.items,
      definitionCalls: definitionCalls(project, dsl),
      bodiesRead: analyzer.bodiesRead,
    },
    files: [...files],
  };
}

/** The entry file and the files that define what it compiles: those whose type errors a compile reports. */
export function definitionFiles(entryFile: string, definitions: Pick<ProgramIR, "components" | "pipelines">): Set<string> {
  return new Set([entryFile, ...[...definitions.components.values(), ...definitions.pipelines.values()].map((d) => d.location.file)]);
}

/** Definitions exported by the file, in source order; static methods of an exported class count as `Class.method`. */
function exportedSites(source: SourceFile, analyzer: DefinitionAnalyzer): DefinitionSite[] {
  const sites: { site: DefinitionSite; order: number }[] = [];
  for (const [, declarations] of source.getExportedDeclarations()) {
    for (const declaration of declarations) {
      const candidates = Node.isClassDeclaration(declaration) ? declaration.getStaticMethods() : [declaration];
      for (const candidate of candidates) {
        const site = analyzer.siteOf(candidate);
        if (site) sites.push({ site, order: candidate.getSourceFile() === source ? candidate.getStart() : Number.MAX_SAFE_INTEGER });
      }
    }
  }
  return sites.sort((a, b) => a.order - b.order).map((s) => s.site);
}

/**
 * Our own errors minus those that repeat a TypeScript error about the same code (their spans overlap on a line):
 * one mistake gives one diagnostic, and TypeScript's is the one the editor shows too.
 */
export function withoutDuplicatesOf(ours: readonly Diagnostic[], typeErrors: readonly Diagnostic[]): Diagnostic[] {
  const overlaps = (a: Diagnostic["location"], b: Diagnostic["location"]) =>
    !!a && !!b && a.file === b.file && a.line === b.line && a.column < b.column + Math.max(b.length ?? 1, 1) && b.column < a.column + Math.max(a.length ?? 1, 1);
  const errors = typeErrors.filter((t) => t.severity === "error");
  return ours.filter((d) => d.severity !== "error" || !errors.some((t) => overlaps(d.location, t.location)));
}

/** "Declared but never used" (noUnusedLocals and friends): reported, but they change nothing in a spec. */
const unusedCodes = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205]);

/** TypeScript's errors in the files that define what is compiled: a wiring mistake is a type error. */
export function reportTypeErrors(project: Project, source: SourceFile, diagnostics: DiagnosticBag): void {
  addTypeErrors(project, typeErrorsOf(project, [source]), diagnostics);
}

/** TypeScript's diagnostics of the project's files (checked now, or kept from an earlier compile) as kfp-ts's diagnostics: its errors only. */
export function addTypeErrors(project: Project, found: readonly ts.Diagnostic[], diagnostics: DiagnosticBag): void {
  for (const d of found) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const severity = unusedCodes.has(d.code) ? "warning" : "error";
    const message = typeof d.messageText === "string" ? d.messageText : flatten(d.messageText);
    const location = d.file && d.start !== undefined ? locationAt(project.getSourceFile(d.file.fileName) ?? d.file, d.start, d.length ?? 1) : undefined;
    const hint = configHint(d.code);
    diagnostics.add({
      code: `TS${d.code}`,
      severity,
      message,
      ...(location && { location }),
      ...(hint && { hint }),
    });
  }
}

/** Where a diagnostic points: into a file of the project, or into the tsconfig.json (an option's error). */
function locationAt(file: SourceFile | ts.SourceFile, start: number, length: number) {
  if (file instanceof SourceFileClass) {
    const { line, column } = file.getLineAndColumnAtPos(start);
    return { file: file.getFilePath(), line, column, length };
  }
  const { line, character } = ts.getLineAndCharacterOfPosition(file, start);
  return { file: file.fileName, line: line + 1, column: character + 1, length };
}

function flatten(chain: ts.DiagnosticMessageChain, depth = 0): string {
  const lines = ["  ".repeat(depth) + chain.messageText];
  for (const next of chain.next ?? []) lines.push(flatten(next, depth + 1));
  return lines.join("\n");
}
