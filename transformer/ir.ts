// The analysis IR: what static analysis learned from the source, as plain data.
// Everything after the analysis (DAG, PipelineSpec, bundling) works on these types only.

import type { JsonValue } from "../src/dsl/types.js";
import type { ParameterType } from "../src/spec/parameter-type.js";
import type { ExecutorSpec, PipelineSpec } from "../src/spec/pipeline-spec.js";

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
  | { readonly kind: "artifact"; readonly artifact: ArtifactTypeIR; readonly list: boolean }
  /** `PipelineTaskFinalStatus`: filled in by the backend for exit tasks; a STRUCT at run time. */
  | { readonly kind: "finalStatus" };

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
  /** Written with one destructured object parameter: called as `train({ data, epochs: 3 })`. */
  readonly namedArguments?: true;
  readonly image?: string;
  readonly targetImage?: string;
  /**
   * What runs when kfp-ts bundles nothing: the container a container component or an imported component YAML
   * names, or the pipeline an imported YAML holds.
   */
  readonly implementation?: ExternalImplementation;
}

/** A container given as it is, or a whole compiled pipeline folded in as a sub-DAG. */
export type ExternalImplementation =
  | { readonly kind: "container"; readonly container: NonNullable<ExecutorSpec["container"]> }
  | { readonly kind: "graph"; readonly spec: PipelineSpec };

export interface PipelineIR extends CallableIR {
  readonly kind: "pipeline";
  /** How the pipeline is exported from its file, such as `producerConsumer` or `Pipelines.train`. */
  readonly exportName: string;
  readonly displayName?: string;
  readonly root?: string;
  /** Every task of the body, in the order the calls are made (a task's index is its identity). */
  readonly tasks: readonly TaskIR[];
  /** The body as a tree of groups (conditions, loops, exit handlers) holding the tasks. */
  readonly body: GroupIR;
  /** Values that come from whichever branch of an `if`/`else` ran, in the order they were made. */
  readonly oneOfs: readonly OneOfIR[];
  /** Where each pipeline output comes from, in output order. */
  readonly outputSources: readonly { readonly name: string; readonly source: ChannelRef }[];
}

export type CallableDefinition = ComponentIR | PipelineIR;

export interface TaskOutputRef {
  readonly kind: "taskOutput";
  /** Index of the producing task in the pipeline's `tasks`. */
  readonly task: number;
  readonly output: string;
}

/** A value that exists only when the pipeline runs, and where it comes from. */
export type ChannelRef =
  | { readonly kind: "pipelineInput"; readonly name: string }
  | TaskOutputRef
  /** The variable of a loop (`for (const x of items)`), or one field of it (`x.lr`). */
  | { readonly kind: "loopItem"; readonly loop: number; readonly field?: string }
  /** A task output gathered into a list out of the loops around its producer (`dsl.Collected`). */
  | { readonly kind: "collected"; readonly task: number; readonly output: string }
  /** The value of whichever branch ran: an index into the pipeline's `oneOfs` (`dsl.OneOf`). */
  | { readonly kind: "oneOf"; readonly oneOf: number };

export type ArgumentIR =
  | { readonly kind: "constant"; readonly value: JsonValue }
  /** A template literal holding channels (an f-string in the Python SDK): text and channels in order. */
  | { readonly kind: "template"; readonly parts: readonly (string | ChannelRef)[] }
  /** The final status of the exit handler's body, or of the one upstream task of an `ignoreUpstreamFailure` task. */
  | { readonly kind: "finalStatus" }
  | ChannelRef;

export interface OneOfIR {
  /** The `branches` group whose branches produce the value. */
  readonly branches: number;
  /** One output per branch, in branch order. */
  readonly sources: readonly TaskOutputRef[];
  readonly type: ValueType;
}

/** A comparison operand: a constant or a channel. */
export type OperandIR = { readonly kind: "constant"; readonly value: string | number | boolean; readonly integer: boolean } | { readonly kind: "channel"; readonly ref: ChannelRef; readonly type: ValueType };

/** A condition as written: comparisons joined with `&&`, `||` and `!`. */
export type ConditionIR =
  | { readonly kind: "compare"; readonly operator: "==" | "!=" | "<" | "<=" | ">" | ">="; readonly left: OperandIR; readonly right: OperandIR }
  | { readonly kind: "and" | "or"; readonly left: ConditionIR; readonly right: ConditionIR }
  | { readonly kind: "not"; readonly operand: ConditionIR };

/** Where a loop's items come from: a list written in the source, or a LIST / artifact-list channel. */
export type LoopItemsIR =
  | { readonly kind: "raw"; readonly values: readonly JsonValue[]; /** The id of the loop variable (`loop-item-param-N`). */ readonly itemId: number }
  | { readonly kind: "channel"; readonly ref: ChannelRef };

interface GroupBase {
  /** The number in the group's KFP name (`condition-3`), counted as the Python SDK counts them. */
  readonly id: number;
  /** Indexes of the tasks directly in this group, in call order. */
  readonly tasks: readonly number[];
  /** Groups directly in this group, in source order. */
  readonly groups: readonly GroupIR[];
  readonly location: SourceLocation;
}

export type GroupIR =
  | (GroupBase & { readonly kind: "root" })
  /** One branch of an `if`: it runs when every part holds (earlier branches' conditions come negated). */
  | (GroupBase & { readonly kind: "condition"; readonly parts: readonly { readonly condition: ConditionIR; readonly negate: boolean }[] })
  /** An `if` with `else if` / `else` branches: its groups are the branches. */
  | (GroupBase & { readonly kind: "branches" })
  | (GroupBase & {
      readonly kind: "loop";
      readonly items: LoopItemsIR;
      /** The type of one item. */
      readonly itemType: ValueType;
      /** Field types of object items, for `item.field`. */
      readonly fieldTypes: Readonly<Record<string, ValueType>>;
      /** At most this many iterations at once; 0: no limit. */
      readonly parallelism: number;
    })
  /** A `try` block whose `finally` task runs whatever happens to it. */
  | (GroupBase & { readonly kind: "exitHandler"; readonly exitTask: number });

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
  /** Runs when its upstream tasks finish, even if they failed. */
  readonly ignoreUpstreamFailure?: boolean;
  /** Settings given by pipeline parameters or task outputs: resolved when the task starts. */
  readonly runtime?: Readonly<Partial<Record<RuntimeSetting, ChannelRef>>>;
  readonly kubernetes?: KubernetesIR;
}

/** A Kubernetes object's name in a task's platform settings: a literal, or a pipeline parameter or task output. */
export type K8sNameIR = { readonly kind: "constant"; readonly value: string } | ChannelRef;

type Pairs = readonly (readonly [string, string])[];

export interface NodeSelectorRequirementIR {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

/** A task's kfp-kubernetes settings, in the order they were written; absent lists were not written. */
export interface KubernetesIR {
  readonly secretEnv?: readonly { readonly name: K8sNameIR; readonly keyToEnv: Pairs; readonly optional: boolean }[];
  readonly secretVolumes?: readonly { readonly name: K8sNameIR; readonly mountPath: string; readonly optional: boolean }[];
  readonly configMapEnv?: readonly { readonly name: K8sNameIR; readonly keyToEnv: Pairs; readonly optional: boolean }[];
  readonly configMapVolumes?: readonly { readonly name: K8sNameIR; readonly mountPath: string; readonly optional: boolean }[];
  readonly pvcMounts?: readonly { readonly name: K8sNameIR; readonly mountPath: string; readonly subPath: string }[];
  readonly emptyDirs?: readonly { readonly volumeName: string; readonly mountPath: string; readonly medium?: string; readonly sizeLimit?: string }[];
  readonly ephemeralVolumes?: readonly {
    readonly volumeName: string;
    readonly mountPath: string;
    readonly accessModes: readonly string[];
    readonly size: string;
    readonly storageClassName?: string;
    readonly labels?: Pairs;
    readonly annotations?: Pairs;
  }[];
  readonly fieldPathEnv?: Pairs;
  readonly nodeSelector?: Pairs;
  readonly nodeAffinity?: readonly { readonly matchExpressions: readonly NodeSelectorRequirementIR[]; readonly matchFields: readonly NodeSelectorRequirementIR[]; readonly weight?: number }[];
  readonly tolerations?: readonly { readonly key?: string; readonly operator?: string; readonly value?: string; readonly effect?: string; readonly tolerationSeconds?: number }[];
  readonly imagePullSecrets?: readonly K8sNameIR[];
  readonly imagePullPolicy?: string;
  readonly podLabels?: Pairs;
  readonly podAnnotations?: Pairs;
  readonly activeDeadlineSeconds?: number;
}

/** Task settings KFP takes from a channel. */
export type RuntimeSetting = "cpuRequest" | "cpuLimit" | "memoryRequest" | "memoryLimit" | "acceleratorType" | "acceleratorCount" | "image";

/** An importer: an existing artifact brought into the pipeline by URI (`importArtifact`). */
export interface ImporterIR {
  readonly kind: "importer";
  readonly artifact: ArtifactTypeIR;
  readonly reimport: boolean;
  readonly metadata?: Readonly<Record<string, JsonValue>>;
}

export interface TaskIR {
  readonly callee: { readonly kind: "component" | "pipeline"; readonly key: string } | ImporterIR;
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
