import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Project, ts, type SourceFile } from "ts-morph";
import { analyzeSourceFile, reportTypeErrors, withoutDuplicatesOf } from "../analysis/index.js";
import { compileProgram, type CompileOptions, type CompiledSpec } from "../compile.js";
import { CompileError, codes, DiagnosticBag, type Diagnostic } from "../diagnostics.js";

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

/** A project kept warm between builds (watch mode): a rebuild re-reads the changed files and recompiles only the files that import them. */
export class ProjectBuild {
  readonly root: string;
  readonly outDir: string;
  private readonly tsconfig: string;
  private readonly project: Project | undefined;
  /** Per file, the diagnostics of the last build that checked it. */
  /** Files analysed by a build that stopped at an error: the next build compiles them whatever changed. */
  private readonly uncompiled = new Set<string>();
  private readonly checked = new Map<string, { typeErrors: readonly Diagnostic[]; ours: readonly Diagnostic[] }>();

  constructor(tsconfigPath: string, private readonly options: BuildOptions = {}) {
    this.tsconfig = resolve(tsconfigPath);
    this.root = dirname(this.tsconfig);
    this.outDir = resolve(this.root, kfpOutDir(this.tsconfig));
    this.project = existsSync(this.tsconfig) ? new Project({ tsConfigFilePath: this.tsconfig }) : undefined;
  }

  /** Builds; with `changedFiles`, first re-reads them from disk and recompiles only what depends on them. */
  async run(changedFiles?: readonly string[]): Promise<BuildResult> {
    const { project, outDir, root } = this;
    if (!project) return { diagnostics: [{ code: codes.fileNotFound, severity: "error", message: `cannot find ${this.tsconfig}` }], specs: [], outDir };
    const changed = changedFiles && this.refresh(project, changedFiles);
    const sources = project.getSourceFiles().filter((f) => !f.isDeclarationFile() && !f.isInNodeModules()).sort((a, b) => a.getFilePath().localeCompare(b.getFilePath()));
    const options = new DiagnosticBag();
    project.getProgram().compilerObject.getOptionsDiagnostics().forEach((d) => options.add({ code: `TS${d.code}`, severity: "error", message: ts.flattenDiagnosticMessageText(d.messageText, "\n") }));
    // A file's diagnostics change only when it or a file it imports changes: the others keep the last build's.
    const affected = sources.filter((source) => !changed || !this.checked.has(source.getFilePath()) || this.uncompiled.has(source.getFilePath()) || dependsOn(source, changed));
    const analysed = affected.map((source) => {
      const typeErrors = new DiagnosticBag();
      reportTypeErrors(project, source, typeErrors);
      const analysis = analyzeSourceFile(project, source, { typeCheck: false });
      this.checked.set(source.getFilePath(), { typeErrors: typeErrors.items, ours: analysis.diagnostics });
      return { source, analysis };
    });
    const current = new Set<string>(sources.map((s) => s.getFilePath()));
    for (const file of this.checked.keys()) if (!current.has(file)) this.checked.delete(file);
    const typeErrors = [...options.items, ...[...this.checked.values()].flatMap((c) => c.typeErrors)];
    const ours = new Map([...this.checked.values()].flatMap((c) => c.ours).map((d) => [keyOf(d), d]));
    const diagnostics = [...typeErrors, ...withoutDuplicatesOf([...ours.values()], typeErrors)];
    if (diagnostics.some((d) => d.severity === "error")) {
      for (const { source } of analysed) this.uncompiled.add(source.getFilePath());
      return { diagnostics, specs: [], outDir };
    }
    this.uncompiled.clear();

    const specs: BuiltSpec[] = [];
    for (const { source, analysis } of analysed) {
      const program = analysis.program;
      if (!program || (program.exportedPipelines.length === 0 && program.exportedComponents.length === 0)) continue;
      try {
        const result = await compileProgram(program, this.options, { definitionCalls: analysis.definitionCalls });
        diagnostics.push(...result.warnings);
        for (const spec of result.specs) specs.push(write(spec, source, root, outDir));
      } catch (error) {
        if (!(error instanceof CompileError)) throw error;
        diagnostics.push(...error.diagnostics);
      }
    }
    return { diagnostics, specs, outDir };
  }

  /** Re-reads changed files (and picks up new ones in the project's folder); returns the set of changed paths. */
  private refresh(project: Project, files: readonly string[]): Set<string> {
    const changed = new Set<string>();
    for (const file of files.map((f) => resolve(f))) {
      const source = project.getSourceFile(file);
      if (source) source.refreshFromFileSystemSync();
      else if (file.startsWith(this.root + "/") && !file.includes("/node_modules/") && /\.[cm]?tsx?$/.test(file)) project.addSourceFileAtPathIfExists(file);
      changed.add(file);
    }
    return changed;
  }
}

/** True when `source` or a file it imports, directly or not, is one of `files`. */
function dependsOn(source: SourceFile, files: ReadonlySet<string>): boolean {
  const seen = new Set<SourceFile>();
  const visit = (file: SourceFile): boolean => {
    if (seen.has(file) || file.isInNodeModules()) return false;
    seen.add(file);
    return files.has(file.getFilePath()) || file.getReferencedSourceFiles().some(visit);
  };
  return visit(source);
}

/** `kfpTs.outDir` of the tsconfig (relative to it); else `<compilerOptions.outDir>/kfp`; else `dist/kfp`. */
function kfpOutDir(tsconfig: string): string {
  const { config } = existsSync(tsconfig) ? ts.readConfigFile(tsconfig, (path) => readFileSync(path, "utf8")) : { config: undefined };
  const own = config?.kfpTs?.outDir;
  if (typeof own === "string") return own;
  const outDir = config?.compilerOptions?.outDir;
  return join(typeof outDir === "string" ? outDir : "dist", "kfp");
}

function write(spec: CompiledSpec, source: SourceFile, root: string, outDir: string): BuiltSpec {
  const sourceFile = source.getFilePath();
  const path = join(outDir, relative(root, sourceFile).replace(/\.[cm]?tsx?$/, ""), `${spec.name}.${spec.format}`);
  const same = existsSync(path) && readFileSync(path, "utf8") === spec.text;
  if (!same) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, spec.text);
  }
  return { ...spec, sourceFile, path, written: !same };
}

function keyOf(d: Diagnostic): string {
  return `${d.code}|${d.location?.file}:${d.location?.line}:${d.location?.column}|${d.message}`;
}
