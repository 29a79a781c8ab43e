// A Kubeflow Pipelines REST API v2beta1 and an Artifact Registry KFP repository on 127.0.0.1,
// recording what arrives (multipart bodies parsed) and playing scripted run states.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "yaml";

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  json?: any;
  form?: Record<string, { fileName?: string; text: string }>;
}

export class FakeKfp {
  readonly requests: Recorded[] = [];
  readonly pipelines = new Map<string, { pipeline_id: string; versions: string[] }>();
  readonly runs = new Map<string, any>();
  readonly templates: { content: string; tags: string[] }[] = [];
  private readonly scripts = new Map<string, any[]>();
  private server!: Server;
  private counter = 0;
  /** When set, requests without this bearer token get 401. */
  token: string | undefined;
  /** The next `failures` calls get 503. */
  failures = 0;
  /** The states the GETs of the next created run report, in turn. */
  nextRunStates: any[] = [];

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<FakeKfp> {
    const fake = new FakeKfp();
    fake.server = createServer((req, res) => {
      fake.handle(req).then(
        ([status, body]) => {
          res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" });
          res.end(typeof body === "string" ? body : JSON.stringify(body));
        },
        (error) => {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error_message: String(error) }));
        },
      );
    });
    await new Promise<void>((ok) => fake.server.listen(0, "127.0.0.1", ok));
    return fake;
  }

  /** The states successive GETs of the run report: `{ state, run_details?, error? }`. */
  script(runId: string, states: any[]): void {
    this.scripts.set(runId, [...states]);
  }

  async close(): Promise<void> {
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url!, "http://x");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const recorded: Recorded = { method: req.method!, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers };
    const type = req.headers["content-type"] ?? "";
    if (type.startsWith("application/json")) recorded.json = JSON.parse(body.toString("utf8"));
    if (type.startsWith("multipart/form-data")) {
      const form = await new Request("http://x", { method: "POST", headers: { "content-type": type }, body }).formData();
      recorded.form = {};
      for (const [key, value] of form) {
        recorded.form[key] = typeof value === "string" ? { text: value } : { fileName: value.name, text: await value.text() };
      }
    }
    this.requests.push(recorded);
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) return [401, { error_message: "missing or wrong bearer token" }];
    if (this.failures > 0) {
      this.failures--;
      return [503, { error_message: "injected: service unavailable" }];
    }
    return this.route(recorded);
  }

  private route(r: Recorded): [number, unknown] {
    const { method, path } = r;
    if (method === "POST" && path === "/apis/v2beta1/pipelines/upload") {
      const name = r.query.name!;
      if (this.pipelines.has(name)) return [409, { error_message: `pipeline ${name} already exists` }];
      const pipeline = { pipeline_id: `p-${++this.counter}`, versions: [] as string[] };
      this.pipelines.set(name, pipeline);
      return [200, { pipeline_id: pipeline.pipeline_id, name }];
    }
    if (method === "GET" && path.startsWith("/apis/v2beta1/pipelines/names/")) {
      const pipeline = this.pipelines.get(decodeURIComponent(path.split("/").pop()!));
      return pipeline ? [200, { pipeline_id: pipeline.pipeline_id }] : [404, { error_message: "no such pipeline" }];
    }
    if (method === "POST" && path === "/apis/v2beta1/pipelines/upload_version") {
      const pipeline = [...this.pipelines.values()].find((p) => p.pipeline_id === r.query.pipelineid);
      if (!pipeline) return [404, { error_message: "no such pipeline" }];
      const version = `v-${++this.counter}`;
      pipeline.versions.push(version);
      return [200, { pipeline_id: pipeline.pipeline_id, pipeline_version_id: version }];
    }
    if (method === "POST" && path === "/apis/v2beta1/runs") {
      const run = { ...r.json, run_id: `run-${++this.counter}`, state: "PENDING" };
      this.runs.set(run.run_id, run);
      this.scripts.set(run.run_id, this.nextRunStates.splice(0));
      return [200, run];
    }
    if (method === "GET" && path.startsWith("/apis/v2beta1/runs/")) {
      const run = this.runs.get(path.split("/").pop()!);
      if (!run) return [404, { error_message: "no such run" }];
      Object.assign(run, this.scripts.get(run.run_id)?.shift() ?? {});
      return [200, run];
    }
    if (method === "POST" && path.split("/").length === 3) {
      const content = r.form?.content?.text ?? "";
      const tags = r.form?.tags?.text ? r.form.tags.text.split(",") : [];
      this.templates.push({ content, tags });
      const name = (parse(content) as { pipelineInfo?: { name?: string } }).pipelineInfo?.name ?? "unknown";
      return [200, `${name}/sha256:${"ab".repeat(32)}`];
    }
    return [404, { error_message: `no route ${method} ${path}` }];
  }
}
