// The KFP PipelineSpec (IR schema 2.1.0) as proto-JSON: the types kfp-ts emits, and a validator for specs it loads.
import { z } from "zod";
import { parameterTypes } from "./parameter-type.js";

const jsonValue: z.ZodType<unknown> = z.unknown();

export const artifactTypeSchema = z.object({
  schemaTitle: z.string().min(1),
  schemaVersion: z.string().optional(),
});

export const parameterSpecSchema = z.object({
  parameterType: z.enum([...parameterTypes, "TASK_FINAL_STATUS", "TASK_CONFIG"]),
  defaultValue: jsonValue.optional(),
  isOptional: z.boolean().optional(),
  description: z.string().optional(),
});

export const artifactSpecSchema = z.object({
  artifactType: artifactTypeSchema,
  isArtifactList: z.boolean().optional(),
  isOptional: z.boolean().optional(),
  description: z.string().optional(),
});

const definitionsSchema = z.object({
  parameters: z.record(z.string(), parameterSpecSchema).optional(),
  artifacts: z.record(z.string(), artifactSpecSchema).optional(),
});

const taskOutputParameter = z.object({ producerTask: z.string(), outputParameterKey: z.string() });
const taskOutputArtifact = z.object({ producerTask: z.string(), outputArtifactKey: z.string() });

export const parameterInputSchema = z.object({
  componentInputParameter: z.string().optional(),
  taskOutputParameter: taskOutputParameter.optional(),
  runtimeValue: z.object({ constant: jsonValue }).optional(),
  taskFinalStatus: z.object({ producerTask: z.string() }).optional(),
  parameterExpressionSelector: z.string().optional(),
});

export const artifactInputSchema = z.object({
  componentInputArtifact: z.string().optional(),
  taskOutputArtifact: taskOutputArtifact.optional(),
});

export const retryPolicySchema = z.object({
  maxRetryCount: z.number().int().nonnegative().optional(),
  backoffDuration: z.string().optional(),
  backoffFactor: z.number().optional(),
  backoffMaxDuration: z.string().optional(),
});

export const taskSpecSchema = z.object({
  taskInfo: z.object({ name: z.string() }),
  componentRef: z.object({ name: z.string() }),
  inputs: z
    .object({
      parameters: z.record(z.string(), parameterInputSchema).optional(),
      artifacts: z.record(z.string(), artifactInputSchema).optional(),
    })
    .optional(),
  dependentTasks: z.array(z.string()).optional(),
  cachingOptions: z.object({ enableCache: z.boolean().optional(), cacheKey: z.string().optional() }).optional(),
  triggerPolicy: z.object({ condition: z.string().optional(), strategy: z.string().optional() }).optional(),
  retryPolicy: retryPolicySchema.optional(),
  parameterIterator: jsonValue.optional(),
  artifactIterator: jsonValue.optional(),
  iteratorPolicy: jsonValue.optional(),
});

export const dagSchema = z.object({
  tasks: z.record(z.string(), taskSpecSchema),
  outputs: z
    .object({
      parameters: z.record(z.string(), z.object({ valueFromParameter: z.object({ producerSubtask: z.string(), outputParameterKey: z.string() }).optional(), valueFromOneof: jsonValue.optional() })).optional(),
      artifacts: z.record(z.string(), z.object({ artifactSelectors: z.array(z.object({ producerSubtask: z.string(), outputArtifactKey: z.string() })) })).optional(),
    })
    .optional(),
});

export const componentSpecSchema = z.object({
  inputDefinitions: definitionsSchema.optional(),
  outputDefinitions: definitionsSchema.optional(),
  executorLabel: z.string().optional(),
  dag: dagSchema.optional(),
});

export const resourcesSchema = z.object({
  cpuLimit: z.number().optional(),
  memoryLimit: z.number().optional(),
  cpuRequest: z.number().optional(),
  memoryRequest: z.number().optional(),
  resourceCpuLimit: z.string().optional(),
  resourceMemoryLimit: z.string().optional(),
  resourceCpuRequest: z.string().optional(),
  resourceMemoryRequest: z.string().optional(),
  accelerator: z
    .object({
      type: z.string().optional(),
      count: z.string().optional(),
      resourceType: z.string().optional(),
      resourceCount: z.string().optional(),
    })
    .optional(),
});

export const containerSpecSchema = z.object({
  image: z.string().min(1),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  env: z.array(z.object({ name: z.string(), value: z.string().optional() })).optional(),
  resources: resourcesSchema.optional(),
});

export const executorSchema = z.object({
  container: containerSpecSchema.optional(),
  importer: jsonValue.optional(),
  resolver: jsonValue.optional(),
});

export const pipelineSpecSchema = z.object({
  components: z.record(z.string(), componentSpecSchema).optional(),
  deploymentSpec: z.object({ executors: z.record(z.string(), executorSchema).optional() }).optional(),
  pipelineInfo: z.object({ name: z.string().min(1), displayName: z.string().optional(), description: z.string().optional() }),
  root: componentSpecSchema.extend({ dag: dagSchema }),
  schemaVersion: z.string(),
  sdkVersion: z.string().optional(),
  defaultPipelineRoot: z.string().optional(),
});

export type ParameterSpec = z.infer<typeof parameterSpecSchema>;
export type ArtifactSpec = z.infer<typeof artifactSpecSchema>;
export type ComponentSpec = z.infer<typeof componentSpecSchema>;
export type TaskSpec = z.infer<typeof taskSpecSchema>;
export type DagSpec = z.infer<typeof dagSchema>;
export type ParameterInputSpec = z.infer<typeof parameterInputSchema>;
export type ArtifactInputSpec = z.infer<typeof artifactInputSchema>;
export type ContainerSpec = z.infer<typeof containerSpecSchema>;
export type ResourcesSpec = z.infer<typeof resourcesSchema>;
export type ExecutorSpec = z.infer<typeof executorSchema>;
export type PipelineSpec = z.infer<typeof pipelineSpecSchema>;

/** Every DAG of a spec with its owner: `root`, then each component that has one. */
export function dagsOf(spec: PipelineSpec): [owner: string, dag: DagSpec][] {
  return [["root", spec.root.dag], ...Object.entries(spec.components ?? {}).flatMap(([name, c]): [string, DagSpec][] => (c.dag ? [[name, c.dag]] : []))];
}
