// A Kubeflow Pipelines REST API v2beta1 and an Artifact Registry KFP repository on 127.0.0.1,
// recording what arrives (multipart bodies parsed) and playing scripted run states.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseAllDocuments } from "yaml";

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
  readonly pipelines = new Map<string, { pipeline_id: string; versions: { id: string; text: string }[] }>();
  readonly experiments = new Map<string, { experiment_id: string; display_name: string; namespace?: string }>();
  readonly runs = new Map<string, any>();
  readonly templates: { content: string; tags: string[] }[] = [];
  private readonly scripts = new Map<string, any[]>();
  private server!: Server;
  private counter = 0;
  /** When set, requests without this bearer token get 401. */
  token: string | undefined;
  /** The next `failures` calls get 503. */
  failures = 0;
  /** The next `failuresAfterCreate` run creations create the run, then answer 503 (a lost answer). */
  failuresAfterCreate = 0;
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
      // As the backend does, uploading a pipeline creates its first version.
      const pipeline = { pipeline_id: `p-${++this.counter}`, versions: [{ id: `v-${++this.counter}`, text: r.form!.uploadfile!.text }] };
      this.pipelines.set(name, pipeline);
      return [200, { pipeline_id: pipeline.pipeline_id, display_name: name }];
    }
    const versions = /^\/apis\/v2beta1\/pipelines\/([^/]+)\/versions$/.exec(path);
    if (method === "GET" && versions) {
      const pipeline = [...this.pipelines.values()].find((p) => p.pipeline_id === versions[1]);
      if (!pipeline) return [404, { error_message: "no such pipeline" }];
      const newest = [...pipeline.versions].reverse().slice(0, Number(r.query.page_size ?? 100));
      return [200, { pipeline_versions: newest.map((v) => ({ pipeline_id: pipeline.pipeline_id, pipeline_version_id: v.id })) }];
    }
    if (method === "GET" && path === "/apis/v2beta1/experiments") {
      const wanted = equalsValue(r.query.filter, "display_name");
      return [200, { experiments: [...this.experiments.values()].filter((e) => wanted === undefined || e.display_name === wanted) }];
    }
    if (method === "POST" && path === "/apis/v2beta1/experiments") {
      const experiment = { ...r.json, experiment_id: `e-${++this.counter}` };
      this.experiments.set(experiment.experiment_id, experiment);
      return [200, experiment];
    }
    if (method === "GET" && path === "/apis/v2beta1/runs") {
      const wanted = equalsValue(r.query.filter, "display_name");
      const runs = [...this.runs.values()].filter((run) => (wanted === undefined || run.display_name === wanted) && (!r.query.experiment_id || run.experiment_id === r.query.experiment_id));
      return [200, { runs: runs.reverse() }];
    }
    if (method === "GET" && path.startsWith("/apis/v2beta1/pipelines/names/")) {
      const pipeline = this.pipelines.get(decodeURIComponent(path.split("/").pop()!));
      return pipeline ? [200, { pipeline_id: pipeline.pipeline_id }] : [404, { error_message: "no such pipeline" }];
    }
    if (method === "POST" && path === "/apis/v2beta1/pipelines/upload_version") {
      const pipeline = [...this.pipelines.values()].find((p) => p.pipeline_id === r.query.pipelineid);
      if (!pipeline) return [404, { error_message: "no such pipeline" }];
      const version = { id: `v-${++this.counter}`, text: r.form!.uploadfile!.text };
      pipeline.versions.push(version);
      return [200, { pipeline_id: pipeline.pipeline_id, pipeline_version_id: version.id }];
    }
    if (method === "POST" && path === "/apis/v2beta1/runs") {
      const run = { ...r.json, run_id: `run-${++this.counter}`, state: "PENDING" };
      this.runs.set(run.run_id, run);
      this.scripts.set(run.run_id, this.nextRunStates.splice(0));
      if (this.failuresAfterCreate > 0) {
        this.failuresAfterCreate--;
        return [503, { error_message: "injected: upstream timed out after creating the run" }];
      }
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
      const name = (parseAllDocuments(content)[0]?.toJS() as { pipelineInfo?: { name?: string } } | undefined)?.pipelineInfo?.name ?? "unknown";
      return [200, `${name}/sha256:${"ab".repeat(32)}`];
    }
    return [404, { error_message: `no route ${method} ${path}` }];
  }
}

/** The value a KFP list filter (JSON predicates) requires `key` to equal, if it has such a predicate. */
function equalsValue(filter: string | undefined, key: string): string | undefined {
  if (!filter) return undefined;
  const predicates = (JSON.parse(filter) as { predicates?: { key: string; operation: string | number; stringValue?: string; string_value?: string }[] }).predicates ?? [];
  const predicate = predicates.find((p) => p.key === key && (p.operation === "EQUALS" || p.operation === 1));
  return predicate?.stringValue ?? predicate?.string_value;
}
