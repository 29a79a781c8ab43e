// A Vertex AI PipelineService on 127.0.0.1, built from the protos that @google-cloud/aiplatform ships.
// The real client talks to it over gRPC; it records what arrives and plays scripted job states and errors.
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const require = createRequire(import.meta.url);
const aiplatformProtos = join(dirname(require.resolve("@google-cloud/aiplatform/package.json")), "build/protos");
const gaxProtos = join(resolve(dirname(require.resolve("google-gax")), "../.."), "build/protos");

type Job = Record<string, any>;

/** One Get's answer for a job: a state, and optionally task details and an error. */
export interface ScriptedState {
  state: string;
  tasks?: { taskName: string; state: string; error?: { code: number; message: string } }[];
  error?: { code: number; message: string };
}

export class FakeVertex {
  readonly requests: { method: string; request: any; metadata: Record<string, string> }[] = [];
  readonly jobs = new Map<string, Job>();
  private readonly scripts = new Map<string, ScriptedState[]>();
  private readonly failures: { method: string; code: number; times: number; afterCall?: boolean }[] = [];
  private server!: grpc.Server;
  port = 0;
  /** The largest page ListPipelineJobs answers (Vertex AI's is 100). */
  maxPageSize = 100;

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<FakeVertex> {
    const fake = new FakeVertex();
    const definition = protoLoader.loadSync("google/cloud/aiplatform/v1/pipeline_service.proto", {
      includeDirs: [aiplatformProtos, gaxProtos], keepCase: false, longs: String, enums: String, oneofs: true,
    });
    const service = (grpc.loadPackageDefinition(definition) as any).google.cloud.aiplatform.v1.PipelineService.service;
    fake.server = new grpc.Server();
    fake.server.addService(service, {
      CreatePipelineJob: fake.handle("CreatePipelineJob", (request) => {
        const name = `${request.parent}/pipelineJobs/${request.pipelineJobId}`;
        if (fake.jobs.has(name)) throw Object.assign(new Error(`PipelineJob ${name} already exists`), { code: grpc.status.ALREADY_EXISTS });
        const job = { ...request.pipelineJob, name, state: "PIPELINE_STATE_PENDING", createTime: { seconds: String(Math.floor(Date.now() / 1000)), nanos: 0 } };
        fake.jobs.set(name, job);
        return job;
      }),
      GetPipelineJob: fake.handle("GetPipelineJob", (request) => {
        const job = fake.jobs.get(request.name);
        if (!job) throw Object.assign(new Error(`PipelineJob ${request.name} not found`), { code: grpc.status.NOT_FOUND });
        const next = fake.scripts.get(request.name.split("/").pop())?.shift();
        if (next) {
          job.state = next.state;
          job.jobDetail = { taskDetails: next.tasks ?? [] };
          if (next.error) job.error = next.error;
        }
        return job;
      }),
      ListPipelineJobs: fake.handle("ListPipelineJobs", (request) => {
        // Pages as Vertex AI does: pageSize jobs (default 100), and a token for the next page while jobs remain.
        const all = [...fake.jobs.values()].filter((j) => j.name.startsWith(`${request.parent}/`)).reverse();
        const start = Number(request.pageToken || 0);
        const end = start + Math.min(request.pageSize || fake.maxPageSize, fake.maxPageSize);
        return { pipelineJobs: all.slice(start, end), nextPageToken: end < all.length ? String(end) : "" };
      }),
      CancelPipelineJob: fake.handle("CancelPipelineJob", (request) => {
        const job = fake.jobs.get(request.name);
        if (!job) throw Object.assign(new Error(`PipelineJob ${request.name} not found`), { code: grpc.status.NOT_FOUND });
        job.state = "PIPELINE_STATE_CANCELLED";
        return {};
      }),
    });
    fake.port = await new Promise<number>((ok, fail) =>
      fake.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? fail(error) : ok(port))));
    return fake;
  }

  /** The states successive Gets of the job `jobId` report. */
  script(jobId: string, states: ScriptedState[]): void {
    this.scripts.set(jobId, [...states]);
  }

  /** The next `times` calls of `method` fail with `code`; with `afterCall`, the call takes effect first (a lost answer). */
  fail(method: string, code: grpc.status, times = 1, afterCall = false): void {
    this.failures.push({ method, code, times, afterCall });
  }

  calls(method: string) {
    return this.requests.filter((r) => r.method === method);
  }

  async close(): Promise<void> {
    await new Promise<void>((ok) => this.server.tryShutdown(() => ok()));
  }

  private handle(method: string, fn: (request: any) => unknown): grpc.handleUnaryCall<any, any> {
    return (call, callback) => {
      this.requests.push({ method, request: call.request, metadata: Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)])) });
      const failure = this.failures.find((f) => f.method === method && f.times > 0);
      if (failure) failure.times--;
      try {
        if (failure && !failure.afterCall) throw Object.assign(new Error(`injected ${grpc.status[failure.code]}`), { code: failure.code });
        const answer = fn(call.request);
        if (failure?.afterCall) throw Object.assign(new Error(`injected ${grpc.status[failure.code]} after the call`), { code: failure.code });
        callback(null, answer);
      } catch (error) {
        const e = error as { code?: number; message: string };
        callback({ code: e.code ?? grpc.status.INTERNAL, details: e.message } as grpc.ServiceError);
      }
    };
  }
}
