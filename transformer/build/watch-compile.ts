import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Project } from "ts-morph";
import { analyzeFile, analyzeSourceFile, definitionFiles, withoutDuplicatesOf } from "../analysis/index.js";
import { createProject } from "../analysis/project.js";
import { compileProgram, type CompileOptions, type CompileResult } from "../compile.js";
import { CompileError, type Diagnostic } from "../diagnostics.js";
import { findUp } from "../find-up.js";
import { WatchBundler } from "./watch-bundler.js";
import { ImportGraph, refreshFiles } from "./watch-imports.js";
import { PackCache } from "./watch-pack.js";
import { TypeErrorsByFile } from "./watch-type-errors.js";

export interface WatchedCompile {
  /** Errors and warnings, as `kfp-ts compile` reports them. */
  readonly diagnostics: readonly Diagnostic[];
  /** Undefined when an error stopped the compile. */
  readonly result?: CompileResult;
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

  constructor(file: string, private readonly options: CompileOptions = {}) {
    this.file = resolve(file);
    this.root = dirname(findUp(dirname(this.file), "package.json") ?? this.file);
  }

  async run(changedFiles?: readonly string[]): Promise<WatchedCompile> {
    if (!this.project) {
      // A file that cannot be compiled at all gets a cold compile's diagnostic (KFP0001), until it can.
      if (!existsSync(this.file) || !statSync(this.file).isFile() || !/\.[cm]?tsx?$/.test(this.file)) return { diagnostics: analyzeFile(this.file).diagnostics };
      this.project = createProject(this.file);
    }
    const project = this.project;
    const changed = changedFiles ? refreshFiles(project, changedFiles, this.root) : new Set<string>();
    this.bundler.changed(changed);
    const sources = project.getSourceFiles().filter((f) => !f.isDeclarationFile() && !f.isInNodeModules());
    const reached = this.imports.importersOf(changed, sources);
    const entry = project.getSourceFile(this.file);
    if (!entry) return { diagnostics: analyzeFile(this.file).diagnostics };
    const analysis = analyzeSourceFile(project, entry, { typeCheck: false });
    const typeErrors = analysis.program && this.options.typeCheck !== false
      ? [...definitionFiles(this.file, analysis.program)].flatMap((path) => {
        // Built-in definitions (kfp-kubernetes' PVC components) have no source file.
        const source = project.getSourceFile(path);
        return source ? this.typeErrors.of(project, source, reached.has(path)) : [];
      })
      : [];
    const diagnostics = [...typeErrors, ...withoutDuplicatesOf(analysis.diagnostics, typeErrors)];
    if (!analysis.program || diagnostics.some((d) => d.severity === "error")) return { diagnostics };
    try {
      const result = await compileProgram(analysis.program, this.options, { definitionCalls: analysis.definitionCalls, bundle: this.bundler.bundle, pack: this.packs.pack });
      return { diagnostics: [...diagnostics.filter((d) => d.severity === "warning"), ...result.warnings], result };
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      return { diagnostics: [...diagnostics, ...error.diagnostics] };
    }
  }

  async dispose(): Promise<void> {
    await this.bundler.dispose();
  }
}
