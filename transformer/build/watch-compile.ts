import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Project } from "ts-morph";
import { analyzeFile, analyzeSourceFile, definitionFiles, withoutDuplicatesOf, type AnalysisResult } from "../analysis/index.js";
import { createProject } from "../analysis/project.js";
import { compileProgram, type CompileOptions, type CompileResult } from "../compile.js";
import { CompileError, type Diagnostic } from "../diagnostics.js";
import { findUp } from "../find-up.js";
import { shiftedAnalysis } from "./body-edit.js";
import { configFilesOf } from "./config-files.js";
import { changeOf } from "./incremental-change.js";
import { WatchBundler } from "./watch-bundler.js";
import { ImportGraph } from "./watch-imports.js";
import { PackCache } from "./watch-pack.js";
import { TypeErrorsByFile } from "./watch-type-errors.js";

export interface WatchedCompile {
  /** Errors and warnings, as `kfp-ts compile` reports them. */
  readonly diagnostics: readonly Diagnostic[];
  /** Undefined when an error stopped the compile. */
  readonly result?: CompileResult;
  /** The result was handed to `beforeCheck` before TypeScript's check (a body edit): errors may follow it. */
  readonly early?: boolean;
}

/**
 * `kfp-ts compile <file> --watch`: {@link compile} of one file, kept warm between changes as `kfp-ts build --watch`
 * keeps a project (the same Project, type errors by file, esbuild contexts and packed bundles), with the same result.
 * Call {@link dispose} at the end.
 */
export class CompileWatch {
  readonly file: string;
  /** The folder whose changes matter: the file's project (its nearest package.json). */
  readonly root: string;
  private project: Project | undefined;
  private readonly typeErrors = new TypeErrorsByFile();
  private readonly imports = new ImportGraph();
  private readonly bundler = new WatchBundler();
  private readonly packs = new PackCache();
  /** The last compile's analysis, when it ended without an error: an edit inside function bodies keeps it. */
  private clean: AnalysisResult | undefined;

  constructor(file: string, private readonly options: CompileOptions = {}) {
    this.file = resolve(file);
    this.root = dirname(findUp(dirname(this.file), "package.json") ?? this.file);
  }

  /** The file's tsconfig (the nearest) and the files it extends: a change of one needs a new CompileWatch. */
  get configFiles(): string[] {
    const tsconfig = findUp(dirname(this.file), "tsconfig.json");
    return tsconfig ? configFilesOf(tsconfig) : [];
  }

  /**
   * Compiles after a change of `changedFiles` (all of them the first time). After an edit inside function bodies,
   * the result goes to `beforeCheck` as soon as it is compiled, as `tsc --watch` emits before its check ends
   * (unless `noEmitOnError`); TypeScript's errors follow in the returned diagnostics.
   */
  async run(changedFiles?: readonly string[], beforeCheck?: (result: CompileResult) => void): Promise<WatchedCompile> {
    if (!this.project) {
      // A file that cannot be compiled at all gets a cold compile's diagnostic (KFP0001), until it can.
      if (!existsSync(this.file) || !statSync(this.file).isFile() || !/\.[cm]?tsx?$/.test(this.file)) return { diagnostics: analyzeFile(this.file).diagnostics };
      try {
        this.project = createProject(this.file);
      } catch (error) {
        // A tsconfig TypeScript cannot read (KFP0008): reported until it is fixed (its change restarts the watch).
        if (error instanceof CompileError) return { diagnostics: error.diagnostics };
        throw error;
      }
    }
    const project = this.project;
    const { edits, reached } = changeOf(project, changedFiles, { root: this.root, bundler: this.bundler, imports: this.imports, ...(this.clean && { bodiesRead: this.clean.bodiesRead }) });
    const entry = project.getSourceFile(this.file);
    if (!entry) return { diagnostics: analyzeFile(this.file).diagnostics };
    const analysis = this.clean && edits ? shiftedAnalysis(this.clean, edits) : analyzeSourceFile(project, entry, { typeCheck: false });
    this.clean = undefined;
    const early = edits && beforeCheck && !project.getCompilerOptions().noEmitOnError ? await this.compile(analysis) : undefined;
    if (early?.result) beforeCheck!(early.result);
    const stale = (path: string) => (edits ? edits.has(path) : reached?.has(path) !== false);
    const typeErrors = analysis.program && this.options.typeCheck !== false
      ? [...definitionFiles(this.file, analysis.program)].flatMap((path) => {
        // Built-in definitions (kfp-kubernetes' PVC components) have no source file.
        const source = project.getSourceFile(path);
        return source ? this.typeErrors.of(project, source, stale(path)) : [];
      })
      : [];
    const diagnostics = [...typeErrors, ...withoutDuplicatesOf(analysis.diagnostics, typeErrors)];
    const compiled = early ?? (!analysis.program || diagnostics.some((d) => d.severity === "error") ? { diagnostics: [] } : await this.compile(analysis));
    const all = [...diagnostics, ...compiled.diagnostics];
    if (compiled.result && !all.some((d) => d.severity === "error")) this.clean = analysis;
    return { diagnostics: all, ...(compiled.result && { result: compiled.result }), ...(early?.result && { early: true }) };
  }

  private async compile(analysis: AnalysisResult): Promise<{ result?: CompileResult; diagnostics: readonly Diagnostic[] }> {
    try {
      const result = await compileProgram(analysis.program!, this.options, { definitionCalls: analysis.definitionCalls, bundle: this.bundler.bundle, pack: this.packs.pack });
      return { result, diagnostics: result.warnings };
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      return { diagnostics: error.diagnostics };
    }
  }

  async dispose(): Promise<void> {
    await this.bundler.dispose();
  }
}
