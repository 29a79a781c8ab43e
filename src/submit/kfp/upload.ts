// Pipelines and pipeline versions on Kubeflow Pipelines: the spec file's own bytes, so that what the
// cluster stores is byte for byte the file the user compiled.
import { callRest, HttpError, type HttpTarget } from "../http.js";
import { withRetries } from "../retry.js";

/** A pipeline version a run can be pinned to. */
export interface PipelineVersionReference {
  readonly pipeline_id: string;
  readonly pipeline_version_id: string;
}

/**
 * Uploads `text` as the pipeline `name`, or as a new version when a pipeline of that name exists, and returns
 * the exact version uploaded, so that the run uses it even if someone uploads another version meanwhile.
 */
export async function uploadPipelineVersion(target: HttpTarget, name: string, text: string, options: { description?: string; versionName: string }): Promise<PipelineVersionReference> {
  const form = () => {
    const data = new FormData();
    data.append("uploadfile", new Blob([text], { type: "application/x-yaml" }), `${name}.yaml`);
    return data;
  };
  const query = new URLSearchParams({ name, ...(options.description && { description: options.description }) });
  try {
    const pipeline = await callRest<{ pipeline_id: string }>(target, "POST", `/apis/v2beta1/pipelines/upload?${query}`, form(), `upload pipeline '${name}'`);
    return { pipeline_id: pipeline.pipeline_id, pipeline_version_id: await firstVersion(target, pipeline.pipeline_id, name) };
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 409) throw error;
  }
  const existing = await callRest<{ pipeline_id: string }>(target, "GET", `/apis/v2beta1/pipelines/names/${encodeURIComponent(name)}`, undefined, `find pipeline '${name}'`);
  const versionQuery = new URLSearchParams({ pipelineid: existing.pipeline_id, name: options.versionName });
  const version = await callRest<{ pipeline_version_id: string }>(target, "POST", `/apis/v2beta1/pipelines/upload_version?${versionQuery}`, form(), `upload a new version of pipeline '${name}'`);
  return { pipeline_id: existing.pipeline_id, pipeline_version_id: version.pipeline_version_id };
}

/** The version the upload of a new pipeline created (its only one). */
async function firstVersion(target: HttpTarget, pipelineId: string, name: string): Promise<string> {
  const query = new URLSearchParams({ page_size: "1", sort_by: "created_at desc" });
  const answer = await withRetries(() => callRest<{ pipeline_versions?: { pipeline_version_id: string }[] }>(
    target, "GET", `/apis/v2beta1/pipelines/${encodeURIComponent(pipelineId)}/versions?${query}`, undefined, `find the version of pipeline '${name}'`));
  const id = answer?.pipeline_versions?.[0]?.pipeline_version_id;
  if (!id) throw new HttpError(`pipeline '${name}' was uploaded, but Kubeflow Pipelines lists no version of it`, 500);
  return id;
}
