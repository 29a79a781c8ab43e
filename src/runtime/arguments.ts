import { Artifact, builtinArtifactClasses, type ArtifactClass } from "../dsl/artifacts.js";
import type { ExecutorInput, RuntimeArtifact } from "../spec/executor.js";
import { coerceParameter, parameterValueProblem } from "../spec/parameter-type.js";
import { ExecutorError } from "./errors.js";
import type { ExecutableComponent, InputSlot } from "./interface.js";

/** The positional arguments for the component function, built from the executor input. */
export function buildArguments(component: ExecutableComponent, input: ExecutorInput): unknown[] {
  const args = component.interface.inputs.map((slot) => argumentFor(component, slot, input));
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return args;
}

function argumentFor(component: ExecutableComponent, slot: InputSlot, input: ExecutorInput): unknown {
  if (slot.kind === "parameter") {
    const raw = input.inputs?.parameterValues?.[slot.name];
    if (raw === undefined || raw === null) return absent(slot);
    const value = coerceParameter(slot.type, raw);
    const problem = parameterValueProblem(slot.type, value);
    if (problem) throw new ExecutorError(`input '${slot.name}': ${problem}`);
    return value;
  }
  const artifacts = input.inputs?.artifacts?.[slot.name]?.artifacts;
  if (!artifacts || artifacts.length === 0) return slot.list ? [] : absent(slot);
  const declared = component.artifactClasses?.[slot.name];
  const instances = artifacts.map((artifact) => instantiate(artifact, declared));
  return slot.list ? instances : instances[0];
}

function absent(slot: InputSlot): undefined {
  if (!slot.optional) throw new ExecutorError(`input '${slot.name}' is required, but the executor input has no value for it`);
  return undefined;
}

function instantiate(artifact: RuntimeArtifact, declared: ArtifactClass | undefined): Artifact {
  const title = artifact.type?.schemaTitle;
  const cls = declared ?? (title ? builtinArtifactClasses.get(title) : undefined) ?? Artifact;
  return new cls({ name: artifact.name ?? "", uri: artifact.uri ?? "", metadata: artifact.metadata ?? {} });
}
