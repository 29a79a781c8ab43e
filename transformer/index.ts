// kfp-ts/compiler: compile TypeScript pipelines into KFP PipelineSpecs. Runs on the developer's machine, never in a container.
export { compile, type CompileOptions, type CompileResult, type CompiledSpec } from "./compile.js";
export { analyzeFile, type AnalysisResult, type AnalyzeOptions } from "./analysis/index.js";
export { CompileError, codes, formatDiagnostics, type Diagnostic, type DiagnosticCode } from "./diagnostics.js";
export type * from "./ir.js";
export { sdkVersion, kfpTsVersion } from "./version.js";
