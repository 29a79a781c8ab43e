// Open-source Kubeflow Pipelines through its REST API v2beta1: upload a pipeline, create and follow runs.
import { stringify } from "yaml";
import { checkPipelineParameters } from "../../host/parameters.js";
import type { PipelineSpec } from "../../spec/pipeline-spec.js";
import type { PlatformSpec } from "../../spec/platform-spec.js";
import { callRest, HttpError, type HttpTarget } from "../http.js";
import { sleep, withRetries, type RetryOptions } from "../retry.js";
import { checkDisplayName, checkPipelineName, withCaching } from "../validate.js";

export interface KfpSubmitOptions extends HttpTarget {
  /** The pipeline root, such as `minio://mlpipeline/v2/artifacts`. Default: the spec's, else the cluster's. */
  readonly root?: string;
  readonly parameters?: Record<string, unknown>;
  readonly cache?: boolean;
  /** Default: `<pipeline name> <local time>`, as `kfp.Client` names runs. */
  readonly displayName?: string;
  readonly experimentId?: string;
  /** A Kubernetes service account for the run's pods. */
  readonly serviceAccount?: string;
  /** Upload the pipeline (a new version when it exists) and run that, instead of sending the spec inline. */
  readonly upload?: boolean;
  /** Tasks' Kubernetes settings: sent with the spec as `platform_spec`, as `kfp.Client` sends them. */
  readonly platform?: PlatformSpec;
  readonly onRetry?: RetryOptions["onRetry"];
}

export interface KfpRun {
  readonly runId: string;
  readonly displayName: string;
  readonly state: string;
  readonly url: string;
  readonly error?: string;
  readonly pipelineId?: string;
  readonly tasks: readonly { readonly name: string; readonly state: string; readonly error?: string }[];
}

interface ApiRun {
  run_id: string;
  display_name?: string;
  state?: string;
  error?: { message?: string };
  pipeline_version_reference?: { pipeline_id?: string };
  run_details?: { task_details?: { display_name?: string; state?: string; error?: { message?: string } }[] };
}

/** Final run states (KFP spells CANCELED with one L). */
export const kfpFinalStates = new Set(["SUCCEEDED", "FAILED", "SKIPPED", "CANCELED"]);

export async function submitToKfp(spec: PipelineSpec, options: KfpSubmitOptions): Promise<KfpRun> {
  checkPipelineName(spec);
  const parameters = checkPipelineParameters(spec, options.parameters ?? {});
  const displayName = options.displayName ?? `${spec.pipelineInfo.name} ${localTime()}`;
  checkDisplayName(displayName);
  const sent = options.cache === undefined ? spec : withCaching(spec, options.cache);
  const reference = options.upload ? await uploadPipeline(options, sent) : undefined;
  const inline = options.platform ? { pipeline_spec: sent, platform_spec: options.platform } : sent;
  const root = options.root ?? spec.defaultPipelineRoot;
  const body = {
    display_name: displayName,
    ...(options.experimentId && { experiment_id: options.experimentId }),
    ...(options.serviceAccount && { service_account: options.serviceAccount }),
    ...(reference ? { pipeline_version_reference: reference } : { pipeline_spec: inline }),
    runtime_config: { parameters, ...(root && { pipeline_root: root }) },
  };
  const run = await withRetries(() => callRest<ApiRun>(options, "POST", "/apis/v2beta1/runs", body, "create the run"), retryOptions(options));
  return summarize(options, run);
}

export async function getKfpRun(target: HttpTarget, runId: string, onRetry?: RetryOptions["onRetry"]): Promise<KfpRun> {
  const run = await withRetries(() => callRest<ApiRun>(target, "GET", `/apis/v2beta1/runs/${encodeURIComponent(runId)}`, undefined, `get run ${runId}`), { attempts: 10, ...(onRetry && { onRetry }) });
  return summarize(target, run);
}

export async function waitForKfpRun(target: HttpTarget, runId: string, options: { pollSeconds?: number; onUpdate?: (run: KfpRun) => void; onRetry?: RetryOptions["onRetry"] } = {}): Promise<KfpRun> {
  for (;;) {
    const run = await getKfpRun(target, runId, options.onRetry);
    options.onUpdate?.(run);
    if (kfpFinalStates.has(run.state)) return run;
    await sleep(options.pollSeconds ?? 5);
  }
}

/** Uploads the spec as a pipeline named after it, or as a new version of the existing pipeline of that name. */
async function uploadPipeline(options: KfpSubmitOptions, spec: PipelineSpec): Promise<{ pipeline_id: string; pipeline_version_id?: string }> {
  const name = spec.pipelineInfo.name;
  const form = (fileName: string) => {
    const data = new FormData();
    const text = stringify(spec) + (options.platform ? `---\n${stringify(options.platform)}` : "");
    data.append("uploadfile", new Blob([text], { type: "application/x-yaml" }), fileName);
    return data;
  };
  const query = new URLSearchParams({ name, ...(spec.pipelineInfo.description && { description: spec.pipelineInfo.description }) });
  try {
    const pipeline = await callRest<{ pipeline_id: string }>(options, "POST", `/apis/v2beta1/pipelines/upload?${query}`, form(`${name}.yaml`), `upload pipeline '${name}'`);
    return { pipeline_id: pipeline.pipeline_id };
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 409) throw error;
  }
  const existing = await callRest<{ pipeline_id: string }>(options, "GET", `/apis/v2beta1/pipelines/names/${encodeURIComponent(name)}`, undefined, `find pipeline '${name}'`);
  const versionQuery = new URLSearchParams({ pipelineid: existing.pipeline_id, name: `${name}-${localTime().replace(/[^0-9]/g, "")}` });
  const version = await callRest<{ pipeline_id?: string; pipeline_version_id: string }>(options, "POST", `/apis/v2beta1/pipelines/upload_version?${versionQuery}`, form(`${name}.yaml`), `upload a new version of pipeline '${name}'`);
  return { pipeline_id: existing.pipeline_id, pipeline_version_id: version.pipeline_version_id };
}

function summarize(target: HttpTarget, run: ApiRun): KfpRun {
  return {
    runId: run.run_id,
    displayName: run.display_name ?? "",
    state: run.state ?? "RUNTIME_STATE_UNSPECIFIED",
    url: `${target.host.replace(/\/+$/, "")}/#/runs/details/${run.run_id}`,
    ...(run.error?.message && { error: run.error.message }),
    ...(run.pipeline_version_reference?.pipeline_id && { pipelineId: run.pipeline_version_reference.pipeline_id }),
    tasks: (run.run_details?.task_details ?? []).map((t) => ({ name: t.display_name ?? "", state: t.state ?? "", ...(t.error?.message && { error: t.error.message }) })),
  };
}

function retryOptions(options: KfpSubmitOptions): RetryOptions {
  return options.onRetry ? { onRetry: options.onRetry } : {};
}

/** `YYYY-MM-DD HH-MM-SS` in local time, as `kfp.Client` stamps run names. */
function localTime(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}-${p(now.getMinutes())}-${p(now.getSeconds())}`;
}
