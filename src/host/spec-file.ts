import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { dagsOf, pipelineSpecSchema, type PipelineSpec } from "../spec/pipeline-spec.js";
import { platformSpecSchema, type PlatformSpec } from "../spec/platform-spec.js";
import { UserError } from "../errors.js";

/** Reads a compiled PipelineSpec (YAML or JSON) and checks it has what a run needs, saying where it does not. */
export function loadSpecFile(path: string): PipelineSpec {
  return loadSpecDocuments(path).spec;
}

/** A compiled spec and, when the YAML has a second document, its platform document (Kubernetes settings). */
export function loadSpecDocuments(path: string): { spec: PipelineSpec; platform?: PlatformSpec } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory; give a pipeline file (.ts, .yaml or .json)" : (error as Error).message}`);
  }
  const spec = parseSpecText(text, path);
  const platform = path.endsWith(".json") ? undefined : parsePlatformDocument(text, path);
  return { spec, ...(platform && { platform }) };
}

function parsePlatformDocument(text: string, source: string): PlatformSpec | undefined {
  const second = parseAllDocuments(text)[1];
  if (!second) return undefined;
  const parsed = platformSpecSchema.safeParse(second.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${source}: its second document is not a platform spec (${issue.path.join(".") || "(document)"}: ${issue.message}); compile it with \`kfp-ts compile\` or the KFP SDK`);
  }
  return Object.keys(parsed.data.platforms).length > 0 ? parsed.data : undefined;
}

export function parseSpecText(text: string, source: string): PipelineSpec {
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
    document = first.toJS();
  }
  const parsed = pipelineSpecSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `  ${issue.path.join(".") || "(document)"}: ${issue.message}`);
    throw new UserError(`${source} is not a valid PipelineSpec:\n${problems.join("\n")}\n  compile it with \`kfp-ts compile\` or the KFP SDK`);
  }
  const spec = parsed.data;
  if (spec.schemaVersion !== "2.1.0") throw new UserError(`${source} has schemaVersion ${spec.schemaVersion}; kfp-ts runs PipelineSpec 2.1.0`);
  checkReferences(spec, source);
  return spec;
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
