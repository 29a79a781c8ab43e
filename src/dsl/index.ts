export { component, type AnyFunction, type ComponentOptions, type StaticMethodDecorator } from "./component.js";
export { pipeline, type PipelineOptions } from "./pipeline.js";
export { importedComponent, type ImportedComponent } from "./imported.js";
export { concat, containerComponent, ifPresent, type CommandItem, type ContainerSpec, type Outputs, type Placeholder } from "./container.js";
export { finalStatus, importArtifact, parallel, type ImportOptions, type ParallelOptions, type PipelineTaskFinalStatus } from "./control-flow.js";
export {
  task,
  type Accelerator,
  type AcceleratorType,
  type CpuQuantity,
  type Duration,
  type MemoryQuantity,
  type RetryPolicy,
  type TaskSettings,
} from "./task.js";
export {
  createPvc,
  deletePvc,
  type AccessMode,
  type ConfigMapAsEnv,
  type ConfigMapAsVolume,
  type CreatePvcOptions,
  type EmptyDirMount,
  type EphemeralVolume,
  type KubernetesSettings,
  type NodeAffinityTerm,
  type NodeSelectorOperator,
  type NodeSelectorRequirement,
  type PodFieldPath,
  type PvcMount,
  type PvcNaming,
  type SecretAsEnv,
  type SecretAsVolume,
  type StorageSize,
  type Toleration,
} from "./kubernetes.js";
export { mountPath } from "./mounts.js";
export {
  Artifact,
  artifactType,
  ClassificationMetrics,
  Dataset,
  HTML,
  Markdown,
  Metrics,
  Model,
  SlicedClassificationMetrics,
  type ArtifactClass,
  type ArtifactInit,
  type ArtifactMetadata,
  type TypedArtifactClass,
} from "./artifacts.js";
export type { Int, JsonValue } from "./types.js";
export type { ComponentFunction, GenericArtifact } from "./generic-artifact.js";
export { definitionOf, type Definition, type DefinitionSite } from "./definition.js";
