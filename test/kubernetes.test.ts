// Kubernetes settings (kfp-kubernetes parity) beyond the twins: local runs, submission, and mistakes.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, type CompiledSpec } from "../transformer/compile.js";
import { analyzeText, repoRoot, runCli, runCliAsync } from "./helpers.js";
import { FakeKfp } from "./servers/kfp-server.js";

const fixture = join(repoRoot, "test/fixtures/kubernetes.ts");
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
let compiled: CompiledSpec;
let specFile: string;
let kfp: FakeKfp;

beforeAll(async () => {
  compiled = (await compile(fixture)).specs[0]!;
  specFile = join(temp("kfp-ts-k8s-"), "shared-volume.yaml");
  writeFileSync(specFile, compiled.text);
  kfp = await FakeKfp.start();
});

afterAll(async () => {
  await kfp?.close();
});

describe("the platform document", () => {
  it("follows the PipelineSpec as a second YAML document; a spec without settings stays one document", async () => {
    const documents = parseAllDocuments(compiled.text).map((d) => d.toJS());
    expect(documents).toHaveLength(2);
    expect(Object.keys(documents[1].platforms.kubernetes.deploymentSpec.executors)).toEqual(["exec-read-note", "exec-write-note"]);
    expect(documents[1].platforms.kubernetes.deploymentSpec.executors["exec-write-note"].secretAsEnv[0].secretNameParameter).toEqual({ componentInputParameter: "signing" });
    const plain = (await compile(join(repoRoot, "examples/producer-consumer.ts"), { typeCheck: false })).specs[0]!;
    expect(plain.platform).toBeUndefined();
    expect(parseAllDocuments(plain.text)).toHaveLength(1);
  });

  it("refuses JSON output, which holds one document, as the Python SDK does", async () => {
    await expect(compile(fixture, { format: "json", typeCheck: false })).rejects.toThrow(/Kubernetes settings, which only a YAML spec can hold/);
  });
});

describe("kfp-ts run with Kubernetes settings", () => {
  it("gives tasks secrets from a file and from KFP_TS_SECRET_* variables, shares a PVC directory between them, deletes it, and says what it ignores", () => {
    const root = temp("kfp-ts-k8s-run-");
    const secretFile = join(root, "signing.env");
    writeFileSync(secretFile, "# the signing key\nkey=\"s3cr3t\"\n");
    const result = runCli(["run", specFile, "--root", root, "--json", "--secret", `signing-key=${secretFile}`], { env: { ...process.env, KFP_TS_SECRET_API_TOKEN: "t0k3n" } });
    expect(result.status, result.stderr).toBe(0);
    const { outputs } = JSON.parse(result.stdout);
    expect(outputs.Output).toBe("hello signed s3cr3t; token=t0k3n; scratch=true; same=yes");
    expect(result.stderr).toMatch(/local runs ignore these Kubernetes settings: node selectors \(exec-write-note\), tolerations \(exec-read-note\)\n/);
    // deletePvc ran after the reader: the claim's directory is gone.
    expect(readdirSync(join(root, ".pvcs"))).toEqual([]);
  });

  it("names the missing secret and the two ways to give it", () => {
    const root = temp("kfp-ts-k8s-run-");
    const result = runCli(["run", specFile, "--root", root], { env: { ...process.env, KFP_TS_SECRET_API_TOKEN: "t" } });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("task 'write-note' reads key 'key' of the Secret 'signing-key', which this run was not given: pass --secret signing-key=FILE (KEY=VALUE lines) or set KFP_TS_SECRET_SIGNING_KEY_KEY");
    expect(result.stderr).not.toMatch(/\n\s+at /);

    // Resumed with the secret, the run keeps its Kubernetes settings.
    const secretFile = join(root, "signing.env");
    writeFileSync(secretFile, "key=k\n");
    const resumed = runCli(["run", "--resume", "latest", "--root", root, "--json", "--secret", `signing-key=${secretFile}`], { env: { ...process.env, KFP_TS_SECRET_API_TOKEN: "t" } });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).outputs.Output).toBe("hello signed k; token=t; scratch=true; same=yes");
  });
});

describe("kfp-ts submit with Kubernetes settings", () => {
  it("sends the platform document to Kubeflow Pipelines as platform_spec, inline and uploaded", async () => {
    const inline = await runCliAsync(["submit", "test/fixtures/kubernetes.ts", "--kfp-host", kfp.url]);
    expect(inline.status, inline.stderr).toBe(0);
    const create = kfp.requests.find((r) => r.method === "POST" && r.path === "/apis/v2beta1/runs")!;
    expect(create.json.pipeline_spec).toEqual({ pipeline_spec: JSON.parse(JSON.stringify(compiled.spec)), platform_spec: compiled.platform });
    expect(create.json.pipeline_spec.platform_spec.platforms.kubernetes.deploymentSpec.executors["exec-read-note"].pvcMount[0].pvcNameParameter)
      .toEqual({ taskOutputParameter: { producerTask: "createpvc", outputParameterKey: "name" } });

    kfp.requests.length = 0;
    const uploaded = await runCliAsync(["submit", specFile, "--kfp-host", kfp.url, "--kfp-upload"]);
    expect(uploaded.status, uploaded.stderr).toBe(0);
    const upload = kfp.requests.find((r) => r.path === "/apis/v2beta1/pipelines/upload")!;
    const documents = parseAllDocuments(upload.form!.uploadfile!.text).map((d) => d.toJS());
    expect(documents).toEqual([JSON.parse(JSON.stringify(compiled.spec)), compiled.platform]);
  });

  it("refuses Vertex AI, which rejects platform specs, unless --drop-platform", () => {
    const refused = runCli(["submit", specFile, "--project", "p", "--region", "us-central1"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("has Kubernetes settings (exec-read-note, exec-write-note), which Vertex AI Pipelines refuses: submit to Kubeflow Pipelines with --kfp-host, or add --drop-platform to run without them");
    const misplaced = runCli(["submit", specFile, "--kfp-host", kfp.url, "--drop-platform"]);
    expect(misplaced.status).toBe(2);
    expect(misplaced.stderr).toContain("--drop-platform applies to Vertex AI, not to --kfp-host");
  });
});

describe("mistakes in Kubernetes settings", () => {
  const diagnosticsOf = (body: string) => analyzeText(`import { component, createPvc, pipeline, task } from "kfp-ts";
export const echo = component((text: string): string => text);
export const p = pipeline({ name: "p" }, (name = "x", n = 3) => {
${body}
});
`).diagnostics;

  it.each([
    ["a misspelled key", `task(echo, { kubernetes: { secretEnvs: [] } as any })("a");`, "`kubernetes`: Unrecognized key: \"secretEnvs\""],
    ["a wrong unit", `task(echo, { kubernetes: { emptyDirs: [{ volumeName: "v", mountPath: "/v", sizeLimit: "1 GB" as any }] } })("a");`, "`kubernetes.emptyDirs.0.sizeLimit`: must be a whole number with an optional unit"],
    ["a parameter where a literal is needed", `task(echo, { kubernetes: { secretVolumes: [{ secretName: "s", mountPath: name }] } })("a");`, "`kubernetes.secretVolumes.0.mountPath` must be a literal the compiler can read"],
    ["a number parameter as a name", `task(echo, { kubernetes: { imagePullSecrets: [n as any] } })("a");`, "a Kubernetes setting takes literals, string pipeline parameters or string task outputs"],
    ["createPvc without a name", `createPvc({ size: "1Gi", accessModes: ["ReadWriteOnce"] } as any);`, "createPvc needs exactly one of `pvcName` and `pvcNameSuffix`"],
    ["an unknown createPvc option", `createPvc({ size: "1Gi", accessModes: ["ReadWriteOnce"], pvcName: "a", storage: "x" } as any);`, "unknown createPvc option 'storage: \"x\"'"],
  ])("%s is a located error", (_, body, message) => {
    const errors = diagnosticsOf(body).filter((d) => d.severity === "error");
    expect(errors.map((d) => d.message)).toEqual([expect.stringContaining(message)]);
    expect(errors[0]!.location?.line).toBe(4);
  });
});
