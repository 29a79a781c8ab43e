import type { Artifact, ArtifactClass } from "./artifacts.js";
import type { JsonValue } from "./types.js";

// These functions describe the pipeline to the compiler, which reads them from the source; a pipeline
// body is never executed, so calling one anywhere else is a mistake.
function onlyInPipelines(name: string): never {
  throw new Error(`${name}() describes a pipeline step: it works only in a pipeline body, which kfp-ts compiles without running`);
}

/**
 * What happened to the tasks an exit task waits for: the `try` block of the pipeline (for a task in
 * `finally`) or the one upstream task of an `ignoreUpstreamFailure` task. KFP's `PipelineTaskFinalStatus`.
 */
export interface PipelineTaskFinalStatus {
  /** `SUCCEEDED`, `FAILED` or `CANCELLED` (Kubeflow Pipelines reports its own state names, such as `COMPLETE`). */
  readonly state: string;
  readonly pipelineJobResourceName: string;
  readonly pipelineTaskName: string;
  readonly error?: { readonly code?: number; readonly message?: string };
}

/**
 * The final status to pass to an exit task: `finally { notify(finalStatus()) }`. An input typed
 * `PipelineTaskFinalStatus` that a call leaves out is filled in the same way.
 */
export function finalStatus(): PipelineTaskFinalStatus {
  return onlyInPipelines("finalStatus");
}

export interface ImportOptions {
  /** Import the artifact again on every run instead of reusing an earlier import of the same URI. Default false. */
  readonly reimport?: boolean;
  /** Metadata recorded with the imported artifact. */
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}

/**
 * Brings an existing artifact into the pipeline by its URI (KFP's importer):
 * `const data = importArtifact(Dataset, "gs://bucket/penguins.csv")`. The URI may be a pipeline parameter.
 */
export function importArtifact<A extends Artifact>(type: ArtifactClass<A>, uri: string, options?: ImportOptions): A;
export function importArtifact(): never {
  return onlyInPipelines("importArtifact");
}

export interface ParallelOptions {
  /** At most this many iterations run at once. */
  readonly parallelism: number;
}

/**
 * Limits how many iterations of a loop run at once: `for (const lr of parallel(rates, { parallelism: 2 }))`
 * or `parallel(rates, { parallelism: 2 }).map((lr) => fit(data, lr))`.
 */
export function parallel<T>(items: readonly T[], options: ParallelOptions): readonly T[];
export function parallel(): never {
  return onlyInPipelines("parallel");
}
