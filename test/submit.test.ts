// Submission with the real @google-cloud/aiplatform client against a gRPC PipelineService on 127.0.0.1
// (built from the package's protos), and the KFP REST API and Artifact Registry against loopback HTTP servers.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { status as grpcStatus } from "@grpc/grpc-js";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PipelineSpec } from "../src/spec/pipeline-spec.js";
import { fromProtoStruct, getVertexJob, listVertexJobs, submitToVertex, toProtoValue, waitForVertexJob } from "../src/submit/index.js";
import { compile } from "../transformer/compile.js";
import { runCliAsync } from "./helpers.js";
import { FakeKfp } from "./servers/kfp-server.js";
import { FakeVertex } from "./servers/vertex-server.js";

let vertex: FakeVertex;
let kfp: FakeKfp;
let penguins: PipelineSpec;
let specFile: string;

beforeAll(async () => {
  [vertex, kfp] = await Promise.all([FakeVertex.start(), FakeKfp.start()]);
  const compiled = await compile("examples/penguins/pipeline.ts");
  penguins = compiled.specs[0]!.spec;
  specFile = join(mkdtempSync(join(tmpdir(), "kfp-ts-submit-")), "penguins.yaml");
  writeFileSync(specFile, compiled.specs[0]!.text);
});

afterAll(async () => {
  await Promise.all([vertex?.close(), kfp?.close()]);
});

beforeEach(() => {
  vertex.requests.length = 0;
  kfp.requests.length = 0;
  kfp.token = undefined;
});

const env = () => ({ KFP_TS_VERTEX_ENDPOINT: vertex.endpoint });
const vertexArgs = ["--project", "p", "--region", "us-central1", "--root", "gs://b/r", "--poll-interval", "0.02"];
const succeeded = [{ state: "PIPELINE_STATE_RUNNING" }, { state: "PIPELINE_STATE_SUCCEEDED", tasks: ["data-generator", "transform", "trainer", "evaluator"].map((taskName) => ({ taskName, state: "SUCCEEDED" })) }];

describe("kfp-ts submit to Vertex AI", () => {
  it("creates the job with the exact spec, then follows it to success", async () => {
    vertex.script("penguins-ok", succeeded);
    const result = await runCliAsync(["submit", "examples/penguins/pipeline.ts", ...vertexArgs, "--job-id", "penguins-ok", "--wait"], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("projects/p/locations/us-central1/pipelineJobs/penguins-ok");
    expect(result.stderr).toContain("https://console.cloud.google.com/vertex-ai/locations/us-central1/pipelines/runs/penguins-ok?project=p");
    expect(result.stderr).toContain("job penguins-ok succeeded");
    const [create] = vertex.calls("CreatePipelineJob");
    expect(create!.request.parent).toBe("projects/p/locations/us-central1");
    expect(create!.request.pipelineJobId).toBe("penguins-ok");
    expect(fromProtoStruct(create!.request.pipelineJob.pipelineSpec)).toEqual(JSON.parse(JSON.stringify(penguins)));
    expect(create!.request.pipelineJob.runtimeConfig.gcsOutputDirectory).toBe("gs://b/r");
    expect(create!.request.pipelineJob.runtimeConfig.parameterValues ?? {}).toEqual({});
    expect(create!.request.pipelineJob.displayName).toMatch(/^PipelineJob \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(create!.metadata["x-goog-request-params"]).toContain("parent=projects%2Fp%2Flocations%2Fus-central1");
    expect(vertex.calls("GetPipelineJob").length).toBe(2);
  });

  it("sends a compiled YAML spec unchanged, with a job id made as the Python SDK makes it", async () => {
    const result = await runCliAsync(["submit", specFile, ...vertexArgs], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    const [create] = vertex.calls("CreatePipelineJob");
    expect(create!.request.pipelineJobId).toMatch(/^kfp-sample-pipeline-\d{14}$/);
    expect(fromProtoStruct(create!.request.pipelineJob.pipelineSpec)).toEqual(JSON.parse(JSON.stringify(parse(JSON.stringify(penguins)))));
    expect(vertex.calls("GetPipelineJob")).toHaveLength(0);
  });

  it("sends parameters by their declared types, labels, identity, network and a caching override for every DAG", async () => {
    const result = await runCliAsync([
      "submit", "examples/nested.ts", "--pipeline", "nested", ...vertexArgs, "--job-id", "nested-settings",
      "--param", "count=50", "--label", "team=ml", "--label", "cost-centre=r_d",
      "--service-account", "runner@p.iam.gserviceaccount.com", "--network", "projects/123/global/networks/default",
      "--no-cache", "--display-name", "nightly",
    ], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    const job = vertex.calls("CreatePipelineJob")[0]!.request.pipelineJob;
    expect(job.runtimeConfig.parameterValues).toEqual({ count: { numberValue: 50, kind: "numberValue" } });
    expect(job.labels).toEqual({ team: "ml", "cost-centre": "r_d" });
    expect(job).toMatchObject({ serviceAccount: "runner@p.iam.gserviceaccount.com", network: "projects/123/global/networks/default", displayName: "nightly" });
    const spec = fromProtoStruct(job.pipelineSpec) as PipelineSpec;
    const tasks = [spec.root.dag, ...Object.values(spec.components!).map((c) => c.dag)].flatMap((dag) => Object.values(dag?.tasks ?? {}));
    expect(tasks.length).toBe(7);
    for (const task of tasks) expect(task.cachingOptions).toEqual({ enableCache: false });
  });

  it("exits non-zero naming the failed task and its error", async () => {
    vertex.script("penguins-fail", [
      { state: "PIPELINE_STATE_RUNNING", tasks: [{ taskName: "data-generator", state: "SUCCEEDED" }, { taskName: "trainer", state: "RUNNING" }] },
      { state: "PIPELINE_STATE_FAILED", error: { code: 9, message: "The DAG failed because some tasks failed." }, tasks: [
        { taskName: "data-generator", state: "SUCCEEDED" },
        { taskName: "trainer", state: "FAILED", error: { code: 3, message: "The replica workerpool0-0 exited with a non-zero status of 1." } },
        { taskName: "evaluator", state: "NOT_TRIGGERED" },
      ] },
    ]);
    const result = await runCliAsync(["submit", "examples/penguins/pipeline.ts", ...vertexArgs, "--job-id", "penguins-fail", "--wait"], { env: env() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("kfp-ts: job penguins-fail ended FAILED: task 'trainer' failed: The replica workerpool0-0 exited with a non-zero status of 1.");
    expect(result.stderr).toContain("  trainer: RUNNING");
  });

  it("retries transient errors: a lost create answer, and unavailable polls", async () => {
    vertex.fail("CreatePipelineJob", grpcStatus.UNAVAILABLE, 1, true);
    vertex.fail("GetPipelineJob", grpcStatus.DEADLINE_EXCEEDED, 1);
    vertex.fail("GetPipelineJob", grpcStatus.UNAVAILABLE, 1);
    vertex.script("penguins-flaky", succeeded);
    const result = await runCliAsync(["submit", "examples/penguins/pipeline.ts", ...vertexArgs, "--job-id", "penguins-flaky", "--wait"], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/transient error, attempt 1: injected UNAVAILABLE after the call; retrying in 1s/);
    expect(result.stderr).toContain("job penguins-flaky succeeded");
    // The retried create found the job its lost answer had created: one job, not two.
    expect(vertex.calls("CreatePipelineJob").length).toBeGreaterThanOrEqual(2);
    expect([...vertex.jobs.keys()].filter((k) => k.endsWith("/penguins-flaky"))).toHaveLength(1);
  }, 30_000);

  it.each([
    [["--job-id", "9lives"], "job id '9lives' is not valid"],
    [["--label", "Team=ml"], "label key 'Team' is not valid"],
    [["--label", `k=${"v".repeat(65)}`], "label 'k' has the value"],
    [["--param", "colour=red"], "pipeline 'kfp-sample-pipeline' has no parameter 'colour'; its parameters are: suffix"],
    [["--root", "s3://bucket/root"], "the pipeline root must start with gs://, not 's3://bucket/root'"],
    [["--network", "default"], "network 'default' must be a full name"],
  ])("checks %j before sending anything", async (extra, message) => {
    const result = await runCliAsync(["submit", specFile, ...vertexArgs, ...extra], { env: env() });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(vertex.requests).toHaveLength(0);
  });

  it("checks parameter types and required parameters", async () => {
    const wrong = await runCliAsync(["submit", "examples/nested.ts", "--pipeline", "nested", ...vertexArgs, "--param", "count=many"], { env: env() });
    expect(wrong.stderr).toContain("parameter 'count' is NUMBER_INTEGER (int): expected an integer");
    const missing = await runCliAsync(["submit", "test/fixtures/local/pipelines.ts", "--pipeline", "retried", ...vertexArgs], { env: env() });
    expect(missing.stderr).toContain("pipeline 'retried' needs 'counterFile'");
    expect(vertex.requests).toHaveLength(0);
  });
});

describe("kfp-ts jobs", () => {
  it("lists, gets and cancels Vertex AI jobs", async () => {
    vertex.script("penguins-jobs", [{ state: "PIPELINE_STATE_RUNNING", tasks: [{ taskName: "trainer", state: "RUNNING" }] }]);
    await runCliAsync(["submit", specFile, ...vertexArgs, "--job-id", "penguins-jobs"], { env: env() });
    const where = ["--project", "p", "--region", "us-central1"];
    const list = await runCliAsync(["jobs", "list", ...where, "--json"], { env: env() });
    expect(JSON.parse(list.stdout).map((j: { jobId: string }) => j.jobId)).toContain("penguins-jobs");
    const get = await runCliAsync(["jobs", "get", "penguins-jobs", ...where], { env: env() });
    expect(get.stdout).toMatch(/^penguins-jobs: RUNNING\n/);
    expect(get.stdout).toContain("trainer  RUNNING");
    const cancel = await runCliAsync(["jobs", "cancel", "penguins-jobs", ...where], { env: env() });
    expect(cancel.status, cancel.stderr).toBe(0);
    expect(vertex.calls("CancelPipelineJob")[0]!.request.name).toBe("projects/p/locations/us-central1/pipelineJobs/penguins-jobs");
    const missing = await runCliAsync(["jobs", "get", "nope", ...where], { env: env() });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("not found: check the project, region and job id");
  });
});

describe("kfp-ts jobs list pages through results", () => {
  it("stops at --limit, and fetches every page with --all", async () => {
    const location = { project: "paging", region: "us-central1", endpoint: vertex.endpoint };
    for (let i = 1; i <= 5; i++) await submitToVertex(penguins, { ...location, jobId: `paged-${i}`, root: "gs://b/r" });
    vertex.maxPageSize = 2;
    try {
      const where = ["--project", "paging", "--region", "us-central1", "--json"];
      vertex.requests.length = 0;
      const limited = await runCliAsync(["jobs", "list", ...where, "--limit", "3"], { env: env() });
      expect(JSON.parse(limited.stdout).map((j: { jobId: string }) => j.jobId)).toEqual(["paged-5", "paged-4", "paged-3"]);
      expect(vertex.calls("ListPipelineJobs").map((c) => c.request.pageSize)).toEqual([3, 1]);
      vertex.requests.length = 0;
      const all = await runCliAsync(["jobs", "list", ...where, "--all"], { env: env() });
      expect(JSON.parse(all.stdout).map((j: { jobId: string }) => j.jobId)).toEqual(["paged-5", "paged-4", "paged-3", "paged-2", "paged-1"]);
      expect(vertex.calls("ListPipelineJobs")).toHaveLength(3);
      const bad = await runCliAsync(["jobs", "list", ...where, "--limit", "many"], { env: env() });
      expect([bad.status, bad.stderr]).toEqual([2, "kfp-ts: --limit takes a positive whole number, not 'many'\n"]);
    } finally {
      vertex.maxPageSize = 100;
    }
  });
});

describe("credentials and endpoints", () => {
  // No Application Default Credentials: an empty home, no key file, no metadata server.
  const noCredentials = () => ({ HOME: mkdtempSync(join(tmpdir(), "kfp-ts-home-")), GOOGLE_APPLICATION_CREDENTIALS: "", KFP_TS_VERTEX_ENDPOINT: "", METADATA_SERVER_DETECTION: "none", CLOUDSDK_CONFIG: join(tmpdir(), "kfp-ts-no-gcloud") });

  it.each([
    [["jobs", "list", "--project", "p", "--region", "us-central1"]],
    [["submit", "examples/hello-world.ts", "--project", "p", "--region", "us-central1", "--root", "gs://b/r"]],
    [["jobs", "get", "some-job", "--project", "p", "--region", "us-central1", "--api-endpoint", "europe-west4-aiplatform.googleapis.com"]],
  ])("without credentials, %j says what is missing and how to fix it", async (args) => {
    const result = await runCliAsync(args, { env: noCredentials() });
    expect(result.stderr).not.toContain("unexpected error");
    expect(result.stderr).toMatch(/^kfp-ts: no Google Cloud credentials: Could not load the default credentials\. Run `gcloud auth application-default login`/m);
    expect(result.status).toBe(1);
  });

  it("an unreachable endpoint fails at once, naming it", async () => {
    const closed = await new Promise<number>((ok) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => ok(port));
      });
    });
    const started = Date.now();
    const result = await runCliAsync(["jobs", "list", "--project", "p", "--region", "us-central1", "--api-endpoint", `http://127.0.0.1:${closed}`]);
    expect(result.stderr).toContain(`kfp-ts: cannot list pipeline jobs: cannot reach http://127.0.0.1:${closed} (connect ECONNREFUSED 127.0.0.1:${closed}): check --api-endpoint`);
    expect(result.stderr).not.toContain("retrying");
    expect(result.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000); // 37 s of silent retries before
    const kfpResult = await runCliAsync(["submit", specFile, "--kfp-host", `http://127.0.0.1:${closed}`]);
    expect(kfpResult.stderr).toContain(`cannot reach http://127.0.0.1:${closed} (ECONNREFUSED)`);
    expect(kfpResult.status).toBe(1);
  });

  it("refuses an endpoint that is not http(s)", async () => {
    const result = await runCliAsync(["jobs", "list", "--project", "p", "--region", "us-central1", "--api-endpoint", "ftp://example.com"]);
    expect([result.status, result.stderr]).toEqual([2, "kfp-ts: the endpoint 'ftp://example.com' must be https://HOST[:PORT] (or http://HOST:PORT for a plain-gRPC test server)\n"]);
  });
});

describe("the programmatic API", () => {
  it("submits, waits and reads jobs like the CLI", async () => {
    const location = { project: "api", region: "europe-west4", endpoint: vertex.endpoint };
    vertex.script("api-job", succeeded);
    const job = await submitToVertex(penguins, { ...location, jobId: "api-job", parameters: { suffix: "_api" } });
    expect(job).toMatchObject({ jobId: "api-job", state: "PIPELINE_STATE_PENDING" });
    const states: string[] = [];
    const final = await waitForVertexJob(location, "api-job", { pollSeconds: 0.01, onUpdate: (j) => states.push(j.state) });
    expect(states).toEqual(["PIPELINE_STATE_RUNNING", "PIPELINE_STATE_SUCCEEDED"]);
    expect(final.tasks.map((t) => t.name)).toEqual(["data-generator", "transform", "trainer", "evaluator"]);
    expect((await getVertexJob(location, job.name)).state).toBe("PIPELINE_STATE_SUCCEEDED");
    expect((await listVertexJobs(location)).map((j) => j.jobId)).toEqual(["api-job"]);
    expect(vertex.calls("CreatePipelineJob")[0]!.request.pipelineJob.runtimeConfig.parameterValues).toEqual({ suffix: { stringValue: "_api", kind: "stringValue" } });
  });

  it("converts JSON to protobuf Values and refuses what a Value cannot hold", () => {
    expect(toProtoValue({ a: [1, "x", true, null] })).toEqual({ structValue: { fields: { a: { listValue: { values: [{ numberValue: 1 }, { stringValue: "x" }, { boolValue: true }, { nullValue: "NULL_VALUE" }] } } } } });
    expect(() => toProtoValue({ a: undefined })).toThrow("$.a is undefined, which a protobuf Value cannot hold");
    expect(() => toProtoValue([Number.NaN])).toThrow("$[0] is NaN");
  });
});

describe("kfp-ts submit to Kubeflow Pipelines", () => {
  it("creates a run with the spec inline, with a bearer token, and follows it", async () => {
    kfp.token = "secret";
    kfp.nextRunStates = [{ state: "RUNNING" }, { state: "SUCCEEDED" }];
    const result = await runCliAsync(["submit", "examples/penguins/pipeline.ts", "--kfp-host", kfp.url, "--param", "suffix=_k", "--root", "minio://mlpipeline/v2/artifacts", "--wait", "--poll-interval", "0.02"], {
      env: { KFP_TS_ACCESS_TOKEN: "secret" },
    });
    const runId = result.stdout.trim();
    expect(runId).toMatch(/^run-\d+$/);
    const create = kfp.requests.find((r) => r.method === "POST" && r.path === "/apis/v2beta1/runs")!;
    expect(create.headers.authorization).toBe("Bearer secret");
    expect(create.json.pipeline_spec).toEqual(JSON.parse(JSON.stringify(penguins)));
    expect(create.json.runtime_config).toEqual({ parameters: { suffix: "_k" }, pipeline_root: "minio://mlpipeline/v2/artifacts" });
    expect(create.json.display_name).toMatch(/^kfp-sample-pipeline \d{4}-\d\d-\d\d \d\d-\d\d-\d\d$/);
    const experiment = [...kfp.experiments.values()].find((e) => e.display_name === "Default")!;
    expect(create.json.experiment_id).toBe(experiment.experiment_id);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`run ${runId} succeeded`);
  });

  it("uploads the file's own bytes, pins the run to the version it uploaded, then a new version, and exits by the run's state", async () => {
    const ok = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url, "--kfp-upload"]);
    expect(ok.status, ok.stderr).toBe(0);
    const upload = kfp.requests.find((r) => r.path === "/apis/v2beta1/pipelines/upload")!;
    expect(upload.query.name).toBe("kfp-sample-pipeline");
    expect(upload.form!.uploadfile!.fileName).toBe("kfp-sample-pipeline.yaml");
    expect(upload.form!.uploadfile!.text).toBe(readFileSync(specFile, "utf8"));
    const pipeline = kfp.pipelines.get("kfp-sample-pipeline")!;
    const run = kfp.requests.find((r) => r.path === "/apis/v2beta1/runs" && r.method === "POST")!.json;
    expect(run.pipeline_version_reference).toEqual({ pipeline_id: pipeline.pipeline_id, pipeline_version_id: pipeline.versions[0]!.id });
    expect(run.pipeline_spec).toBeUndefined();

    kfp.requests.length = 0;
    kfp.nextRunStates = [{ state: "FAILED", run_details: { task_details: [{ display_name: "trainer", state: "FAILED", error: { message: "OOMKilled" } }] } }];
    const again = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url, "--kfp-upload", "--wait", "--poll-interval", "0.02"], {});
    const version = kfp.requests.find((r) => r.path === "/apis/v2beta1/pipelines/upload_version")!;
    expect(version.query.pipelineid).toBe(pipeline.pipeline_id);
    expect(version.form!.uploadfile!.text).toBe(readFileSync(specFile, "utf8"));
    const secondRun = kfp.requests.find((r) => r.path === "/apis/v2beta1/runs" && r.method === "POST")!.json;
    expect(secondRun.pipeline_version_reference).toEqual({ pipeline_id: pipeline.pipeline_id, pipeline_version_id: pipeline.versions[1]!.id });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("ended FAILED: task 'trainer' failed: OOMKilled");
  });

  it("never creates a run twice: a 503 after the run was created finds that run instead of retrying", async () => {
    kfp.failuresAfterCreate = 1;
    const before = kfp.runs.size;
    const result = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url, "--display-name", "lost answer"]);
    expect(result.status, result.stderr).toBe(0);
    expect(kfp.runs.size).toBe(before + 1);
    const runId = result.stdout.trim();
    expect(kfp.runs.get(runId)!.display_name).toBe("lost answer");
    expect(result.stderr).toContain(`but it had created run ${runId}: using that run, not creating another`);
    expect(kfp.requests.filter((r) => r.method === "POST" && r.path === "/apis/v2beta1/runs")).toHaveLength(1);
  });

  it("retries a 503 that created nothing, having looked first, and follows a run from code", async () => {
    kfp.failures = 1;
    kfp.nextRunStates = [{ state: "RUNNING" }, { state: "SUCCEEDED", run_details: { task_details: [{ display_name: "trainer", state: "SUCCEEDED" }] } }];
    const { submitToKfp, waitForKfpRun } = await import("../src/submit/index.js");
    const retries: string[] = [];
    const before = kfp.runs.size;
    const run = await submitToKfp(penguins, { host: kfp.url, experimentId: "e-given", onRetry: (error) => retries.push((error as Error).message) });
    expect(retries).toEqual(["cannot create the run: 503 Service Unavailable: injected: service unavailable (and no run was created)"]);
    expect(kfp.runs.size).toBe(before + 1);
    expect(kfp.requests.filter((r) => r.method === "GET" && r.path === "/apis/v2beta1/runs")).toHaveLength(1);
    const done = await waitForKfpRun({ host: kfp.url }, run.runId, { pollSeconds: 0.01 });
    expect(done).toMatchObject({ state: "SUCCEEDED", tasks: [{ name: "trainer", state: "SUCCEEDED" }] });
  });

  it("finds or creates the experiment by name as kfp.Client does, and sends extra headers", async () => {
    const first = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url, "--experiment", "nightly", "--header", "Cookie: session=abc", "--header", "X-Team:ml"]);
    const second = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url, "--experiment", "nightly"]);
    expect([first.status, second.status], first.stderr + second.stderr).toEqual([0, 0]);
    const nightly = [...kfp.experiments.values()].filter((e) => e.display_name === "nightly");
    expect(nightly).toHaveLength(1);
    const runs = [first, second].map((r) => kfp.runs.get(r.stdout.trim())!);
    expect(runs.map((r) => r.experiment_id)).toEqual([nightly[0]!.experiment_id, nightly[0]!.experiment_id]);
    const withHeaders = kfp.requests.filter((r) => r.headers.cookie === "session=abc" && r.headers["x-team"] === "ml");
    expect(withHeaders.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /apis/v2beta1/experiments", "POST /apis/v2beta1/experiments", "POST /apis/v2beta1/runs"]);
    const byDefault = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url], { env: { KF_PIPELINES_DEFAULT_EXPERIMENT_NAME: "team-default" } });
    const experiment = [...kfp.experiments.values()].find((e) => e.display_name === "team-default")!;
    expect(kfp.runs.get(byDefault.stdout.trim())!.experiment_id).toBe(experiment.experiment_id);
    const bad = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url, "--header", "no colon"]);
    expect([bad.status, bad.stderr]).toEqual([2, "kfp-ts: --header takes 'Name: value', got 'no colon'\n"]);
  });

  it("reports a refused token with a hint", async () => {
    kfp.token = "right";
    const result = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url, "--token", "wrong"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("cannot find experiment 'Default': 401 Unauthorized: missing or wrong bearer token (check the token");
  });
});

describe("a spec with a Kubernetes platform document (as kfp-kubernetes writes)", () => {
  const platform = { platforms: { kubernetes: { deploymentSpec: { executors: { "exec-trainer": { secretAsEnv: [{ secretName: "creds", keyToEnv: [{ secretKey: "token", envVar: "TOKEN" }] }], nodeSelector: { labels: { pool: "gpu" } } } } } } } };
  let withPlatform: string;
  beforeAll(() => {
    withPlatform = join(mkdtempSync(join(tmpdir(), "kfp-ts-platform-")), "penguins-k8s.yaml");
    writeFileSync(withPlatform, `${readFileSync(specFile, "utf8")}---\n${stringify(platform)}`);
  });

  it("is sent to Kubeflow Pipelines as platform_spec, as kfp.Client sends it", async () => {
    const result = await runCliAsync(["submit", withPlatform, "--kfp-host", kfp.url]);
    expect(result.status, result.stderr).toBe(0);
    const run = kfp.requests.find((r) => r.method === "POST" && r.path === "/apis/v2beta1/runs")!.json;
    expect(run.pipeline_spec).toEqual({ pipeline_spec: JSON.parse(JSON.stringify(penguins)), platform_spec: platform });
  });

  it("is uploaded whole, to Kubeflow Pipelines and to Artifact Registry", async () => {
    const result = await runCliAsync(["submit", withPlatform, "--kfp-host", kfp.url, "--kfp-upload"]);
    expect(result.status, result.stderr).toBe(0);
    const uploaded = kfp.requests.find((r) => r.path.startsWith("/apis/v2beta1/pipelines/upload"))!.form!.uploadfile!.text;
    expect(uploaded).toBe(readFileSync(withPlatform, "utf8"));
    const registry = await runCliAsync(["upload", withPlatform, "--registry", `${kfp.url}/p/repo`, "--token", "t"]);
    expect(registry.status, registry.stderr).toBe(0);
    expect(kfp.templates.at(-1)!.content).toBe(readFileSync(withPlatform, "utf8"));
  });

  it("is refused by Vertex AI with a clear error, before anything is sent", async () => {
    const result = await runCliAsync(["submit", withPlatform, ...vertexArgs], { env: env() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^kfp-ts: \S+ has Kubernetes settings \(.+\), which Vertex AI Pipelines refuses: submit to Kubeflow Pipelines with --kfp-host, or add --drop-platform to run without them\n$/);
    expect(vertex.requests).toHaveLength(0);
  });

  it("is sent to Vertex AI without its Kubernetes settings when --drop-platform says so", async () => {
    const result = await runCliAsync(["submit", withPlatform, ...vertexArgs, "--drop-platform"], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/notice: --drop-platform: submitting without the Kubernetes settings of /);
    expect(vertex.requests).toHaveLength(1);
  });
});

describe("kfp-ts upload", () => {
  it("pushes a template with its tags to an Artifact Registry repository", async () => {
    const registry = `${kfp.url}/p/repo`;
    const result = await runCliAsync(["upload", "examples/penguins/pipeline.ts", "--registry", registry, "--tag", "v1", "--tag", "latest", "--token", "ar-token"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`${registry}/kfp-sample-pipeline/sha256:${"ab".repeat(32)}`);
    const request = kfp.requests.at(-1)!;
    expect(request.path).toBe("/p/repo");
    expect(request.headers.authorization).toBe("Bearer ar-token");
    expect(request.form!.tags!.text).toBe("v1,latest");
    expect(parse(request.form!.content!.text)).toEqual(JSON.parse(JSON.stringify(penguins)));
  });

  it("refuses what is not an Artifact Registry KFP repository, and sha256: tags", async () => {
    const notRegistry = await runCliAsync(["upload", specFile, "--registry", "https://example.com/repo", "--token", "t"]);
    expect(notRegistry.stderr).toContain("is not an Artifact Registry KFP repository: expected https://REGION-kfp.pkg.dev/PROJECT/REPOSITORY");
    const badTag = await runCliAsync(["upload", specFile, "--registry", `${kfp.url}/p/repo`, "--tag", "sha256:abc", "--token", "t"]);
    expect(badTag.stderr).toContain("tag 'sha256:abc' is not valid");
  });
});
