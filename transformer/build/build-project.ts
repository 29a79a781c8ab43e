import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Project, ts, type SourceFile } from "ts-morph";
import { writeSpecFile } from "../../src/spec/write.js";
import { addTypeErrors, analyzeSourceFile, withoutDuplicatesOf, type AnalysisResult } from "../analysis/index.js";
import { compileProgram, type CompileOptions, type CompileResult, type CompiledSpec } from "../compile.js";
import { referenceReadingOptions, tsconfigReadError } from "../analysis/project.js";
import { libFolderOption } from "../analysis/typescript-lib.js";
import { CompileError, codes, DiagnosticBag, type Diagnostic } from "../diagnostics.js";
import { shiftedAnalysis } from "./body-edit.js";
import { configFilesOf } from "./config-files.js";
import { changeOf } from "./incremental-change.js";
import { WatchBundler } from "./watch-bundler.js";
import { ImportGraph } from "./watch-imports.js";
import { PackCache } from "./watch-pack.js";
import { TypeErrorsByFile } from "./watch-type-errors.js";

export interface BuildOptions extends Pick<CompileOptions, "format" | "image" | "minify"> {}

export interface BuiltSpec extends CompiledSpec {
  readonly sourceFile: string;
  /** Where the spec was written. */
  readonly path: string;
  /** False when the file already held these bytes and was left alone. */
  readonly written: boolean;
}

export interface BuildResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly specs: readonly BuiltSpec[];
  /** The directory specs are written under (`kfpTs.outDir` of the tsconfig). */
  readonly outDir: string;
  /** Milliseconds from the start of the build to its specs written, when they were written before TypeScript's check. */
  readonly writtenAfter?: number;
}

/**
 * Builds a tsconfig project: ONE TypeScript program over its files (include/exclude/files, paths), TypeScript's
 * errors and kfp-ts's together, then a spec per pipeline each file exports (its components when it exports no
 * pipeline), written to `<outDir>/<file path relative to the tsconfig, without extension>/<pipeline name>.yaml`.
 * Nothing is written while any error remains.
 */
export async function buildProject(tsconfigPath: string, options: BuildOptions = {}): Promise<BuildResult> {
  return new ProjectBuild(tsconfigPath, options).run();
}

export interface ProjectBuildOptions {
  /**
   * Keep esbuild's contexts and the packed bundles between runs (watch mode): a rebuild bundles again only
   * the components whose modules changed. Call {@link ProjectBuild.dispose} at the end.
   */
  readonly incremental?: boolean;
}

/**
 * A project kept warm between builds (watch mode): a rebuild re-reads the changed files, then type-checks,
 * re-analyses and recompiles only them and the files that import them, on the language service's next program
 * (unchanged files keep their syntax trees).
 */
export class ProjectBuild {
  readonly root: string;
  readonly outDir: string;
  private readonly tsconfig: string;
  private readonly project: Project | undefined;
  /** The projects of the tsconfig's `references`, built before it (as `tsc -b` does), each into its own outDir. */
  private readonly references: ProjectBuild[] = [];
  private readonly referenceErrors: Diagnostic[] = [];
  /** The files the tsconfig lists (include/exclude/files): a referencing project leaves them to this one. */
  private readonly listed: ReadonlySet<string>;
  private readonly bundler: WatchBundler | undefined;
  private readonly packs: PackCache | undefined;
  /** Files analysed by a build that stopped at an error: the next build compiles them whatever changed. */
  private readonly uncompiled = new Set<string>();
  /** Per file, the last build's analysis of it (its diagnostics are kfp-ts's). */
  private readonly analysed = new Map<string, AnalysisResult>();
  /** The last build ended without an error: the next may keep every analysis an edit cannot reach. */
  private clean = false;
  private readonly typeErrors = new TypeErrorsByFile();
  private readonly imports = new ImportGraph();
  /** Per spec path, the text this build last wrote or found there. */
  private readonly written = new Map<string, string>();

  constructor(tsconfigPath: string, private readonly options: BuildOptions = {}, flags: ProjectBuildOptions = {}, builds = new Map<string, ProjectBuild>(), referencedFrom: readonly string[] = []) {
    this.tsconfig = resolve(tsconfigPath);
    this.root = dirname(this.tsconfig);
    this.outDir = resolve(this.root, kfpOutDir(this.tsconfig));
    const config = existsSync(this.tsconfig) ? ts.getParsedCommandLineOfConfigFile(this.tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined }) : undefined;
    this.listed = new Set(config?.fileNames.map((f) => resolve(f)) ?? []);
    const unreadable = config && tsconfigReadError(this.tsconfig);
    if (unreadable) this.referenceErrors.push(unreadable);
    // The tsconfig's syntax tree (which TypeScript's parse keeps in `configFile`, and ts-morph drops) goes along with the
    // options: TypeScript's errors about an option then point at it.
    this.project = config && !unreadable ? new Project({ tsConfigFilePath: this.tsconfig, compilerOptions: { ...referenceReadingOptions(this.tsconfig), configFile: config.options.configFile }, ...libFolderOption() }) : undefined;
    if (flags.incremental) {
      this.bundler = new WatchBundler();
      this.packs = new PackCache();
    }
    builds.set(this.tsconfig, this);
    for (const reference of config?.projectReferences ?? []) {
      const tsconfig = resolve(ts.resolveProjectReferencePath(reference));
      const chain = [...referencedFrom, this.tsconfig];
      if (chain.includes(tsconfig)) {
        this.referenceErrors.push({ code: codes.invalidOption, severity: "error", message: `project references form a cycle: ${[...chain.slice(chain.indexOf(tsconfig)), tsconfig].join(" → ")}`, hint: "a project cannot reference one that references it, as with `tsc -b`" });
        continue;
      }
      this.references.push(builds.get(tsconfig) ?? new ProjectBuild(tsconfig, options, flags, builds, chain));
    }
  }

  /** The folders of this project and those it references, for a watcher. */
  get roots(): string[] {
    return [...new Set(this.inOrder().map((build) => build.root))];
  }

  /** The tsconfig files of this project and those it references, with the files they extend: a change of one needs a new build. */
  get configFiles(): string[] {
    return [...new Set(this.inOrder().flatMap((build) => configFilesOf(build.tsconfig)))];
  }

  /** True for a file a build writes (a spec). */
  isOutput(file: string): boolean {
    return this.inOrder().some((build) => file.startsWith(build.outDir + "/"));
  }

  /**
   * Builds the referenced projects, then this one; with `changedFiles`, each first re-reads them from disk and
   * recompiles only what depends on them.
   */
  async run(changedFiles?: readonly string[]): Promise<BuildResult> {
    const started = performance.now();
    // A referenced component's mistake is found by its project and by the pipelines using it: reported once.
    const diagnostics = new Map<string, Diagnostic>();
    const specs: BuiltSpec[] = [];
    let writtenAt: number | undefined;
    for (const build of this.inOrder()) {
      const result = await build.runOwn(changedFiles);
      for (const d of [...build.referenceErrors, ...result.diagnostics]) if (!diagnostics.has(keyOf(d))) diagnostics.set(keyOf(d), d);
      specs.push(...result.specs);
      if (result.writtenAt !== undefined) writtenAt = result.writtenAt;
    }
    // As with `tsc -b`, a project with an error writes nothing; the projects it references are built before it.
    return { diagnostics: [...diagnostics.values()], specs, outDir: this.outDir, ...(writtenAt !== undefined && { writtenAfter: writtenAt - started }) };
  }

  /** This build and those it references, each once, a project after those it references. */
  private inOrder(found: ProjectBuild[] = []): ProjectBuild[] {
    if (found.includes(this)) return found;
    for (const reference of this.references) reference.inOrder(found);
    if (!found.includes(this)) found.push(this);
    return found;
  }

  /** The files listed by the referenced projects, directly or not. */
  private referencedFiles(): Set<string> {
    return new Set(this.inOrder().filter((build) => build !== this).flatMap((build) => [...build.listed]));
  }

  private async runOwn(changedFiles?: readonly string[]): Promise<BuildResult & { writtenAt?: number }> {
    const { project, outDir } = this;
    // A tsconfig TypeScript cannot read has its own error (KFP0008, among the reference errors).
    if (!project) return { diagnostics: existsSync(this.tsconfig) ? [] : [{ code: codes.fileNotFound, severity: "error", message: `cannot find ${this.tsconfig}` }], specs: [], outDir };
    const { edits, rebundled, reached } = changeOf(project, changedFiles, {
      root: this.root,
      ...(this.bundler && { bundler: this.bundler, imports: this.imports }),
      ...(this.clean && { bodiesRead: [...this.analysed.values()].flatMap((a) => a.bodiesRead) }),
    });
    // After a clean build, edits inside function bodies change no analysis: each file keeps its own, moved along.
    if (edits) for (const [file, analysis] of this.analysed) this.analysed.set(file, shiftedAnalysis(analysis, edits));
    const referenced = this.referencedFiles();
    const sources = project.getSourceFiles().filter((f) => !f.isDeclarationFile() && !f.isInNodeModules() && !referenced.has(f.getFilePath())).sort((a, b) => a.getFilePath().localeCompare(b.getFilePath()));
    const current = new Set<string>(sources.map((s) => s.getFilePath()));
    for (const file of this.analysed.keys()) if (!current.has(file)) this.analysed.delete(file);
    this.typeErrors.keepOnly(current);
    // A file's analysis changes only when it or a file it imports changes: the others keep the last build's.
    const affected = sources.filter((source) => !reached || !this.analysed.has(source.getFilePath()) || this.uncompiled.has(source.getFilePath()) || reached.has(source.getFilePath()))
      // With every analysis kept, a spec changes only with one of its bundles.
      .filter((source) => !edits || !rebundled || [...(this.analysed.get(source.getFilePath())?.program?.components.keys() ?? [])].some((key) => rebundled.has(key)));
    const analyses = affected.map((source) => {
      const analysis = (edits && this.analysed.get(source.getFilePath())) || analyzeSourceFile(project, source, { typeCheck: false });
      this.analysed.set(source.getFilePath(), analysis);
      return { source, analysis };
    });
    const ours = new Map([...this.analysed.values()].flatMap((a) => a.diagnostics).map((d) => [keyOf(d), d]));
    // Bundling runs in esbuild's process while TypeScript checks here; the specs are kept only if no error turns up.
    const compiling = [...ours.values()].some((d) => d.severity === "error") ? [] : analyses.map(({ source, analysis }) => this.compile(source, analysis));
    // A body edit is written before TypeScript's check ends, as `tsc --watch` emits (unless noEmitOnError).
    const early = edits && !project.getCompilerOptions().noEmitOnError ? this.writeAll(await Promise.all(compiling)) : undefined;
    const writtenAt = early && performance.now();
    const typeErrors = new DiagnosticBag();
    addTypeErrors(project, project.getProgram().compilerObject.getOptionsDiagnostics(), typeErrors);
    // A body edit leaves its importers' types as they were: only the edited files are checked again.
    const stale = new Set(edits ? [...edits.keys()] : analyses.map(({ source }) => source.getFilePath()));
    for (const source of sources) typeErrors.items.push(...this.typeErrors.of(project, source, stale.has(source.getFilePath())));
    const diagnostics = [...typeErrors.items, ...withoutDuplicatesOf([...ours.values()], typeErrors.items)];
    const compiled = early ? [] : await Promise.all(compiling);
    const written = early ?? (diagnostics.some((d) => d.severity === "error") ? undefined : this.writeAll(compiled));
    const failed = new Set([...(written?.failed ?? []), ...(diagnostics.some((d) => d.severity === "error") ? analyses.map(({ source }) => source.getFilePath()) : [])]);
    for (const { source } of analyses) if (!failed.has(source.getFilePath())) this.uncompiled.delete(source.getFilePath());
    for (const file of failed) this.uncompiled.add(file);
    const all = [...diagnostics, ...(written?.diagnostics ?? [])];
    this.clean = this.uncompiled.size === 0 && !all.some((d) => d.severity === "error");
    return { diagnostics: all, specs: written?.specs ?? [], outDir, ...(writtenAt !== undefined && { writtenAt }) };
  }

  /** Writes the compiled files' specs; a file whose compile stopped at an error gives its diagnostics instead. */
  private writeAll(compiled: readonly Compiled[]): { specs: BuiltSpec[]; diagnostics: Diagnostic[]; failed: string[] } {
    const written = { specs: [] as BuiltSpec[], diagnostics: [] as Diagnostic[], failed: [] as string[] };
    for (const { source, outcome } of compiled) {
      if (outcome instanceof CompileError) {
        written.diagnostics.push(...outcome.diagnostics);
        written.failed.push(source.getFilePath());
        continue;
      }
      written.diagnostics.push(...outcome.warnings);
      for (const spec of outcome.specs) written.specs.push(this.write(spec, source));
    }
    return written;
  }

  /** Ends the warm state (esbuild's contexts keep its process running). */
  async dispose(): Promise<void> {
    await Promise.all(this.inOrder().map((build) => build.bundler?.dispose()));
  }

  /** The specs of one analysed file (none when it exports no definition), or the error that stopped them. */
  private async compile(source: SourceFile, analysis: AnalysisResult): Promise<Compiled> {
    const program = analysis.program;
    if (!program || (program.exportedPipelines.length === 0 && program.exportedComponents.length === 0)) return { source, outcome: { specs: [], warnings: [] } };
    try {
      return { source, outcome: await compileProgram(program, this.options, { definitionCalls: analysis.definitionCalls, ...(this.bundler && { bundle: this.bundler.bundle }), ...(this.packs && { pack: this.packs.pack }) }) };
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      return { source, outcome: error };
    }
  }

  /** Writes a spec unless its file already holds these bytes. */
  private write(spec: CompiledSpec, source: SourceFile): BuiltSpec {
    const sourceFile = source.getFilePath();
    const path = join(this.outDir, relative(this.root, sourceFile).replace(/\.[cm]?tsx?$/, ""), `${spec.name}.${spec.format}`);
    const exists = existsSync(path);
    const same = exists && (this.written.get(path) ?? readFileSync(path, "utf8")) === spec.text;
    if (!same) {
      mkdirSync(dirname(path), { recursive: true });
      writeSpecFile(path, spec.text);
    }
    this.written.set(path, spec.text);
    return { ...spec, sourceFile, path, written: !same };
  }
}

/** `kfpTs.outDir` of the tsconfig (relative to it); else `<compilerOptions.outDir>/kfp`; else `dist/kfp`. */
function kfpOutDir(tsconfig: string): string {
  const { config } = existsSync(tsconfig) ? ts.readConfigFile(tsconfig, (path) => readFileSync(path, "utf8")) : { config: undefined };
  const own = config?.kfpTs?.outDir;
  if (typeof own === "string") return own;
  const outDir = config?.compilerOptions?.outDir;
  return join(typeof outDir === "string" ? outDir : "dist", "kfp");
}

/** One file's specs, or the error that stopped them. */
interface Compiled {
  readonly source: SourceFile;
  readonly outcome: Pick<CompileResult, "specs" | "warnings"> | CompileError;
}

function keyOf(d: Diagnostic): string {
  return `${d.code}|${d.location?.file}:${d.location?.line}:${d.location?.column}|${d.message}`;
}
