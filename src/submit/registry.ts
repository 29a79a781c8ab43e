// Pipeline templates in an Artifact Registry KFP repository (what kfp.registry.RegistryClient uploads).
import { serializeSpec } from "../spec/write.js";
import { UserError } from "../errors.js";
import type { PipelineSpec } from "../spec/pipeline-spec.js";
import { callRest } from "./http.js";
import { withRetries } from "./retry.js";
import { checkPipelineName } from "./validate.js";

export interface UploadOptions {
  /** `https://REGION-kfp.pkg.dev/PROJECT/REPOSITORY`. */
  readonly registry: string;
  readonly tags?: readonly string[];
  /** An access token; default: Application Default Credentials (`KFP_TS_ACCESS_TOKEN` also works). */
  readonly token?: string;
  /** The spec file's own text, uploaded as it is, platform documents included (default: the spec written as YAML). */
  readonly text?: string;
  /** Extra HTTP headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface UploadedTemplate {
  readonly packageName: string;
  readonly version: string;
  /** The template's URL: usable as a Vertex AI `templateUri`. */
  readonly url: string;
}

const registryUrl = /^https:\/\/[a-z0-9-]+-kfp\.pkg\.dev\/[^/]+\/[^/]+\/?$/;
const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/** Uploads a compiled spec as a template version, tagged, and returns where it is. */
export async function uploadTemplate(spec: PipelineSpec, options: UploadOptions): Promise<UploadedTemplate> {
  checkPipelineName(spec);
  if (!registryUrl.test(options.registry) && !loopback.test(options.registry)) {
    throw new UserError(`'${options.registry}' is not an Artifact Registry KFP repository: expected https://REGION-kfp.pkg.dev/PROJECT/REPOSITORY`, 2);
  }
  for (const tag of options.tags ?? []) {
    if (tag.startsWith("sha256:") || !/^[a-zA-Z0-9][\w.-]{0,127}$/.test(tag)) throw new UserError(`tag '${tag}' is not valid: letters, digits, '.', '_' and '-', not starting with sha256:`, 2);
  }
  const token = options.token ?? process.env.KFP_TS_ACCESS_TOKEN ?? (await accessToken());
  const form = new FormData();
  const text = options.text ?? serializeSpec(spec, "yaml", spec.pipelineInfo.description);
  form.append("content", new Blob([text], { type: "application/x-yaml" }), `${spec.pipelineInfo.name}.yaml`);
  if (options.tags?.length) form.append("tags", options.tags.join(","));
  const host = options.registry.replace(/\/+$/, "");
  const answer = await withRetries(() => callRest<string>({ host, token, ...(options.headers && { headers: options.headers }) }, "POST", "", form, `upload to ${host}`));
  const [packageName = spec.pipelineInfo.name, version = ""] = String(answer).trim().split("/");
  return { packageName, version, url: `${host}/${packageName}/${version}` };
}

async function accessToken(): Promise<string> {
  const { googleAuthLibrary } = await import("google-gax");
  try {
    const auth = new googleAuthLibrary.GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
    const token = await auth.getAccessToken();
    if (!token) throw new Error("no token");
    return token;
  } catch (error) {
    throw new UserError(`cannot get Google credentials for Artifact Registry (${(error as Error).message}): run \`gcloud auth application-default login\`, or pass --token`);
  }
}
