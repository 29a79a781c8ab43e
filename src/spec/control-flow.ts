// The control-flow parts of the PipelineSpec that pipeline-spec.ts keeps as opaque JSON: loop iterators,
// OneOf selectors and importers (api/v2alpha1/pipeline_spec.proto, as proto-JSON), parsed where they are used.
import { z } from "zod";
import { artifactTypeSchema } from "./pipeline-spec.js";

/** `PipelineTaskSpec.parameterIterator`: a loop over a JSON list, given inline (`raw`) or as a LIST input. */
export const parameterIteratorSchema = z.object({
  items: z.union([z.object({ raw: z.string() }), z.object({ inputParameter: z.string() })]),
  itemInput: z.string(),
});

/** `PipelineTaskSpec.artifactIterator`: a loop over a list of artifacts, one input of the loop's component. */
export const artifactIteratorSchema = z.object({
  items: z.object({ inputArtifact: z.string() }),
  itemInput: z.string(),
});

export const iteratorPolicySchema = z.object({ parallelismLimit: z.number().int().nonnegative().optional() });

/** `DagOutputsSpec.DagOutputParameterSpec.valueFromOneof`: the first branch that produced the value wins. */
export const oneOfSchema = z.object({
  parameterSelectors: z.array(z.object({ producerSubtask: z.string(), outputParameterKey: z.string() })),
});

/** `PipelineDeploymentConfig.ImporterSpec`. */
export const importerSchema = z.object({
  artifactUri: z.union([z.object({ constant: z.string() }), z.object({ runtimeParameter: z.string() })]),
  typeSchema: artifactTypeSchema,
  metadata: z.record(z.string(), z.unknown()).optional(),
  reimport: z.boolean().optional(),
  downloadToWorkspace: z.boolean().optional(),
});

export type ParameterIterator = z.infer<typeof parameterIteratorSchema>;
export type ArtifactIterator = z.infer<typeof artifactIteratorSchema>;
export type ImporterSpec = z.infer<typeof importerSchema>;

/** A control-flow part of a spec that does not have the shape the IR gives it. */
export class InvalidSpecPart extends Error {}

/** Parses one of these parts, or says what is wrong with it and where. */
export function parsePart<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InvalidSpecPart(`${where} is not valid: ${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`);
}
