// The tsserver plugin: kfp-ts's own diagnostics next to TypeScript's, in any editor that runs tsserver.
import type { ts } from "ts-morph";
import { analyzeSourceFile } from "../analysis/index.js";
import type { Diagnostic } from "../diagnostics.js";
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
      const diagnostics = new EditorDiagnostics(info, typescript);
      const proxy = Object.create(null) as ts.LanguageService;
      for (const key of Object.keys(info.languageService) as (keyof ts.LanguageService)[]) {
        const member = info.languageService[key];
        (proxy as unknown as Record<string, unknown>)[key] = typeof member === "function" ? member.bind(info.languageService) : member;
      }
      proxy.getSemanticDiagnostics = (fileName) => {
        const own = info.languageService.getSemanticDiagnostics(fileName);
        try {
          const started = performance.now();
          const ours = diagnostics.of(fileName);
          log(`${ours.length} diagnostic(s) for ${fileName} in ${(performance.now() - started).toFixed(0)} ms`);
          return [...own, ...ours];
        } catch (error) {
          log(`analysis failed for ${fileName}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          return own;
        }
      };
      log("plugin loaded");
      return proxy;
    },
  };
}

/** Runs the compiler's analysis on the language service's current files and converts what it finds to tsserver's form. */
class EditorDiagnostics {
  private mirror: MirrorProject | undefined;
  private optionsKey = "";

  constructor(private readonly info: PluginCreateInfo, private readonly typescript: typeof ts) {}

  of(fileName: string): ts.Diagnostic[] {
    const program = this.info.languageService.getProgram();
    const sourceFile = program?.getSourceFile(fileName);
    if (!program || !sourceFile || sourceFile.isDeclarationFile || !/\bkfp-ts\b/.test(sourceFile.text)) return [];
    const mirror = this.mirrorOf(program.getCompilerOptions());
    const host = this.info.languageServiceHost;
    mirror.sync({
      compilerOptions: program.getCompilerOptions(),
      fileNames: () => program.getSourceFiles().filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f)).map((f) => f.fileName),
      version: (name) => host.getScriptVersion(name),
      text: (name) => program.getSourceFile(name)?.text,
    });
    const source = mirror.project.getSourceFile(fileName);
    if (!source) return [];
    const analysis = analyzeSourceFile(mirror.project, source, { typeCheck: false });
    return analysis.diagnostics
      .filter((d) => d.location?.file === sourceFile.fileName)
      .map((d) => this.toTsDiagnostic(d, sourceFile));
  }

  private mirrorOf(options: ts.CompilerOptions): MirrorProject {
    const key = JSON.stringify(options);
    if (!this.mirror || key !== this.optionsKey) {
      this.mirror = new MirrorProject(options);
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
