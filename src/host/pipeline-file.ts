import type { CompileResult } from "../../transformer/compile.js";
import type { Diagnostic } from "../../transformer/diagnostics.js";
import { UserError } from "../errors.js";
import type { PipelineSpec } from "../spec/pipeline-spec.js";
import type { PlatformSpec } from "../spec/platform-spec.js";
import { loadSpecDocuments } from "./spec-file.js";

export interface LoadedPipeline {
  readonly spec: PipelineSpec;
  /** Tasks' Kubernetes settings (the spec's second YAML document), when it has any. */
  readonly platform?: PlatformSpec;
  /** The file, and the export for TypeScript: recorded with runs and jobs. */
  readonly source: string;
  readonly warnings: readonly Diagnostic[];
}

const typescript = /\.[cm]?tsx?$/;

/**
 * A pipeline's spec from a TypeScript file (compiled exactly as `kfp-ts compile` would) or from a
 * compiled YAML / JSON spec. A TypeScript file that exports several pipelines needs `pipeline`.
 */
export async function loadPipeline(file: string, options: { pipeline?: string } = {}): Promise<LoadedPipeline> {
  if (!typescript.test(file)) {
    if (options.pipeline) throw new UserError(`--pipeline selects an export of a TypeScript file; ${file} is a compiled spec`, 2);
    return { ...loadSpecDocuments(file), source: file, warnings: [] };
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
  return { spec: compiled.spec, ...(compiled.platform && { platform: compiled.platform }), source: `${file}#${compiled.exportName}`, warnings: result.warnings };
}

/** The exported pipelines that no other exported pipeline calls: with one, a file's main pipeline is clear. */
function outermost(result: CompileResult): CompileResult["specs"] {
  const { program } = result;
  const nested = new Set(program.exportedPipelines.flatMap((key) => program.pipelines.get(key)!.tasks.flatMap(({ callee }) => (callee.kind === "pipeline" ? [callee.key] : []))));
  const names = new Set(program.exportedPipelines.filter((key) => !nested.has(key)).map((key) => program.pipelines.get(key)!.exportName));
  return result.specs.filter((spec) => spec.kind === "pipeline" && names.has(spec.exportName));
}
