import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isRemoteUri, localPathForUri } from "../dsl/uri.js";
import { importerSchema, parsePart } from "../spec/control-flow.js";
import type { TaskSpec } from "../spec/pipeline-spec.js";
import type { RunContext, TaskInputs, TaskOutcome } from "./context.js";
import { resolvePlaceholders } from "./placeholders.js";
import { createTaskRow } from "./task-record.js";

/**
 * Runs a `dsl.importer` task in-process, as the KFP driver does: its output `artifact` is the given
 * URI (a constant, or the `uri` input), with the importer's type and metadata (placeholders in the
 * metadata resolved from the task's inputs). Without `reimport`, an artifact already recorded with
 * that URI and type is reused. A remote URI is recorded as it is, with a notice that local tasks
 * cannot read it.
 */
export function runImporter(context: RunContext, path: string, task: TaskSpec, importer: unknown, inputs: TaskInputs): TaskOutcome {
  const { store } = context;
  const spec = parsePart(importerSchema, importer, `the importer of '${path}'`);
  const taskId = createTaskRow(context, path, task, "importer", inputs);
  const started = new Date().toISOString();
  const given = "constant" in spec.artifactUri ? spec.artifactUri.constant : inputs.parameters[spec.artifactUri.runtimeParameter];
  if (typeof given !== "string" || given === "") {
    const error = `the importer has no URI: its input '${"runtimeParameter" in spec.artifactUri ? spec.artifactUri.runtimeParameter : "uri"}' is ${JSON.stringify(given)}`;
    store.updateTask(taskId, { state: "failed", error, startedAt: started, finishedAt: new Date().toISOString() });
    context.emit({ type: "task-finished", path, state: "failed", seconds: 0, error });
    return { state: "failed", parameters: {}, artifacts: {}, error };
  }
  // A file:// URI is a local file: tasks get its path.
  const uri = given.startsWith("file://") ? fileURLToPath(given) : given;
  if (isRemoteUri(uri)) context.emit({ type: "notice", text: `task '${path}' imports ${uri}, which tasks of a local run cannot read` });
  const type = { schemaTitle: spec.typeSchema.schemaTitle, schemaVersion: spec.typeSchema.schemaVersion ?? "0.0.1" };
  const metadata = resolveMetadata(spec.metadata ?? {}, inputs, context, path, taskId);
  const reused = spec.reimport ? undefined : store.findArtifact(uri, type.schemaTitle);
  const artifacts = store.write(() => {
    store.updateTask(taskId, { state: "succeeded", startedAt: started, finishedAt: new Date().toISOString(), cacheNote: reused ? `reused artifact ${reused.id} (reimport is off)` : "imported" });
    if (reused) {
      store.linkArtifacts(taskId, "output", { artifact: [{ ...reused, name: "artifact" }] });
      return { artifact: [{ ...reused, name: "artifact" }] };
    }
    const hasContent = !isRemoteUri(uri) && existsSync(localPathForUri(uri));
    return store.recordOutputArtifacts(taskId, { artifact: [{ name: "artifact", uri, ...type, metadata, hasContent }] });
  });
  context.emit({ type: "task-finished", path, state: "succeeded", seconds: 0, cache: reused ? `reused artifact ${reused.id}` : "imported" });
  return { state: "succeeded", parameters: {}, artifacts };
}

/** Metadata values with `{{$.inputs.parameters['…']}}` placeholders filled in; a whole-value placeholder keeps the value's type. */
function resolveMetadata(metadata: Record<string, unknown>, inputs: TaskInputs, context: RunContext, path: string, taskId: number): Record<string, unknown> {
  const input = { inputs: { parameterValues: inputs.parameters } };
  const constants = context.constants(path, taskId);
  const resolve = (value: unknown): unknown => {
    if (typeof value === "string") {
      const whole = /^\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}$/.exec(value);
      return whole ? inputs.parameters[whole[1]!] : resolvePlaceholders([value], input, constants)[0];
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  return resolve(metadata) as Record<string, unknown>;
}
