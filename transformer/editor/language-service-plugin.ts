// The tsserver plugin: kfp-ts's own diagnostics next to TypeScript's, in any editor that runs tsserver.
import type { ts } from "ts-morph";
import { analyzeSourceFile, type AnalysisResult } from "../analysis/index.js";
import type { Diagnostic } from "../diagnostics.js";
import { unknownScriptedExports } from "./script-exports.js";
import { taskAt } from "./task-quick-info.js";
import { MirrorProject } from "./mirror-project.js";

/** The parts of tsserver's `PluginCreateInfo` the plugin uses (typed here so kfp-ts never imports `typescript`). */
export interface PluginCreateInfo {
  readonly languageService: ts.LanguageService;
  readonly languageServiceHost: ts.LanguageServiceHost;
  readonly project: { getCompilerOptions(): ts.CompilerOptions; projectService: { logger: { info(message: string): void } } };
}

/** tsserver's plugin contract: a factory given the `typescript` module tsserver runs on. */
export function createPlugin(modules: { typescript: typeof ts }) {
  const typescript = modules.typescript;
  return {
    create(info: PluginCreateInfo): ts.LanguageService {
      const log = (message: string) => info.project.projectService.logger.info(`[kfp-ts] ${message}`);
      const analysis = new EditorAnalysis(info, typescript);
      const proxy = Object.create(null) as ts.LanguageService;
      for (const key of Object.keys(info.languageService) as (keyof ts.LanguageService)[]) {
        const member = info.languageService[key];
        (proxy as unknown as Record<string, unknown>)[key] = typeof member === "function" ? member.bind(info.languageService) : member;
      }
      proxy.getSemanticDiagnostics = (fileName) => {
        const own = info.languageService.getSemanticDiagnostics(fileName);
        try {
          const started = performance.now();
          // One mistake, one diagnostic: ours is dropped where TypeScript already reports an error.
          const errors = own.filter((d) => d.category === typescript.DiagnosticCategory.Error && d.start !== undefined);
          const overlaps = (d: ts.Diagnostic) => errors.some((e) => d.start! < e.start! + Math.max(e.length ?? 1, 1) && e.start! < d.start! + Math.max(d.length ?? 1, 1));
          const ours = analysis.diagnostics(fileName).filter((d) => d.category !== typescript.DiagnosticCategory.Error || d.start === undefined || !overlaps(d));
          log(`${ours.length} diagnostic(s) for ${fileName} in ${(performance.now() - started).toFixed(0)} ms`);
          return [...own, ...ours];
        } catch (error) {
          log(`analysis failed for ${fileName}: ${describe(error)}`);
          return own;
        }
      };
      proxy.getQuickInfoAtPosition = (fileName, position, ...rest) => {
        const own = info.languageService.getQuickInfoAtPosition(fileName, position, ...rest);
        try {
          const task = analysis.taskAt(fileName, position);
          if (!task) return own;
          const documentation = [...(own?.documentation ?? []), { kind: "text", text: (own?.documentation?.length ? "\n\n" : "") + task.text }];
          return own ? { ...own, documentation } : { kind: typescript.ScriptElementKind.unknown, kindModifiers: "", textSpan: task.span, documentation };
        } catch (error) {
          log(`quick info failed for ${fileName}: ${describe(error)}`);
          return own;
        }
      };
      log("plugin loaded");
      return proxy;
    },
  };
}

const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** Runs the compiler's analysis on the language service's current files and converts what it finds to tsserver's form. */
class EditorAnalysis {
  private mirror: MirrorProject | undefined;
  private optionsKey = "";

  constructor(private readonly info: PluginCreateInfo, private readonly typescript: typeof ts) {}

  private readonly analyses = new Map<string, AnalysisResult>();

  diagnostics(fileName: string): ts.Diagnostic[] {
    const found = this.analyse(fileName);
    if (!found) return [];
    const scripted = found.analysis.program ? unknownScriptedExports(found.analysis.program) : [];
    return [...found.analysis.diagnostics, ...scripted]
      .filter((d) => d.location?.file === found.sourceFile.fileName)
      .map((d) => this.toTsDiagnostic(d, found.sourceFile));
  }

  /** The task whose call spans `position`, described for a hover. */
  taskAt(fileName: string, position: number): { text: string; span: ts.TextSpan } | undefined {
    const found = this.analyse(fileName);
    if (!found?.analysis.program) return undefined;
    const { line, character } = this.typescript.getLineAndCharacterOfPosition(found.sourceFile, position);
    const task = taskAt(found.analysis.program, found.sourceFile.fileName, line + 1, character + 1);
    if (!task) return undefined;
    const start = this.typescript.getPositionOfLineAndCharacter(found.sourceFile, task.location.line - 1, task.location.column - 1);
    return { text: task.text, span: { start, length: task.location.length } };
  }

  /** The analysis of the file as the editor has it now (reused until a file of the program changes). */
  private analyse(fileName: string): { analysis: AnalysisResult; sourceFile: ts.SourceFile } | undefined {
    const program = this.info.languageService.getProgram();
    const sourceFile = program?.getSourceFile(fileName);
    if (!program || !sourceFile || sourceFile.isDeclarationFile || !/\bkfp-ts\b/.test(sourceFile.text)) return undefined;
    const mirror = this.mirrorOf(program.getCompilerOptions());
    const host = this.info.languageServiceHost;
    const changed = mirror.sync({
      compilerOptions: program.getCompilerOptions(),
      fileNames: () => program.getSourceFiles().filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f)).map((f) => f.fileName),
      version: (name) => host.getScriptVersion(name),
      text: (name) => program.getSourceFile(name)?.text,
    });
    if (changed) this.analyses.clear();
    const source = mirror.project.getSourceFile(fileName);
    if (!source) return undefined;
    let analysis = this.analyses.get(fileName);
    if (!analysis) this.analyses.set(fileName, (analysis = analyzeSourceFile(mirror.project, source, { typeCheck: false })));
    return { analysis, sourceFile };
  }

  private mirrorOf(options: ts.CompilerOptions): MirrorProject {
    const key = JSON.stringify(options);
    if (!this.mirror || key !== this.optionsKey) {
      this.mirror = new MirrorProject(options);
      this.analyses.clear();
      this.optionsKey = key;
    }
    return this.mirror;
  }

  private toTsDiagnostic(d: Diagnostic, file: ts.SourceFile): ts.Diagnostic {
    const { line, column, length } = d.location!;
    const start = this.typescript.getPositionOfLineAndCharacter(file, line - 1, column - 1);
    return {
      file,
      start,
      length,
      category: d.severity === "error" ? this.typescript.DiagnosticCategory.Error : this.typescript.DiagnosticCategory.Warning,
      code: Number(d.code.replace(/^\D+/, "")),
      source: "kfp-ts",
      messageText: `${d.code}: ${d.message}${d.hint ? `\nhint: ${d.hint}` : ""}`,
    };
  }
}
