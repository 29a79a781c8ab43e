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
  const tsconfig = resolve(tsconfigPath);
  const root = dirname(tsconfig);
  const outDir = resolve(root, kfpOutDir(tsconfig));
  if (!existsSync(tsconfig)) {
    return { diagnostics: [{ code: codes.fileNotFound, severity: "error", message: `cannot find ${tsconfigPath}` }], specs: [], outDir };
  }
  const project = new Project({ tsConfigFilePath: tsconfig });
  const sources = project.getSourceFiles().filter((f) => !f.isDeclarationFile() && !f.isInNodeModules()).sort((a, b) => a.getFilePath().localeCompare(b.getFilePath()));
  const typeErrors = new DiagnosticBag();
  project.getProgram().compilerObject.getOptionsDiagnostics().forEach((d) => typeErrors.add({ code: `TS${d.code}`, severity: "error", message: ts.flattenDiagnosticMessageText(d.messageText, "\n") }));
  for (const source of sources) reportTypeErrors(project, source, typeErrors);

  const ours = new Map<string, Diagnostic>();
  const analysed = sources.map((source) => ({ source, analysis: analyzeSourceFile(project, source, { typeCheck: false }) }));
  for (const { analysis } of analysed) for (const d of analysis.diagnostics) ours.set(keyOf(d), d);
  const diagnostics = [...typeErrors.items, ...withoutDuplicatesOf([...ours.values()], typeErrors.items)];
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics, specs: [], outDir };

  const specs: BuiltSpec[] = [];
  for (const { source, analysis } of analysed) {
    const program = analysis.program;
    if (!program || (program.exportedPipelines.length === 0 && program.exportedComponents.length === 0)) continue;
    try {
      const result = await compileProgram(program, options);
      diagnostics.push(...result.warnings);
      for (const spec of result.specs) specs.push(write(spec, source, root, outDir));
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      diagnostics.push(...error.diagnostics);
    }
  }
  return { diagnostics, specs, outDir };
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
