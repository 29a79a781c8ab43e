// The analysis IR: what static analysis learned from the source, as plain data.
// Everything after the analysis (DAG, PipelineSpec, bundling) works on these types only.

import type { JsonValue } from "../src/dsl/types.js";
import type { ParameterType } from "../src/spec/parameter-type.js";

export type { JsonValue, ParameterType };

/** A position in a source file (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Length of the source span, for underlining. */
  readonly length: number;
}

/** A module-level binding the bundler can import: `local` is the name in `file`, `member` a static member of it. */
export interface Binding {
  readonly file: string;
  readonly local: string;
  readonly member?: string;
}

export interface ArtifactTypeIR {
  readonly schemaTitle: string;
  readonly schemaVersion: string;
  /** The user-defined class to construct input artifacts with; absent for built-in classes. */
  readonly userClass?: Binding;
}

export type ValueType =
  | { readonly kind: "parameter"; readonly parameterType: ParameterType }
  | { readonly kind: "artifact"; readonly artifact: ArtifactTypeIR; readonly list: boolean };

export interface InputIR {
  readonly name: string;
  readonly type: ValueType;
  readonly optional: boolean;
  readonly defaultValue?: JsonValue;
  readonly description?: string;
}

export interface OutputIR {
  readonly name: string;
  readonly type: ValueType;
  readonly description?: string;
}

/** How a function's return value maps to outputs: none, the single output `Output`, or one output per field. */
export type ReturnShape = "none" | "single" | "named";

interface CallableIR {
  /** Identity of the definition: its file and binding path. */
  readonly key: string;
  /** The KFP name of the component (kebab case). */
  readonly name: string;
  readonly description?: string;
  readonly inputs: readonly InputIR[];
  readonly outputs: readonly OutputIR[];
  readonly returns: ReturnShape;
  readonly location: SourceLocation;
}

export interface ComponentIR extends CallableIR {
  readonly kind: "component";
  /** The name a user knows the function by, such as `echo` or `Steps.echo`. */
  readonly functionName: string;
  readonly binding: Binding;
  readonly image?: string;
  readonly targetImage?: string;
}

export interface PipelineIR extends CallableIR {
  readonly kind: "pipeline";
  /** How the pipeline is exported from its file, such as `producerConsumer` or `Pipelines.train`. */
  readonly exportName: string;
  readonly displayName?: string;
  readonly root?: string;
  readonly tasks: readonly TaskIR[];
  /** Where each pipeline output comes from, in output order. */
  readonly outputSources: readonly { readonly name: string; readonly source: TaskOutputRef }[];
}

export type CallableDefinition = ComponentIR | PipelineIR;

export interface TaskOutputRef {
  readonly kind: "taskOutput";
  /** Index of the producing task in the pipeline's `tasks`. */
  readonly task: number;
  readonly output: string;
}

export type ArgumentIR =
  | { readonly kind: "constant"; readonly value: JsonValue }
  | { readonly kind: "pipelineInput"; readonly name: string }
  | TaskOutputRef;

export interface RetryIR {
  readonly count: number;
  readonly backoffSeconds: number;
  readonly backoffFactor: number;
  readonly backoffMaxSeconds: number;
}

export interface TaskSettingsIR {
  readonly displayName?: string;
  readonly caching: boolean;
  readonly cacheKey?: string;
  readonly retry?: RetryIR;
  readonly cpuRequest?: string;
  readonly cpuLimit?: string;
  readonly memoryRequest?: string;
  readonly memoryLimit?: string;
  readonly accelerator?: { readonly type: string; readonly count: number };
  readonly env: readonly (readonly [string, string])[];
  readonly image?: string;
}

export interface TaskIR {
  readonly callee: { readonly kind: "component" | "pipeline"; readonly key: string };
  /** Arguments by input name; inputs left out are absent. */
  readonly arguments: ReadonlyMap<string, ArgumentIR>;
  /** Indexes of tasks that must finish first without passing data (`after`). */
  readonly after: readonly number[];
  readonly settings: TaskSettingsIR;
  readonly location: SourceLocation;
}

/** Everything the analysis found: definitions by key, and what the entry file exports. */
export interface ProgramIR {
  readonly entryFile: string;
  /** The directory of kfp-ts's DSL as the user's code resolves it; its container runtime sits next to it. */
  readonly dslDirectory: string;
  readonly components: ReadonlyMap<string, ComponentIR>;
  readonly pipelines: ReadonlyMap<string, PipelineIR>;
  /** Keys of the pipelines exported by the entry file, in source order. */
  readonly exportedPipelines: readonly string[];
  /** Keys of the components exported by the entry file, in source order. */
  readonly exportedComponents: readonly string[];
}
