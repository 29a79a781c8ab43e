// kfp-ts/local: run pipelines on this machine, from code. Runs on the developer's machine, never in a container.
import { Artifact, builtinArtifactClasses } from "../dsl/artifacts.js";
import type { AnyFunction } from "../dsl/component.js";
import { definitionOf } from "../dsl/definition.js";
import { UserError } from "../errors.js";
import { loadPipeline } from "../host/pipeline-file.js";
import { runPipelineSpec, type LocalRunOptions, type LocalRunResult } from "./run.js";
import type { ArtifactRecord } from "./store.js";

export { runPipelineSpec, type LocalRunOptions, type LocalRunResult } from "./run.js";
export { resumeRun } from "./resume.js";
export type { RunEvent } from "./events.js";
export { MetadataStore, type ArtifactRecord, type RunRow, type RunStatus, type TaskDetail, type TaskRow, type TaskState } from "./store.js";
export { UserError } from "../errors.js";

export type RunOptions = Omit<LocalRunOptions, "parameters" | "platformSpec">;

/** The outputs of a pipeline function as values: what its body returns, with real values in place of task results. */
export type PipelineOutputs<F extends AnyFunction> = Awaited<ReturnType<F>>;

export interface RunResult<Outputs> extends Omit<LocalRunResult, "outputs"> {
  /** The pipeline's outputs: one value for a single output, an object for several, undefined for none. */
  readonly outputs: Outputs;
}

/** Thrown by {@link run} when the pipeline does not succeed; the run stays in the history. */
export class PipelineRunError extends Error {
  override name = "PipelineRunError";
  constructor(readonly result: LocalRunResult) {
    const failed = result.tasks.filter((t) => t.state === "failed");
    super(`run ${result.runId} ${result.status}${failed.length ? `: ${failed.map((t) => `task '${t.path}' ${t.error}`).join("; ")}` : ""}`);
  }
}

/**
 * Runs a pipeline locally and returns its typed outputs and the run id:
 *
 * ```ts
 * const { outputs, runId } = await run(trainingPipeline, { epochs: 5 });
 * ```
 *
 * The pipeline is compiled from the TypeScript file that defines it (exactly as `kfp-ts compile` would),
 * then run as `kfp-ts run` runs it. Throws a {@link PipelineRunError} when a task fails.
 */
export async function run<F extends AnyFunction>(pipeline: F, parameters: Record<string, unknown> = {}, options: RunOptions = {}): Promise<RunResult<PipelineOutputs<F>>> {
  const definition = definitionOf(pipeline);
  if (definition?.kind !== "pipeline") throw new UserError("run() takes a pipeline made with pipeline(…) or @pipeline()");
  const site = definition.site;
  if (!site || !/\.[cm]?tsx?$/.test(site.file)) {
    throw new UserError(`run() needs the pipeline's TypeScript source, but it was defined in ${site?.file ?? "an unknown file"}: run your code with a TypeScript-aware runner (tsx, vitest), or use runFile()`);
  }
  const { compile } = await import("../../transformer/compile.js");
  const result = await compile(site.file);
  const match = [...result.program.pipelines.values()]
    .filter((p) => p.location.file === site.file && p.location.line <= site.line)
    .sort((a, b) => b.location.line - a.location.line)[0];
  const compiled = match && result.specs.find((s) => s.exportName === match.exportName);
  if (!compiled) throw new UserError(`cannot find the pipeline defined at ${site.file}:${site.line}; is it exported?`);
  return finish(await runPipelineSpec(compiled.spec, { ...options, parameters, source: `${site.file}#${compiled.exportName}`, sourceRoot: result.projectRoot, ...(compiled.platform && { platformSpec: compiled.platform }) }), match.returns);
}

/** Runs the pipeline of a TypeScript file or a compiled spec, as `kfp-ts run` does. */
export async function runFile(file: string, parameters: Record<string, unknown> = {}, options: RunOptions & { pipeline?: string } = {}): Promise<RunResult<Record<string, unknown>>> {
  const { pipeline, ...rest } = options;
  const loaded = await loadPipeline(file, pipeline ? { pipeline } : {});
  const result = await runPipelineSpec(loaded.spec, { ...rest, parameters, source: loaded.source, ...(loaded.sourceRoot && { sourceRoot: loaded.sourceRoot }), ...(loaded.platformSpec && { platformSpec: loaded.platformSpec }) });
  if (result.status !== "succeeded") throw new PipelineRunError(result);
  return { ...result, outputs: outputValues(result) };
}

function finish<T>(result: LocalRunResult, returns: "none" | "single" | "named"): RunResult<T> {
  if (result.status !== "succeeded") throw new PipelineRunError(result);
  const values = outputValues(result);
  const outputs = returns === "none" ? undefined : returns === "single" ? values.Output : values;
  return { ...result, outputs: outputs as T };
}

function outputValues(result: LocalRunResult): Record<string, unknown> {
  return Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, toValue(v)]));
}

/** An artifact record becomes an instance of its artifact class, with its local URI. */
function toValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toValue);
  if (value && typeof value === "object" && "schemaTitle" in value && "uri" in value && "id" in value) {
    const record = value as ArtifactRecord;
    const cls = builtinArtifactClasses.get(record.schemaTitle) ?? Artifact;
    return new cls({ name: record.name, uri: record.uri, metadata: record.metadata });
  }
  return value;
}
