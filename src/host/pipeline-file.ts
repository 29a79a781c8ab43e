import type { CompileResult } from "../../transformer/compile.js";
import type { Diagnostic } from "../../transformer/diagnostics.js";
import { UserError } from "../errors.js";
import type { PipelineSpec } from "../spec/pipeline-spec.js";
import { parseSpecText, platformSpecOf, readSpecText } from "./spec-file.js";

export interface LoadedPipeline {
  readonly spec: PipelineSpec;
  /** The file, and the export for TypeScript: recorded with runs and jobs. */
  readonly source: string;
  readonly warnings: readonly Diagnostic[];
  /** For TypeScript: the project root, which the bundles' source maps are relative to. */
  readonly sourceRoot?: string;
  /** The spec file's own text (for TypeScript, what `kfp-ts compile` writes): what uploads send, byte for byte. */
  readonly text: string;
  /** Tasks' Kubernetes settings: the YAML documents after the PipelineSpec (`platforms: { kubernetes: … }`), if any. */
  readonly platformSpec?: Record<string, unknown>;
}

const typescript = /\.[cm]?tsx?$/;

/**
 * A pipeline's spec from a TypeScript file (compiled exactly as `kfp-ts compile` would) or from a
 * compiled YAML / JSON spec. A TypeScript file that exports several pipelines needs `pipeline`.
 */
export async function loadPipeline(file: string, options: { pipeline?: string } = {}): Promise<LoadedPipeline> {
  if (!typescript.test(file)) {
    if (options.pipeline) throw new UserError(`--pipeline selects an export of a TypeScript file; ${file} is a compiled spec`, 2);
    const text = readSpecText(file);
    const platformSpec = platformSpecOf(text, file);
    return { spec: parseSpecText(text, file), source: file, warnings: [], text, ...(platformSpec && { platformSpec }) };
  }
  // The compiler (TypeScript itself) loads only when a TypeScript file is given.
  const { compile } = await import("../../transformer/compile.js");
  const result = await compile(file, options.pipeline ? { pipeline: options.pipeline } : {});
  const candidates = result.specs.length > 1 ? outermost(result) : result.specs;
  if (candidates.length !== 1) {
    const names = result.specs.map((s) => s.exportName).join(", ");
    throw new UserError(`${file} exports ${result.specs.length} ${result.specs[0]!.kind}s (${names}): choose one with --pipeline`, 2);
  }
  const compiled = candidates[0]!;
  return { spec: compiled.spec, source: `${file}#${compiled.exportName}`, warnings: result.warnings, sourceRoot: result.projectRoot, text: compiled.text, ...(compiled.platform && { platformSpec: compiled.platform }) };
}

/** The exported pipelines that no other exported pipeline calls: with one, a file's main pipeline is clear. */
function outermost(result: CompileResult): CompileResult["specs"] {
  const { program } = result;
  const nested = new Set(program.exportedPipelines.flatMap((key) => program.pipelines.get(key)!.tasks.flatMap(({ callee }) => (callee.kind === "pipeline" ? [callee.key] : []))));
  const names = new Set(program.exportedPipelines.filter((key) => !nested.has(key)).map((key) => program.pipelines.get(key)!.exportName));
  return result.specs.filter((spec) => spec.kind === "pipeline" && names.has(spec.exportName));
}
