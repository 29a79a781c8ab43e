import type { protos } from "@google-cloud/aiplatform";
import { UserError } from "../../errors.js";
import { checkPipelineParameters } from "../../host/parameters.js";
import type { PipelineSpec } from "../../spec/pipeline-spec.js";
import { platformExecutors, readPlatformSpec } from "../../spec/platform-spec.js";
import { isUnreachable, sleep, withRetries, type RetryOptions } from "../retry.js";
import { checkDisplayName, checkJobId, checkLabels, checkPipelineName, defaultDisplayName, defaultJobId, withCaching } from "../validate.js";
import { consoleUrl, endpointOf, jobName, locationPath, pipelineServiceClient, type PipelineServiceClient, type VertexLocation } from "./client.js";
import { toProtoStruct, toProtoValue } from "./struct.js";

type PipelineJob = protos.google.cloud.aiplatform.v1.IPipelineJob;

export interface VertexSubmitOptions extends VertexLocation {
  /** The pipeline root, `gs://…`. Default: the spec's `defaultPipelineRoot`. */
  readonly root?: string;
  readonly parameters?: Record<string, unknown>;
  readonly serviceAccount?: string;
  /** `projects/<number>/global/networks/<name>`. */
  readonly network?: string;
  readonly labels?: Record<string, string>;
  /** Caching for every task of every DAG, overriding the spec. Default: as compiled. */
  readonly cache?: boolean;
  /** Default: `PipelineJob <local time>`, as the Python SDK names jobs. */
  readonly displayName?: string;
  /** Default: `<pipeline name>-<YYYYMMDDHHMMSS>`, as the Python SDK does. */
  readonly jobId?: string;
  readonly onRetry?: RetryOptions["onRetry"];
  /** The spec file's Kubernetes platform document: Vertex AI runs no such settings, so it is refused unless `dropPlatform`. */
  readonly platformSpec?: Record<string, unknown>;
  /** Submit without the platform document's settings (said through `onNotice`) instead of refusing the spec. */
  readonly dropPlatform?: boolean;
  /** Where the spec came from, for messages. Default: "the spec". */
  readonly source?: string;
  readonly onNotice?: (message: string) => void;
}

/** A Vertex AI pipeline job as kfp-ts reports it. */
export interface VertexJob {
  readonly name: string;
  readonly jobId: string;
  readonly displayName: string;
  readonly state: string;
  readonly consoleUrl: string;
  readonly createTime?: string;
  readonly endTime?: string;
  readonly error?: string;
  readonly tasks: readonly { readonly name: string; readonly state: string; readonly error?: string }[];
}

export const finalStates = new Set(["PIPELINE_STATE_SUCCEEDED", "PIPELINE_STATE_FAILED", "PIPELINE_STATE_CANCELLED", "PIPELINE_STATE_PAUSED"]);

/** The CreatePipelineJob request for a spec, checked as Vertex AI would check it, before anything is sent. */
export function pipelineJobRequest(spec: PipelineSpec, options: VertexSubmitOptions, now = new Date()) {
  checkPipelineName(spec);
  const platform = readPlatformSpec(options.platformSpec, options.source);
  if (platform) {
    const executors = platformExecutors(platform).join(", ");
    if (!options.dropPlatform) {
      throw new UserError(`${options.source ?? "the spec"} has Kubernetes settings (${executors}), which Vertex AI Pipelines refuses: submit to Kubeflow Pipelines with --kfp-host, or add --drop-platform to run without them`, 2);
    }
    options.onNotice?.(`--drop-platform: submitting without the Kubernetes settings of ${executors}`);
  }
  const root = options.root ?? spec.defaultPipelineRoot;
  if (!root) throw new UserError(`pipeline '${spec.pipelineInfo.name}' has no default pipeline root: pass --root gs://BUCKET/PATH`, 2);
  if (!root.startsWith("gs://")) throw new UserError(`Vertex AI keeps artifacts in Cloud Storage: the pipeline root must start with gs://, not '${root}'`, 2);
  const parameters = checkPipelineParameters(spec, options.parameters ?? {});
  const labels = options.labels ?? {};
  checkLabels(labels);
  const jobId = options.jobId ?? defaultJobId(spec.pipelineInfo.name, now);
  checkJobId(jobId);
  const displayName = options.displayName ?? defaultDisplayName(now);
  checkDisplayName(displayName);
  if (options.network !== undefined && !/^projects\/[^/]+\/global\/networks\/[^/]+$/.test(options.network)) {
    throw new UserError(`network '${options.network}' must be a full name: projects/<project number>/global/networks/<name>`, 2);
  }
  if (options.serviceAccount !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(options.serviceAccount)) {
    throw new UserError(`service account '${options.serviceAccount}' is not an email address`, 2);
  }
  const sent = options.cache === undefined ? spec : withCaching(spec, options.cache);
  return {
    parent: locationPath(options),
    pipelineJobId: jobId,
    pipelineJob: {
      displayName,
      pipelineSpec: toProtoStruct(sent as unknown as Record<string, unknown>),
      labels,
      runtimeConfig: {
        gcsOutputDirectory: root,
        parameterValues: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, toProtoValue(v, k)])),
      },
      ...(options.serviceAccount && { serviceAccount: options.serviceAccount }),
      ...(options.network && { network: options.network }),
    },
  };
}

/**
 * Creates a Vertex AI pipeline job from a spec. A transient error is retried with the same job id;
 * if the first attempt did create the job, the job is fetched instead.
 */
export async function submitToVertex(spec: PipelineSpec, options: VertexSubmitOptions): Promise<VertexJob> {
  const request = pipelineJobRequest(spec, options);
  const client = await pipelineServiceClient(options);
  try {
    let attempt = 0;
    const created = await withRetries(async () => {
      attempt++;
      try {
        const [job] = await client.createPipelineJob(request as never);
        return job;
      } catch (error) {
        if (attempt > 1 && (error as { code?: number }).code === 6 /* ALREADY_EXISTS */) {
          const [job] = await client.getPipelineJob({ name: jobName(options, request.pipelineJobId) });
          return job;
        }
        throw error;
      }
    }, { ...(options.onRetry && { onRetry: options.onRetry }) });
    return summarize(options, created);
  } catch (error) {
    throw explain(error, "create the pipeline job", options);
  } finally {
    await client.close();
  }
}

export interface WaitOptions {
  /** Seconds between polls. Default 5, as the Python SDK. */
  readonly pollSeconds?: number;
  readonly onUpdate?: (job: VertexJob) => void;
  readonly onRetry?: RetryOptions["onRetry"];
}

/** Polls a job until it reaches a final state, riding out transient errors. */
export async function waitForVertexJob(location: VertexLocation, idOrName: string, options: WaitOptions = {}): Promise<VertexJob> {
  const client = await pipelineServiceClient(location);
  try {
    for (;;) {
      const job = await getJob(client, location, idOrName, options.onRetry, true);
      options.onUpdate?.(job);
      if (finalStates.has(job.state)) return job;
      await sleep(options.pollSeconds ?? 5);
    }
  } finally {
    await client.close();
  }
}

export async function getVertexJob(location: VertexLocation, idOrName: string): Promise<VertexJob> {
  const client = await pipelineServiceClient(location);
  try {
    return await getJob(client, location, idOrName);
  } finally {
    await client.close();
  }
}

/** Vertex AI's largest page of pipeline jobs. */
const maxPageSize = 100;

/** Pipeline jobs, newest first: the first `limit` (default 20), or every job with `limit: Infinity`, page by page. */
export async function listVertexJobs(location: VertexLocation, options: { filter?: string; limit?: number } = {}): Promise<VertexJob[]> {
  const limit = options.limit ?? 20;
  const client = await pipelineServiceClient(location);
  try {
    const jobs: VertexJob[] = [];
    let pageToken = "";
    do {
      const request = {
        parent: locationPath(location),
        orderBy: "create_time desc",
        pageSize: Math.min(limit - jobs.length, maxPageSize),
        ...(pageToken && { pageToken }),
        ...(options.filter && { filter: options.filter }),
      };
      const [page, , response] = await withRetries(() => client.listPipelineJobs(request, { autoPaginate: false }));
      jobs.push(...page.slice(0, limit - jobs.length).map((job) => summarize(location, job)));
      pageToken = response?.nextPageToken ?? "";
    } while (pageToken && jobs.length < limit);
    return jobs;
  } catch (error) {
    throw explain(error, "list pipeline jobs", location);
  } finally {
    await client.close();
  }
}

/** Asks Vertex AI to cancel a job (best effort: poll until it is CANCELLED). */
export async function cancelVertexJob(location: VertexLocation, idOrName: string): Promise<void> {
  const client = await pipelineServiceClient(location);
  try {
    await withRetries(() => client.cancelPipelineJob({ name: jobName(location, idOrName) }));
  } catch (error) {
    throw explain(error, `cancel ${idOrName}`, location);
  } finally {
    await client.close();
  }
}

async function getJob(client: PipelineServiceClient, location: VertexLocation, idOrName: string, onRetry?: RetryOptions["onRetry"], following = false): Promise<VertexJob> {
  try {
    const [job] = await withRetries(() => client.getPipelineJob({ name: jobName(location, idOrName) }), { attempts: 10, retryUnreachable: following, ...(onRetry && { onRetry }) });
    return summarize(location, job);
  } catch (error) {
    throw explain(error, `get ${idOrName}`, location);
  }
}

function summarize(location: VertexLocation, job: PipelineJob): VertexJob {
  const name = job.name ?? "";
  const jobId = name.split("/").pop() ?? "";
  const tasks = (job.jobDetail?.taskDetails ?? [])
    .filter((t) => t.taskName && t.taskName !== job.pipelineSpec?.fields?.pipelineInfo?.structValue?.fields?.name?.stringValue)
    .map((t) => ({ name: t.taskName ?? "", state: String(t.state ?? "STATE_UNSPECIFIED"), ...(t.error?.message && { error: t.error.message }) }));
  return {
    name,
    jobId,
    displayName: job.displayName ?? "",
    state: String(job.state ?? "PIPELINE_STATE_UNSPECIFIED"),
    consoleUrl: consoleUrl(location, jobId),
    ...(job.createTime && { createTime: timestamp(job.createTime) }),
    ...(job.endTime && { endTime: timestamp(job.endTime) }),
    ...(job.error?.message && { error: job.error.message }),
    tasks,
  };
}

function timestamp(value: { seconds?: number | string | null | { toString(): string }; nanos?: number | null }): string {
  return new Date(Number(String(value.seconds ?? 0)) * 1000 + Math.round((value.nanos ?? 0) / 1e6)).toISOString();
}

/** A client error as a message that says what failed and what to do. */
function explain(error: unknown, what: string, location: VertexLocation): Error {
  const e = error as { code?: number; details?: string; message?: string };
  if (isUnreachable(error)) {
    return new UserError(`cannot ${what}: cannot reach ${endpointOf(location)} (${(e.details || e.message || "").replace(/^No connection established\. Last error: (Error: )?/, "").replace(/\. Resolution note: *$/, "")}): check --api-endpoint (or KFP_TS_VERTEX_ENDPOINT), the region and the network`);
  }
  const hints: Record<number, string> = {
    3: "Vertex AI rejected the request as invalid",
    5: "not found: check the project, region and job id",
    6: "a job with this id exists already: pass another --job-id",
    7: "permission denied: check the account's IAM roles (roles/aiplatform.user) and the service account",
    16: "not authenticated: run `gcloud auth application-default login`",
    14: "Vertex AI is unavailable; try again",
  };
  if (error instanceof UserError) return error;
  // Not a gRPC status: credentials that cannot be loaded, a network that is down (ECONNREFUSED, ENOTFOUND, …).
  if (typeof e?.code !== "number") return new UserError(`cannot ${what}: ${e?.message ?? String(error)}${typeof e?.code === "string" ? ` (${e.code})` : ""}`);
  return new UserError(`cannot ${what}: ${e.details || e.message}${hints[e.code] ? ` (${hints[e.code]})` : ""}`);
}
