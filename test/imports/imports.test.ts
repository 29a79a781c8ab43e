// `kfp-ts import` and importedComponent(…): typed modules for component YAML, and pipelines using them that
// compile to the spec the Python SDK compiles when it loads the same YAML (containers included).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../transformer/compile.js";
import { importComponents } from "../../transformer/imports/index.js";
import { analyzeText, kfpTool, repoRoot, runCli } from "../helpers.js";

const here = join(repoRoot, "test/imports");
const out = mkdtempSync(join(tmpdir(), "kfp-ts-imports-"));

/** The whole spec but the SDK version: imported containers must match too. */
function comparable(text: string): unknown {
  const spec = parse(text) as Record<string, unknown>;
  delete spec.sdkVersion;
  return spec;
}

/** As {@link comparable}, without the command of the kfp-ts components the test pipelines add (`shout`). */
function withoutBundles(text: string, labels: readonly string[]): unknown {
  const spec = comparable(text) as { deploymentSpec: { executors: Record<string, { container: Record<string, unknown> }> } };
  for (const label of labels) for (const field of ["command", "args", "image", "env"]) delete spec.deploymentSpec.executors[label]!.container[field];
  return spec;
}

describe("kfp-ts import", () => {
  it("writes the committed module for the fixtures (compiled components, a pipeline, a v1 component)", () => {
    const result = importComponents([join(here, "fixtures")], join(here, "fixtures/components.ts"));
    expect(result.failures).toEqual([]);
    expect(result.text).toBe(readFileSync(join(here, "fixtures/components.ts"), "utf8"));
  });

  it("types inputs and outputs from the YAML interface, with JSDoc from the descriptions", () => {
    const { text } = importComponents([join(here, "fixtures")], join(here, "fixtures/components.ts"));
    expect(text).toContain("import { Dataset, Metrics, Model, importedComponent, type Int, type JsonValue } from \"kfp-ts\";");
    // v1: names sanitized as the SDK does, text defaults parsed by type, optional inputs optional, Int for Integer.
    expect(text).toMatch(/\/\*\* The CSV file to split\. \*\/\n\s+data: Dataset;/);
    expect(text).toMatch(/@defaultValue 0\.2\n\s+\*\/\n\s+test_fraction\?: number;\n\s+seed\?: Int;/);
    expect(text).toMatch(/row_count: Int;\n\}>\("\.\/split\.v1\.yaml"\)/);
    // A pipeline YAML with one `Output` returns it directly.
    expect(text).toMatch(/second\?: string;\n\}, string>\("\.\/greet-twice\.yaml"\)/);
  });

  it("reports a file that is not a component, and skips it in a directory", () => {
    const dir = join(out, "mixed");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.yaml"), readFileSync(join(here, "fixtures/say-hello.yaml")));
    writeFileSync(join(dir, "b.yaml"), "just: text\n");
    const result = runCli(["import", dir, "-o", join(dir, "out.ts")]);
    expect(result.stderr).toContain(`skipped: ${join(dir, "b.yaml")} is neither a compiled KFP component (pipelineInfo, root) nor a v1 component (name, implementation)`);
    expect(result.stderr).toContain("1 component, 1 skipped");
    expect(result.status).toBe(1);
    expect(readFileSync(join(dir, "out.ts"), "utf8")).toContain("export const sayHello = importedComponent<");
  });
});

describe("importedComponent in a pipeline", () => {
  it("takes inputs by name: a misspelled or unknown input is a located error", () => {
    const result = analyzeText(`
      import { pipeline } from "kfp-ts";
      import { sayHello } from "./imports/fixtures/components.js";
      export const p = pipeline({ name: "p" }, () => { sayHello({ nmae: "x" } as never); });
    `);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toContain("KFP2007 'sayHello' has no input 'nmae'");
  });

  it("reports a YAML that is missing where the module says", () => {
    const result = analyzeText(`
      import { importedComponent, pipeline } from "kfp-ts";
      const gone = importedComponent<{}, void>("./imports/fixtures/gone.yaml");
      export const p = pipeline({ name: "p" }, () => { gone(); });
    `);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toContain(`KFP1011 cannot read ${join(repoRoot, "test/imports/fixtures/gone.yaml")}`);
  });

  it("compiles pipelines of imported containers and an imported pipeline as the Python SDK does", async () => {
    const pairs = ["importedContainers", "importedGraph"].map((name) => ({ name, ts: join(out, `${name}.ts.yaml`), py: join(out, `${name}.py.yaml`) }));
    for (const pair of pairs) writeFileSync(pair.ts, (await compile(join(here, "pipelines.ts"), { pipeline: pair.name })).specs[0]!.text);
    const python = await kfpTool({ compile: pairs.map((p) => ({ module: join(here, "twins.py"), export: p.name, out: p.py })), check: pairs.map((p) => p.ts) });
    for (const [i, pair] of pairs.entries()) {
      expect(python.compile[i], JSON.stringify(python.compile[i])).toMatchObject({ ok: true });
      expect(python.check[i], JSON.stringify(python.check[i])).toMatchObject({ ok: true });
      const labels = Object.keys((parse(readFileSync(pair.ts, "utf8")) as { deploymentSpec: { executors: object } }).deploymentSpec.executors).filter((l) => l.startsWith("exec-shout"));
      expect(withoutBundles(readFileSync(pair.ts, "utf8"), labels)).toEqual(withoutBundles(readFileSync(pair.py, "utf8"), labels));
    }
  });
});

describe("the Google Cloud Pipeline Components corpus", () => {
  const gcpc = join(here, "gcpc");
  const corpus = join(gcpc, "corpus");
  const python = join(repoRoot, ".venv-gcpc/bin/python");
  /** The sample the twins use: the v1 components a Vertex AI pipeline uses most. */
  const sample = [
    "v1.custom_job.CustomTrainingJobOp", "v1.wait_gcp_resources.WaitGcpResourcesOp", "v1.model.ModelUploadOp", "v1.endpoint.EndpointCreateOp",
    "v1.endpoint.ModelDeployOp", "v1.model.ModelGetOp", "v1.vertex_notification_email.VertexNotificationEmailOp", "v1.bigquery.BigqueryQueryJobOp",
    "v1.bigquery.BigqueryCreateModelJobOp", "v1.bigquery.BigqueryEvaluateModelJobOp", "v1.dataset.TabularDatasetCreateOp", "v1.dataflow.DataflowPythonJobOp",
  ];
  let files: string[] = [];

  beforeAll(() => {
    if (!existsSync(python)) throw new Error("the GCPC corpus is not installed: run scripts/setup-gcpc.sh");
    const stamp = join(corpus, "version");
    const version = spawnSync(python, ["-c", "import google_cloud_pipeline_components as g, kfp; print(g.__version__, kfp.__version__)"], { encoding: "utf8" }).stdout.trim();
    if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== version) {
      rmSync(corpus, { recursive: true, force: true });
      const made = spawnSync(python, [join(here, "gcpc_corpus.py"), corpus], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      if (made.status !== 0) throw new Error(`gcpc_corpus.py failed:\n${made.stderr}`);
      writeFileSync(join(corpus, "summary.json"), made.stdout);
      writeFileSync(stamp, version);
    }
    files = ["compiled", "shipped"].flatMap((dir) => readdirSync(join(corpus, dir)).map((f) => join(corpus, dir, f)));
  }, 900_000);

  it("imports every component YAML, and the module type-checks", () => {
    const result = importComponents([join(corpus, "compiled"), join(corpus, "shipped")], join(gcpc, "all.ts"));
    expect(result.failures).toEqual([]);
    expect(result.imported.length).toBe(files.length);
    expect(files.length).toBeGreaterThan(200);
    writeFileSync(join(gcpc, "all.ts"), result.text);
    // Custom schema titles get a class of their own; optional artifact inputs are optional.
    expect(result.text).toContain('export class VertexModel extends artifactType("google.VertexModel", "0.0.1") {}');
    expect(result.text).toMatch(/endpoint\?: VertexEndpoint;/);
    const tsc = spawnSync(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "--ignoreConfig", "--noEmit", "--strict", "--module", "nodenext", "--target", "es2022", "--skipLibCheck", join(gcpc, "all.ts")], { encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 180_000);

  it("compiles pipelines of twelve of its components as the Python SDK does when it loads the same YAML", async () => {
    const module = importComponents(sample.map((name) => join(corpus, "compiled", `${name}.yaml`)), join(gcpc, "gcpc.ts"));
    writeFileSync(join(gcpc, "gcpc.ts"), module.text);
    const pairs = ["trainAndDeploy", "bigqueryMl"].map((name) => ({ name, ts: join(out, `gcpc-${name}.ts.yaml`), py: join(out, `gcpc-${name}.py.yaml`) }));
    for (const pair of pairs) writeFileSync(pair.ts, (await compile(join(gcpc, "pipelines.ts"), { pipeline: pair.name })).specs[0]!.text);
    const request = JSON.stringify({ compile: pairs.map((p) => ({ module: join(gcpc, "twins.py"), export: p.name, out: p.py })) });
    const answer = spawnSync(python, [join(repoRoot, "test/compat/kfp_tool.py")], { input: request, encoding: "utf8", env: { ...process.env, GCPC_CORPUS: corpus } });
    const compiled = (JSON.parse(answer.stdout) as { compile: { ok: boolean }[] }).compile;
    const used = new Set<string>();
    const names = new Set(module.imported.map((i) => i.definition.name));
    for (const [i, pair] of pairs.entries()) {
      expect(compiled[i], JSON.stringify(compiled[i])).toMatchObject({ ok: true });
      const spec = readFileSync(pair.ts, "utf8");
      expect(comparable(spec)).toEqual(comparable(readFileSync(pair.py, "utf8")));
      for (const task of Object.values((parse(spec) as { components: Record<string, { dag?: { tasks: Record<string, { taskInfo: { name: string } }> } }> }).components).flatMap((c) => Object.values(c.dag?.tasks ?? {}))) used.add(task.taskInfo.name);
      for (const task of Object.values((parse(spec) as { root: { dag: { tasks: Record<string, { taskInfo: { name: string } }> } } }).root.dag.tasks)) used.add(task.taskInfo.name);
    }
    expect([...names].filter((name) => used.has(name)).sort()).toEqual([...names].sort());
  }, 180_000);
});
