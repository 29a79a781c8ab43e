import type { ArtifactSpec, ComponentSpec, ParameterSpec } from "../../src/spec/pipeline-spec.js";
import type { InputIR, OutputIR } from "../ir.js";

type Definitions = NonNullable<ComponentSpec["inputDefinitions"]>;

/** `inputDefinitions` / `outputDefinitions` of a component, as the Python SDK writes them. */
export function definitionsOf(items: readonly (InputIR | OutputIR)[]): Definitions | undefined {
  const parameters: Record<string, ParameterSpec> = {};
  const artifacts: Record<string, ArtifactSpec> = {};
  for (const item of items) {
    const optional = "optional" in item && item.optional;
    const description = item.description;
    if (item.type.kind === "finalStatus") {
      // The Python SDK marks it optional whatever the signature says: the backend fills it in.
      parameters[item.name] = { parameterType: "TASK_FINAL_STATUS", isOptional: true, ...(description && { description }) };
    } else if (item.type.kind === "parameter") {
      parameters[item.name] = {
        parameterType: item.type.parameterType,
        ...("defaultValue" in item && item.defaultValue !== undefined && { defaultValue: item.defaultValue }),
        ...(optional && { isOptional: true }),
        ...(description && { description }),
      };
    } else {
      artifacts[item.name] = {
        artifactType: { schemaTitle: item.type.artifact.schemaTitle, schemaVersion: item.type.artifact.schemaVersion },
        ...(item.type.list && { isArtifactList: true }),
        ...(optional && { isOptional: true }),
        ...(description && { description }),
      };
    }
  }
  const definitions: Definitions = {
    ...(Object.keys(parameters).length > 0 && { parameters }),
    ...(Object.keys(artifacts).length > 0 && { artifacts }),
  };
  return Object.keys(definitions).length > 0 ? definitions : undefined;
}

/** A component's interface as a ComponentSpec without its implementation. */
export function interfaceSpec(callable: { inputs: readonly InputIR[]; outputs: readonly OutputIR[] }): ComponentSpec {
  const inputDefinitions = definitionsOf(callable.inputs);
  const outputDefinitions = definitionsOf(callable.outputs);
  return { ...(inputDefinitions && { inputDefinitions }), ...(outputDefinitions && { outputDefinitions }) };
}
