// What Vertex AI (and the Python SDK before it) would reject, checked before anything is sent.
import { UserError } from "../errors.js";
import { dagsOf, type PipelineSpec } from "../spec/pipeline-spec.js";

const pipelineName = /^[a-z0-9][a-z0-9-]{0,127}$/;
const jobId = /^[a-z][-a-z0-9]{0,127}$/;
const labelText = /^[\p{Ll}\p{Lo}\p{N}_-]*$/u;

export function checkPipelineName(spec: PipelineSpec): void {
  const name = spec.pipelineInfo.name;
  if (!pipelineName.test(name)) {
    throw new UserError(`pipeline name '${name}' is not valid: 1–128 lowercase letters, digits or dashes, starting with a letter or digit`, 2);
  }
}

export function checkJobId(id: string): void {
  if (!jobId.test(id)) {
    throw new UserError(`job id '${id}' is not valid: 1–128 lowercase letters, digits or dashes, starting with a letter`, 2);
  }
}

export function checkDisplayName(name: string): void {
  if (name.length === 0 || [...name].length > 128) throw new UserError(`display name must be 1–128 characters, got ${[...name].length}`, 2);
}

/** GCP label rules: at most 64 labels; keys and values up to 64 lowercase letters, digits, `_` or `-`; keys start with a letter. */
export function checkLabels(labels: Record<string, string>): void {
  const entries = Object.entries(labels);
  if (entries.length > 64) throw new UserError(`at most 64 labels are allowed, got ${entries.length}`, 2);
  for (const [key, value] of entries) {
    if (key.length === 0 || [...key].length > 64 || !labelText.test(key) || !/^[\p{Ll}\p{Lo}]/u.test(key)) {
      throw new UserError(`label key '${key}' is not valid: up to 64 lowercase letters, digits, '_' or '-', starting with a lowercase letter`, 2);
    }
    if ([...value].length > 64 || !labelText.test(value)) {
      throw new UserError(`label '${key}' has the value '${value}', which is not valid: up to 64 lowercase letters, digits, '_' or '-'`, 2);
    }
    if (key === "vertex-ai-pipelines-run-billing-id") throw new UserError(`label key '${key}' is reserved by Vertex AI`, 2);
  }
}

/** `key=value` pairs into an object; a pair without `=` is an error. */
export function parsePairs(pairs: readonly string[], what: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UserError(`${what} takes key=value, got '${pair}'`, 2);
    result[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return result;
}

/** `Name: value` headers (`--header`) into an object; a header without a name or a colon is an error. */
export function parseHeaders(headers: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const header of headers) {
    const colon = header.indexOf(":");
    const name = header.slice(0, Math.max(colon, 0)).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UserError(`--header takes 'Name: value', got '${header}'`, 2);
    result[name] = header.slice(colon + 1).trim();
  }
  return result;
}

/**
 * The Python SDK's default job id: the pipeline name made Kubernetes-safe, then the local time as
 * `YYYYMMDDHHMMSS` (so a name that starts with a digit, or one over 113 characters, is refused).
 */
export function defaultJobId(name: string, now = new Date()): string {
  const base = name.toLowerCase().replace(/[^-0-9a-z]+/g, "-").replace(/^-+|-+$/g, "");
  return `${base}-${localTimestamp(now).replace(/[-: T]/g, "").slice(0, 14)}`;
}

/** The Python SDK's default display name: `PipelineJob ` and the local time as `datetime.now().isoformat(sep=" ")`. */
export function defaultDisplayName(now = new Date()): string {
  return `PipelineJob ${localTimestamp(now).replace("T", " ")}`;
}

/** Local time as `YYYY-MM-DDTHH:MM:SS.ffffff`. */
function localTimestamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}000`;
}

/**
 * A copy of the spec with every task of every DAG cached or not, as the Python SDK's `enable_caching`
 * does: the whole `cachingOptions` is replaced, so a task's own `cacheKey` is dropped.
 */
export function withCaching(spec: PipelineSpec, enable: boolean): PipelineSpec {
  const copy = structuredClone(spec);
  for (const [, dag] of dagsOf(copy)) for (const task of Object.values(dag.tasks)) task.cachingOptions = { enableCache: enable };
  return copy;
}
