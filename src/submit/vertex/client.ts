import type { v1 } from "@google-cloud/aiplatform";
import { UserError } from "../../errors.js";

export type PipelineServiceClient = v1.PipelineServiceClient;

export interface VertexLocation {
  readonly project: string;
  readonly region: string;
  /**
   * The API endpoint. Default `<region>-aiplatform.googleapis.com` with Application Default Credentials.
   * A host without a scheme (`europe-west4-aiplatform.googleapis.com`, as the Python SDK's `api_endpoint`)
   * means `https://`; `http://host:port` talks plain gRPC without credentials (a loopback test server).
   * Also read from the environment variable `KFP_TS_VERTEX_ENDPOINT`.
   */
  readonly endpoint?: string;
}

/** The endpoint a location's client talks to, as a URL: for messages, and to make the client. */
export function endpointOf(location: VertexLocation): string {
  const endpoint = location.endpoint ?? process.env.KFP_TS_VERTEX_ENDPOINT;
  if (!endpoint) return `https://${location.region === "global" ? "" : `${location.region}-`}aiplatform.googleapis.com`;
  return endpoint.includes("://") ? endpoint : `https://${endpoint}`;
}

/** The Vertex AI PipelineService client for a location (loaded on first use: the package takes ~0.5 s to import). */
export async function pipelineServiceClient(location: VertexLocation): Promise<PipelineServiceClient> {
  const [{ v1: aiplatform }, gax] = await Promise.all([import("@google-cloud/aiplatform"), import("google-gax")]);
  const endpoint = endpointOf(location);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UserError(`the endpoint '${endpoint}' is not a URL such as https://us-central1-aiplatform.googleapis.com or http://127.0.0.1:8080`, 2);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`the endpoint '${endpoint}' must be https://HOST[:PORT] (or http://HOST:PORT for a plain-gRPC test server)`, 2);
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
  const auth = new gax.GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
  await requireCredentials(auth);
  return new aiplatform.PipelineServiceClient({ apiEndpoint: url.hostname, port, auth });
}

/** Application Default Credentials, or a message that says what is missing and how to get it. */
async function requireCredentials(auth: { getClient(): Promise<unknown> }): Promise<void> {
  try {
    await auth.getClient();
  } catch (error) {
    const reason = (error as Error).message.replace(/\. Browse to \S+ for more information\.?$/, "");
    throw new UserError(`no Google Cloud credentials: ${reason}. Run \`gcloud auth application-default login\` (or set GOOGLE_APPLICATION_CREDENTIALS to a service account key file)`);
  }
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
