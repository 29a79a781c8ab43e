import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { compile } from "../transformer/compile.js";
import { CompileError } from "../transformer/diagnostics.js";
import { exampleEntries, repoRoot, runCli } from "./helpers.js";

const examples = exampleEntries();
const temp = () => mkdtempSync(join(tmpdir(), "kfp-ts-compile-"));

describe("kfp-ts compile", () => {
  it("writes identical bytes when an example is compiled twice, in separate processes", () => {
    const [first, second] = [temp(), temp()];
    for (const dir of [first, second]) {
      for (const example of examples) {
        const result = runCli(["compile", `examples/${example}`, "-o", `${dir}/`]);
        expect(result.stderr).not.toContain("error");
        expect(result.status).toBe(0);
      }
    }
    const files = readdirSync(first).sort();
    expect(files.length).toBeGreaterThanOrEqual(examples.length);
    expect(readdirSync(second).sort()).toEqual(files);
    for (const file of files) expect(readFileSync(join(second, file)), file).toEqual(readFileSync(join(first, file)));
  }, 600_000); // every example, twice, one process each: minutes on a loaded machine

  it("writes YAML with KFP's header comment", () => {
    const dir = temp();
    const result = runCli(["compile", "examples/producer-consumer.ts", "-o", join(dir, "pc.yaml")]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("wrote");
    const text = readFileSync(join(dir, "pc.yaml"), "utf8");
    expect(text.startsWith("# PIPELINE DEFINITION\n# Name: producer-consumer\n# Description: One task consumes what another produced: the edge comes from the data flow.\n# Inputs:\n#    text: str [Default: 'hi there']\ncomponents:\n")).toBe(true);
    const spec = parse(text);
    expect(spec.schemaVersion).toBe("2.1.0");
    expect(spec.sdkVersion).toMatch(/^kfp-ts-\d+\.\d+\.\d+/);
    expect(spec.deploymentSpec.executors["exec-echo"].container.image).toBe("node:22-slim");
  });

  it("writes JSON when asked, and honours --image", () => {
    const dir = temp();
    const result = runCli(["compile", "examples/artifacts.ts", "-o", join(dir, "a.json"), "--image", "node:20-bookworm"]);
    expect(result.status).toBe(0);
    const spec = JSON.parse(readFileSync(join(dir, "a.json"), "utf8"));
    expect(spec.pipelineInfo).toEqual({ name: "artifacts", description: "Generates points, fits a threshold and evaluates it." });
    expect(new Set(Object.values(spec.deploymentSpec.executors).map((e: any) => e.container.image))).toEqual(new Set(["node:20-bookworm"]));
  });

  it("compiles a single component into a one-task pipeline, with its description in the header", async () => {
    const result = await compile(join(repoRoot, "examples/artifacts.ts"), { pipeline: "makePoints" });
    const [compiled] = result.specs;
    expect(compiled!.kind).toBe("component");
    expect(compiled!.text).toContain("# Name: make-points\n# Description: Generates points of two classes on either side of the line x + y = 1.\n");
    expect(Object.keys(compiled!.spec.root.dag.tasks)).toEqual(["make-points"]);
    expect(compiled!.spec.root.dag.outputs).toEqual({ artifacts: { Output: { artifactSelectors: [{ producerSubtask: "make-points", outputArtifactKey: "Output" }] } } });
  });

  it("asks which pipeline to write when a file exports several and --output is a file", () => {
    const result = runCli(["compile", "examples/nested.ts", "-o", join(temp(), "x.yaml")]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("exports 2 pipelines (prepare, nested): name one with --pipeline, or give a directory to --output");
  });

  it("names what a file exports when the asked export does not exist", () => {
    const result = runCli(["compile", "examples/nested.ts", "--pipeline", "nope"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error KFP0004: .*exports no pipeline or component named 'nope'/);
    expect(result.stderr).toContain("hint: it exports: prepare, nested");
  });

  it.each([
    ["examples/missing.ts", "cannot find examples/missing.ts"],
    ["README.md", "README.md is not a TypeScript file (.ts, .mts, .cts, .tsx)"],
    ["examples", "examples is a directory; give the file that exports the pipeline"],
  ])("explains why %s cannot be compiled", (file, message) => {
    const result = runCli(["compile", file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`error KFP0001: ${message}`);
  });

  it("reports wiring mistakes as located TypeScript errors before anything runs", () => {
    const result = runCli(["compile", "test/fixtures/bad/type-error.ts", "-o", "-"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("test/fixtures/bad/type-error.ts:8:10 - error TS2345: Argument of type 'Int' is not assignable to parameter of type 'string'.");
    expect(result.stderr).toContain("8   repeat(n, text);");
    expect(result.stderr).toContain("Found 2 errors.");
  });

  it("uses the tsconfig.json next to the file, and reports unused code as a warning, not an error", async () => {
    const result = await compile(join(repoRoot, "test/fixtures/strict/pipeline.ts"));
    expect(result.specs.map((s) => s.name)).toEqual(["strict"]);
    expect(result.warnings).toEqual([expect.objectContaining({ code: "TS6133", severity: "warning", message: "'Model' is declared but its value is never read." })]);
  });

  it("writes a build context per component in containerized mode, tagged by content", () => {
    const build = temp();
    const first = runCli(["compile", "examples/artifacts.ts", "-o", "-", "--containerized", build, "--registry", "us-docker.pkg.dev/p/r"]);
    expect(first.status).toBe(0);
    expect(readdirSync(build).sort()).toEqual(["evaluate", "fit-threshold", "make-points", "split-points"]);
    expect(readFileSync(join(build, "evaluate/Dockerfile"), "utf8")).toContain("FROM node:22-slim\nWORKDIR /kfp-ts\nCOPY component.mjs /kfp-ts/component.mjs\n");
    expect(readFileSync(join(build, "evaluate/component.mjs"), "utf8")).toContain("await execute(");
    const spec = parse(first.stdout);
    const container = spec.deploymentSpec.executors["exec-evaluate"].container;
    expect(container.image).toMatch(/^us-docker\.pkg\.dev\/p\/r\/evaluate:sha-[0-9a-f]{16}$/);
    expect(container.command).toEqual(["node", "/kfp-ts/component.mjs"]);
    expect(container.args).toEqual(["--executor_input", "{{$}}", "--function_to_execute", "evaluate"]);
    const second = runCli(["compile", "examples/artifacts.ts", "-o", "-", "--containerized", temp(), "--registry", "us-docker.pkg.dev/p/r"]);
    expect(second.stdout).toBe(first.stdout);
  });

  it("writes a build context for each of the penguin sample's four components", () => {
    const build = temp();
    const result = runCli(["compile", "examples/penguins/pipeline.ts", "-o", join(temp(), "p.yaml"), "--containerized", build, "--registry", "europe-docker.pkg.dev/p/r"]);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(build).sort()).toEqual(["data-generator", "evaluator", "trainer", "transform"]);
    for (const dir of readdirSync(build)) expect(readdirSync(join(build, dir)).sort()).toEqual(["Dockerfile", "component.mjs"]);
    expect(readFileSync(join(build, "data-generator/component.mjs"), "utf8")).toContain('"Beak Length (mm)"');
  });

  it("needs a registry or a target image in containerized mode", async () => {
    const error = await compile(join(repoRoot, "examples/producer-consumer.ts"), { containerized: { buildDir: temp() } }).catch((e) => e);
    expect(error).toBeInstanceOf(CompileError);
    expect(error.diagnostics).toEqual([expect.objectContaining({ code: "KFP3003", message: "component 'echo' has no target image" })]);
  });

  it("validates its options like esbuild does", async () => {
    const error = await compile("examples/hello-world.ts", { format: "xml" } as never).catch((e) => e);
    expect(error.diagnostics[0].message).toMatch(/^invalid compile\(\) option 'format': /);
    const unknown = await compile("examples/hello-world.ts", { colour: "red" } as never).catch((e) => e);
    expect(unknown.diagnostics[0].message).toMatch(/colour/);
  });
});

describe("component bundles", () => {
  it("hold the component, its imports and the runtime, never the compiler", async () => {
    const result = await compile(join(repoRoot, "examples/artifacts.ts"));
    expect(result.bundles.length).toBe(4);
    for (const bundle of result.bundles) {
      expect(bundle.inputs).toContain("examples/artifacts.ts");
      expect(bundle.inputs).toContain("node_modules/kfp-ts/dist/src/runtime/execute.js");
      for (const input of bundle.inputs) {
        expect(input).toMatch(/^(node_modules\/kfp-ts\/dist\/src\/(dsl|runtime|spec\/parameter-type)|examples\/)/);
        expect(input).not.toMatch(/transformer|ts-morph|typescript|esbuild|zod|yaml/);
      }
    }
  });

  it("are refused when a component imports the compiler", async () => {
    const error = await compile(join(repoRoot, "test/fixtures/bad/imports-compiler.ts")).catch((e) => e);
    expect(error).toBeInstanceOf(CompileError);
    expect(error.diagnostics).toEqual([expect.objectContaining({
      code: "KFP3001",
      message: expect.stringContaining("'kfp-ts/compiler' is part of the kfp-ts compiler and cannot run in a container"),
      location: expect.objectContaining({ file: join(repoRoot, "test/fixtures/bad/imports-compiler.ts"), line: 3 }),
    })]);
  });

  it("are byte-identical when rebuilt", async () => {
    const first = await compile(join(repoRoot, "examples/artifacts.ts"));
    const second = await compile(join(repoRoot, "examples/artifacts.ts"));
    expect(second.bundles.map((b) => b.code)).toEqual(first.bundles.map((b) => b.code));
    expect(existsSync(join(repoRoot, "examples/kfp-ts-entry.js"))).toBe(false);
  });
});
