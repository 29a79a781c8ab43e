import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Artifact } from "../dsl/artifacts.js";
import { localPathForUri } from "../dsl/uri.js";
import type { ExecutorInput, ExecutorOutput } from "../spec/executor.js";
import { describe, parameterText, parameterValueProblem } from "../spec/parameter-type.js";
import { ExecutorError } from "./errors.js";
import type { ComponentInterface, OutputSlot } from "./interface.js";
import type { ScratchSpace } from "./scratch.js";

/** Splits the component's return value into its declared outputs. */
export function outputValues(iface: ComponentInterface, returned: unknown): Map<string, unknown> {
  const values = new Map<string, unknown>();
  if (iface.returns === "single") values.set(iface.outputs[0]!.name, returned);
  if (iface.returns === "named") {
    if (typeof returned !== "object" || returned === null) {
      throw new ExecutorError(`the component must return an object with ${iface.outputs.map((o) => `'${o.name}'`).join(", ")}; it returned ${describe(returned)}`);
    }
    for (const output of iface.outputs) values.set(output.name, (returned as Record<string, unknown>)[output.name]);
  }
  return values;
}

/** Writes each output where the executor input asks for it, and returns the executor output that describes them. */
export function publishOutputs(
  iface: ComponentInterface,
  values: Map<string, unknown>,
  input: ExecutorInput,
  scratch: ScratchSpace,
): ExecutorOutput {
  const output: ExecutorOutput = {};
  for (const slot of iface.outputs) {
    const value = values.get(slot.name);
    if (slot.kind === "parameter") publishParameter(slot, value, input, output);
    else publishArtifact(slot, value, input, output, scratch);
  }
  return output;
}

function publishParameter(slot: OutputSlot & { kind: "parameter" }, value: unknown, input: ExecutorInput, output: ExecutorOutput) {
  const problem = parameterValueProblem(slot.type, value);
  if (problem) throw new ExecutorError(`output '${slot.name}': ${problem}`);
  (output.parameterValues ??= {})[slot.name] = value;
  const file = input.outputs?.parameters?.[slot.name]?.outputFile;
  if (file) writeText(localPathForUri(file), parameterText(value));
}

function publishArtifact(
  slot: OutputSlot & { kind: "artifact" },
  value: unknown,
  input: ExecutorInput,
  output: ExecutorOutput,
  scratch: ScratchSpace,
) {
  const target = input.outputs?.artifacts?.[slot.name]?.artifacts?.[0];
  if (!target?.uri) throw new ExecutorError(`the executor input has no location for output artifact '${slot.name}'`);
  let uri = target.uri;
  let metadata = { ...target.metadata };
  if (value instanceof Artifact || isArtifactLike(value)) {
    metadata = { ...metadata, ...value.metadata };
    if (value instanceof Artifact && scratch.isFresh(value)) moveInto(value.path, localPathForUri(target.uri));
    else uri = value.uri;
  } else if (typeof value === "string") {
    writeText(localPathForUri(target.uri), value);
  } else {
    throw new ExecutorError(`output '${slot.name}' must be a ${slot.schemaTitle} artifact; the component returned ${describe(value)}`);
  }
  (output.artifacts ??= {})[slot.name] = { artifacts: [{ name: target.name ?? slot.name, uri, metadata }] };
}

function isArtifactLike(value: unknown): value is { uri: string; metadata: Record<string, unknown> } {
  return typeof value === "object" && value !== null && typeof (value as { uri?: unknown }).uri === "string"
    && typeof (value as { metadata?: unknown }).metadata === "object";
}

function moveInto(from: string, to: string) {
  if (!existsSync(from)) return;
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { recursive: true, force: true });
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

export function writeText(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
