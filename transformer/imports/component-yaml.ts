// Reads a component YAML file (compiled KFP IR, or the v1 component format) into what kfp-ts needs to
// call it: its interface as InputIR/OutputIR and its implementation, as `kfp.components.load_component_from_file` does.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import type { ExecutorSpec, PipelineSpec } from "../../src/spec/pipeline-spec.js";
import { parameterTypes, type ParameterType } from "../../src/spec/parameter-type.js";
import type { ExternalImplementation, InputIR, JsonValue, OutputIR, ValueType } from "../ir.js";
import { sanitizeK8sName } from "../naming.js";
import { fromV1Component, isV1Component } from "./v1-component.js";

/** A component YAML as kfp-ts calls it: its interface and either one container or a whole pipeline (a sub-DAG). */
export interface ImportedDefinition {
  /** `pipelineInfo.name` (v2) or `name` (v1): tasks and component keys are named after it. */
  readonly name: string;
  readonly description?: string;
  readonly inputs: readonly InputIR[];
  readonly outputs: readonly OutputIR[];
  readonly implementation: ExternalImplementation;
}

/** A component YAML that cannot be imported: what is wrong with it. */
export class ComponentYamlError extends Error {}

export function readComponentYaml(file: string): ImportedDefinition {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ComponentYamlError(`cannot read ${file}`);
  }
  return parseComponentYaml(text, file);
}

export function parseComponentYaml(text: string, file: string): ImportedDefinition {
  const documents = parseAllDocuments(text);
  const first = documents[0];
  if (!first || !("toJS" in first)) throw new ComponentYamlError(`${file} holds no YAML document`);
  if (first.errors.length > 0) throw new ComponentYamlError(`${file} is not valid YAML: ${first.errors[0]!.message}`);
  const document = first.toJS() as unknown;
  if (!isRecord(document)) throw new ComponentYamlError(`${file} is not a component: its top level is not a mapping`);
  if (isRecord(document.pipelineInfo) && isRecord(document.root)) return fromPipelineSpec(document as unknown as PipelineSpec, file);
  if (isV1Component(document)) return fromV1Component(document, file);
  throw new ComponentYamlError(`${file} is neither a compiled KFP component (pipelineInfo, root) nor a v1 component (name, implementation)`);
}

/** `ComponentSpec.from_ir_dicts`: the root's interface; the executor named after the pipeline, else the whole graph. */
function fromPipelineSpec(spec: PipelineSpec, file: string): ImportedDefinition {
  const name = spec.pipelineInfo.name;
  const root = spec.root as { inputDefinitions?: Definitions; outputDefinitions?: Definitions };
  const executor = (spec.deploymentSpec?.executors as Record<string, ExecutorSpec> | undefined)?.[`exec-${sanitizeK8sName(name)}`];
  const description = spec.pipelineInfo.description;
  return {
    name,
    ...(typeof description === "string" && description && { description }),
    inputs: readDefinitions(root.inputDefinitions, file, "input") as InputIR[],
    outputs: readDefinitions(root.outputDefinitions, file, "output"),
    implementation: executor?.container ? { kind: "container", container: executor.container } : { kind: "graph", spec },
  };
}


interface Definitions {
  parameters?: Record<string, { parameterType?: string; defaultValue?: JsonValue; isOptional?: boolean; description?: string }>;
  artifacts?: Record<string, { artifactType?: { schemaTitle?: string; schemaVersion?: string }; isArtifactList?: boolean; isOptional?: boolean; description?: string }>;
}

function readDefinitions(definitions: Definitions | undefined, file: string, what: "input" | "output"): (InputIR | OutputIR)[] {
  const items: (InputIR | OutputIR)[] = [];
  for (const [name, parameter] of Object.entries(definitions?.parameters ?? {})) {
    const type = parameter.parameterType;
    if (!parameterTypes.includes(type as ParameterType) && type !== "TASK_FINAL_STATUS") {
      throw new ComponentYamlError(`${file}: ${what} '${name}' has parameterType '${type}', which kfp-ts does not support`);
    }
    const valueType: ValueType = type === "TASK_FINAL_STATUS" ? { kind: "finalStatus" } : { kind: "parameter", parameterType: type as ParameterType };
    // Compiled with kfp<=2.0.0b8, a default came without isOptional: the SDK treats it as optional.
    const optional = parameter.isOptional ?? parameter.defaultValue !== undefined;
    items.push({
      name,
      type: valueType,
      ...(what === "input" && { optional }),
      ...(parameter.defaultValue !== undefined && parameter.defaultValue !== null && what === "input" && { defaultValue: parameter.defaultValue }),
      ...(parameter.description && { description: parameter.description }),
    } as InputIR);
  }
  for (const [name, artifact] of Object.entries(definitions?.artifacts ?? {})) {
    const schemaTitle = artifact.artifactType?.schemaTitle;
    if (!schemaTitle) throw new ComponentYamlError(`${file}: ${what} artifact '${name}' has no artifactType.schemaTitle`);
    items.push({
      name,
      type: { kind: "artifact", artifact: { schemaTitle, schemaVersion: artifact.artifactType?.schemaVersion ?? "0.0.1" }, list: artifact.isArtifactList === true },
      ...(what === "input" && { optional: artifact.isOptional === true }),
      ...(artifact.description && { description: artifact.description }),
    } as InputIR);
  }
  return items;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
