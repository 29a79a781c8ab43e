import { readFileSync, statSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { dagsOf, pipelineSpecSchema, type PipelineSpec } from "../spec/pipeline-spec.js";
import { describeUnsafeNames, prototypeKeys, unsafeSpecNames } from "../spec/spec-names.js";
import { UserError } from "../errors.js";

/** Specs above this size are refused before parsing (an embedded bundle per component stays far below). */
const maxSpecBytes = 64 * 1024 * 1024;
/** YAML aliases allowed in one spec: KFP specs use none; this stops "billion laughs" expansion. */
const maxAliasCount = 100;

/** Reads a compiled PipelineSpec (YAML or JSON) and checks it has what a run needs, saying where it does not. */
export function loadSpecFile(path: string): PipelineSpec {
  return parseSpecText(readSpecText(path), path);
}

/** A spec file's text, or a message saying why it cannot be read. */
export function readSpecText(path: string): string {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > maxSpecBytes) throw new UserError(`${path} is ${(size / 1e6).toFixed(0)} MB, larger than a PipelineSpec can be (at most ${maxSpecBytes / 1024 / 1024} MiB)`);
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory; give a pipeline file (.ts, .yaml or .json)" : code === "EACCES" ? "permission denied" : (error as Error).message}`);
  }
  return text;
}

/**
 * The platform spec of a YAML spec file: its documents after the first, merged as kfp.Client merges them
 * (kfp-kubernetes writes `platforms: { kubernetes: … }` there). Undefined when there is none.
 */
export function platformSpecOf(text: string, source: string): Record<string, unknown> | undefined {
  if (source.endsWith(".json")) return undefined;
  const documents = parseAllDocuments(text);
  const rest = (Array.isArray(documents) ? documents : [documents]).slice(1).map((d) => d.toJS() as unknown).filter((d) => d !== null && d !== undefined);
  if (rest.length === 0) return undefined;
  const merged: Record<string, unknown> = {};
  for (const document of rest) {
    if (typeof document !== "object" || Array.isArray(document)) throw new UserError(`${source}: a document after the PipelineSpec must be a platform spec (a mapping such as platforms: { kubernetes: … })`);
    Object.assign(merged, document);
  }
  return merged;
}

export function parseSpecText(text: string, source: string): PipelineSpec {
  let document: unknown;
  try {
    document = parseDocument(text, source);
  } catch (error) {
    if (error instanceof RangeError) throw new UserError(`${source} is nested too deeply to be a PipelineSpec`);
    throw error;
  }
  const prototypes = prototypeKeys(document);
  if (prototypes.length > 0) throw new UserError(`${source}: ${prototypes[0]} has a key '__proto__', which cannot name anything in a PipelineSpec`);
  const parsed = pipelineSpecSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `  ${issue.path.join(".") || "(document)"}: ${issue.message}`);
    throw new UserError(`${source} is not a valid PipelineSpec:\n${problems.join("\n")}\n  compile it with \`kfp-ts compile\` or the KFP SDK`);
  }
  const spec = parsed.data;
  if (spec.schemaVersion !== "2.1.0") throw new UserError(`${source} has schemaVersion ${spec.schemaVersion}; kfp-ts runs PipelineSpec 2.1.0`);
  const unsafe = unsafeSpecNames(spec);
  if (unsafe.length > 0) throw new UserError(`${source} has names a run cannot use:\n${describeUnsafeNames(unsafe)}`);
  checkReferences(spec, source);
  return spec;
}

/** The first document of a YAML or JSON text, as plain data. */
function parseDocument(text: string, source: string): unknown {
  let document: unknown;
  if (source.endsWith(".json")) {
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new UserError(`${source} is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    const documents = parseAllDocuments(text);
    const list = Array.isArray(documents) ? documents : [documents];
    const first = list[0];
    if (!first) throw new UserError(`${source} is empty: expected a compiled PipelineSpec`);
    if (first.errors.length > 0) {
      const error = first.errors[0]!;
      const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [undefined, undefined];
      throw new UserError(`${source}${line ? `:${line}:${column}` : ""} is not valid YAML: ${error.message.split("\n")[0]}`);
    }
    try {
      document = first.toJS({ maxAliasCount });
    } catch (error) {
      if (error instanceof ReferenceError) throw new UserError(`${source} uses YAML aliases too often (more than ${maxAliasCount} expansions), which a PipelineSpec never needs`);
      throw error;
    }
  }
  return document;
}

/** Every task's component and every component's executor must exist. */
function checkReferences(spec: PipelineSpec, source: string): void {
  for (const [owner, dag] of dagsOf(spec)) {
    for (const [taskName, task] of Object.entries(dag.tasks)) {
      const component = spec.components?.[task.componentRef.name];
      if (!component) throw new UserError(`${source}: task '${taskName}' of ${owner} refers to component '${task.componentRef.name}', which the spec does not define`);
      if (!component.dag && !component.executorLabel) throw new UserError(`${source}: component '${task.componentRef.name}' has neither a DAG nor an executor`);
      if (component.executorLabel && !spec.deploymentSpec?.executors?.[component.executorLabel]) {
        throw new UserError(`${source}: component '${task.componentRef.name}' refers to executor '${component.executorLabel}', which the spec does not define`);
      }
      for (const dependency of task.dependentTasks ?? []) {
        if (!dag.tasks[dependency]) throw new UserError(`${source}: task '${taskName}' depends on '${dependency}', which ${owner} does not contain`);
      }
    }
  }
}
