// Open-source Kubeflow Pipelines through its REST API v2beta1: upload a pipeline, create and follow runs.
import { serializeSpec } from "../../spec/write.js";
import { UserError } from "../../errors.js";
import { checkPipelineParameters } from "../../host/parameters.js";
import type { PipelineSpec } from "../../spec/pipeline-spec.js";
import { callRest, type HttpTarget } from "../http.js";
import { sleep, withRetries, type RetryOptions } from "../retry.js";
import { checkDisplayName, checkPipelineName, withCaching } from "../validate.js";
import { createRunOnce } from "./create-run.js";
import { defaultExperimentName, experimentIdFor } from "./experiments.js";
import { uploadPipelineVersion } from "./upload.js";

export interface KfpSubmitOptions extends HttpTarget {
  /** The pipeline root, such as `minio://mlpipeline/v2/artifacts`. Default: the spec's, else the cluster's. */
  readonly root?: string;
  readonly parameters?: Record<string, unknown>;
  readonly cache?: boolean;
  /** Default: `<pipeline name> <local time>`, as `kfp.Client` names runs. */
  readonly displayName?: string;
  /**
   * The experiment's name, looked up or created as `kfp.Client` does. Default: the environment variable
   * `KF_PIPELINES_DEFAULT_EXPERIMENT_NAME`, else `Default`. Not with `experimentId`.
   */
  readonly experiment?: string;
  readonly experimentId?: string;
  /** The Kubernetes namespace of a multi-user deployment (for the experiment). */
  readonly namespace?: string;
  /** A Kubernetes service account for the run's pods. */
  readonly serviceAccount?: string;
  /** Upload the pipeline (a new version when it exists) and run exactly that version, instead of sending the spec inline. */
  readonly upload?: boolean;
  /** The spec file's own text, uploaded as it is (default: the spec written as YAML). */
  readonly specText?: string;
  /** The spec's Kubernetes platform document (kfp-kubernetes settings): sent as `platform_spec`. */
  readonly platformSpec?: Record<string, unknown>;
  readonly onRetry?: RetryOptions["onRetry"];
  /** Told what kfp-ts did that the caller should know (a run found after a failed answer). */
  readonly onNotice?: (message: string) => void;
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
  if (options.experiment !== undefined && options.experimentId !== undefined) throw new UserError("give an experiment by name or by id, not both", 2);
  const sent = options.cache === undefined ? spec : withCaching(spec, options.cache);
  const experimentId = options.experimentId ?? (await experimentIdFor(options, options.experiment ?? defaultExperimentName(), options.namespace));
  const reference = options.upload
    ? await uploadPipelineVersion(options, spec.pipelineInfo.name, uploadText(options, sent), {
      ...(spec.pipelineInfo.description && { description: spec.pipelineInfo.description }),
      versionName: `${spec.pipelineInfo.name}-${localTime().replace(/[^0-9]/g, "")}`,
    })
    : undefined;
  const root = options.root ?? spec.defaultPipelineRoot;
  // kfp.Client sends a spec with a platform document as { pipeline_spec, platform_spec } in the pipeline_spec field.
  const inline = options.platformSpec ? { pipeline_spec: sent, platform_spec: options.platformSpec } : sent;
  const run = await createRunOnce<ApiRun>(options, {
    display_name: displayName,
    experiment_id: experimentId,
    ...(options.serviceAccount && { service_account: options.serviceAccount }),
    ...(reference ? { pipeline_version_reference: reference } : { pipeline_spec: inline }),
    runtime_config: { parameters, ...(root && { pipeline_root: root }) },
  }, { ...(options.onRetry && { onRetry: options.onRetry }), ...(options.onNotice && { onNotice: options.onNotice }) });
  return summarize(options, run);
}

/** What an upload sends: the file's own bytes, unless a caching override changed the spec. */
function uploadText(options: KfpSubmitOptions, sent: PipelineSpec): string {
  if (options.specText !== undefined && options.cache === undefined) return options.specText;
  return serializeSpec(sent, "yaml", sent.pipelineInfo.description, options.platformSpec);
}

export async function getKfpRun(target: HttpTarget, runId: string, onRetry?: RetryOptions["onRetry"]): Promise<KfpRun> {
  const run = await withRetries(() => callRest<ApiRun>(target, "GET", `/apis/v2beta1/runs/${encodeURIComponent(runId)}`, undefined, `get run ${runId}`), { attempts: 10, retryUnreachable: true, ...(onRetry && { onRetry }) });
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

/** `YYYY-MM-DD HH-MM-SS` in local time, as `kfp.Client` stamps run names. */
function localTime(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}-${p(now.getMinutes())}-${p(now.getSeconds())}`;
}
