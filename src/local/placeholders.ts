import { localPathForUri } from "../dsl/uri.js";
import type { ExecutorInput } from "../spec/executor.js";
import { parameterText } from "../spec/parameter-type.js";

/** What `{{$.pipeline_job_name}}` and the other runtime constants stand for in this run. */
export interface RuntimeConstants {
  readonly jobName: string;
  readonly jobId: string;
  readonly taskName: string;
  readonly taskId: string;
  readonly pipelineRoot: string;
  readonly createTime: string;
}

/**
 * Resolves the placeholders of a container's command and args as a KFP launcher does: `{{$}}` is the
 * executor input as JSON, `{{$.inputs…}}` / `{{$.outputs…}}` read it, IfPresent and Concat elements
 * expand, and the runtime constants are substituted.
 */
export function resolvePlaceholders(items: readonly string[], input: ExecutorInput, constants: RuntimeConstants): string[] {
  return items.flatMap((item) => expand(item, input, constants));
}

function expand(item: string, input: ExecutorInput, constants: RuntimeConstants): string[] {
  const structured = parseStructured(item);
  if (structured === undefined) return [substitute(item, input, constants)];
  return expandStructured(structured, input, constants);
}

type Structured = string | { IfPresent: { InputName: string; Then?: Structured | Structured[]; Else?: Structured | Structured[] } } | { Concat: Structured[] };

function parseStructured(item: string): Structured | undefined {
  if (!item.startsWith('{"IfPresent"') && !item.startsWith('{"Concat"')) return undefined;
  try {
    return JSON.parse(item) as Structured;
  } catch {
    return undefined;
  }
}

function expandStructured(node: Structured, input: ExecutorInput, constants: RuntimeConstants): string[] {
  if (typeof node === "string") return expand(node, input, constants);
  if ("Concat" in node) return [node.Concat.flatMap((part) => expandStructured(part, input, constants)).join("")];
  const { InputName, Then, Else } = node.IfPresent;
  const present = isPresent(InputName, input);
  const branch = present ? Then : Else;
  if (branch === undefined) return [];
  return (Array.isArray(branch) ? branch : [branch]).flatMap((part) => expandStructured(part, input, constants));
}

function isPresent(name: string, input: ExecutorInput): boolean {
  const value = input.inputs?.parameterValues?.[name];
  return (value !== undefined && value !== null) || (input.inputs?.artifacts?.[name]?.artifacts?.length ?? 0) > 0;
}

const pattern = /\{\{\$(?:\.([^}]*))?\}\}/g;

function substitute(text: string, input: ExecutorInput, constants: RuntimeConstants): string {
  return text.replace(pattern, (whole, path: string | undefined) => {
    if (path === undefined) return JSON.stringify(input);
    const value = lookup(path, input, constants);
    return value === undefined ? whole : value;
  });
}

function lookup(path: string, input: ExecutorInput, constants: RuntimeConstants): string | undefined {
  const constant: Record<string, string> = {
    pipeline_job_name: constants.jobName,
    pipeline_job_resource_name: constants.jobName,
    pipeline_job_uuid: constants.jobId,
    pipeline_task_name: constants.taskName,
    pipeline_task_uuid: constants.taskId,
    pipeline_root: constants.pipelineRoot,
    pipeline_job_create_time_utc: constants.createTime,
    pipeline_job_schedule_time_utc: constants.createTime,
    "outputs.output_file": input.outputs?.outputFile ?? "",
  };
  if (path in constant) return constant[path];
  let match = /^inputs\.parameters\['([^']+)'\]$/.exec(path);
  if (match) {
    const value = input.inputs?.parameterValues?.[match[1]!];
    return value === undefined || value === null ? "" : parameterText(value);
  }
  match = /^outputs\.parameters\['([^']+)'\]\.output_file$/.exec(path);
  if (match) return input.outputs?.parameters?.[match[1]!]?.outputFile ?? "";
  match = /^(inputs|outputs)\.artifacts\['([^']+)'\](?:\.(path|uri|metadata)(?:\['([^']+)'\])?)?$/.exec(path);
  if (match) {
    const [, side, name, field, key] = match;
    const artifacts = (side === "inputs" ? input.inputs?.artifacts : input.outputs?.artifacts)?.[name!]?.artifacts ?? [];
    if (!field) return JSON.stringify(artifacts);
    const artifact = artifacts[0];
    if (!artifact) return "";
    if (field === "uri") return artifact.uri ?? "";
    if (field === "path") return localPathForUri(artifact.uri ?? "");
    const metadata = artifact.metadata ?? {};
    return key === undefined ? JSON.stringify(metadata) : parameterText(metadata[key] ?? "");
  }
  return undefined;
}
