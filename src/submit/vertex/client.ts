import type { v1 } from "@google-cloud/aiplatform";
import { UserError } from "../../errors.js";

export type PipelineServiceClient = v1.PipelineServiceClient;

export interface VertexLocation {
  readonly project: string;
  readonly region: string;
  /**
   * The API endpoint. Default `<region>-aiplatform.googleapis.com` with Application Default Credentials.
   * `http://host:port` talks plain gRPC without credentials (a loopback test server); also read from
   * the environment variable `KFP_TS_VERTEX_ENDPOINT`.
   */
  readonly endpoint?: string;
}

/** The Vertex AI PipelineService client for a location (loaded on first use: the package takes ~0.5 s to import). */
export async function pipelineServiceClient(location: VertexLocation): Promise<PipelineServiceClient> {
  const [{ v1: aiplatform }, gax] = await Promise.all([import("@google-cloud/aiplatform"), import("google-gax")]);
  const endpoint = location.endpoint ?? process.env.KFP_TS_VERTEX_ENDPOINT;
  if (!endpoint) {
    const apiEndpoint = location.region === "global" ? "aiplatform.googleapis.com" : `${location.region}-aiplatform.googleapis.com`;
    return new aiplatform.PipelineServiceClient({ apiEndpoint });
  }
  let url: URL;
  try {
    url = new URL(endpoint.includes("://") ? endpoint : `https://${endpoint}`);
  } catch {
    throw new UserError(`the endpoint '${endpoint}' is not a URL such as https://us-central1-aiplatform.googleapis.com or http://127.0.0.1:8080`, 2);
  }
  const port = Number(url.port) || (url.protocol === "http:" ? 80 : 443);
  if (url.protocol === "http:") {
    return new aiplatform.PipelineServiceClient({
      apiEndpoint: url.hostname,
      port,
      sslCreds: gax.grpc.credentials.createInsecure(),
      authClient: new gax.googleAuthLibrary.OAuth2Client(),
    });
  }
  return new aiplatform.PipelineServiceClient({ apiEndpoint: url.hostname, port });
}

export function locationPath(location: VertexLocation): string {
  return `projects/${location.project}/locations/${location.region}`;
}

/** A job's full resource name from its id or name. */
export function jobName(location: VertexLocation, idOrName: string): string {
  return idOrName.includes("/") ? idOrName : `${locationPath(location)}/pipelineJobs/${idOrName}`;
}

export function consoleUrl(location: VertexLocation, jobId: string): string {
  return `https://console.cloud.google.com/vertex-ai/locations/${location.region}/pipelines/runs/${jobId}?project=${location.project}`;
}
