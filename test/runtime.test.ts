// The container runtime inside real bundles, run as real subprocesses with the command the spec
// carries, against the executor input a KFP backend would build.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { localPathForUri, uriForLocalPath } from "../src/dsl/uri.js";
import type { ExecutorInput } from "../src/spec/executor.js";
import type { ContainerSpec } from "../src/spec/pipeline-spec.js";
import { compile } from "../transformer/compile.js";
import { repoRoot } from "./helpers.js";

const containers = new Map<string, ContainerSpec>();

beforeAll(async () => {
  const result = await compile(join(repoRoot, "test/fixtures/runtime-components.ts"));
  for (const spec of result.specs) {
    const executor = Object.values(spec.spec.deploymentSpec!.executors!)[0]!;
    containers.set(spec.exportName, executor.container!);
  }
});

/** Runs a component's container command on this machine with `{{$}}` replaced, as a KFP launcher does. */
function runComponent(name: string, input: ExecutorInput) {
  const container = containers.get(name)!;
  const args = container.args!.map((arg) => arg.replace("{{$}}", JSON.stringify(input)));
  const [program, ...rest] = [...container.command!, ...args];
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? ""]));
  return spawnSync(program!, rest, { encoding: "utf8", env: { ...process.env, ...env } });
}

function taskRoot(): string {
  return mkdtempSync(join(tmpdir(), "kfp-ts-task-"));
}

describe("container runtime", () => {
  it("casts parameters by their declared type and applies JavaScript defaults", () => {
    const root = taskRoot();
    const result = runComponent("describeParameters", {
      inputs: { parameterValues: { text: "hi", count: 3.0, ratio: "0.5", flag: "true", items: '["a","b"]', config: { k: 1 }, maybe: null } },
      outputs: { parameters: { Output: { outputFile: join(root, "Output") } }, outputFile: join(root, "executor_output.json") },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const described = JSON.parse(readFileSync(join(root, "Output"), "utf8"));
    expect(described).toEqual({
      text: ["string", "hi"], count: ["number", 3], ratio: ["number", 0.5], flag: ["boolean", true],
      items: ["a", "b"], config: { k: 1 }, optional: "fallback", maybe: null, integer: true,
    });
    expect(JSON.parse(readFileSync(join(root, "executor_output.json"), "utf8"))).toEqual({ parameterValues: { Output: JSON.stringify(described) } });
  });

  it("rejects a value that does not fit its type, naming the input", () => {
    const root = taskRoot();
    const result = runComponent("describeParameters", {
      inputs: { parameterValues: { text: "hi", count: 2.5, ratio: 1, flag: true, items: [], config: {} } },
      outputs: { parameters: { Output: { outputFile: join(root, "Output") } }, outputFile: join(root, "executor_output.json") },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("kfp-ts: component 'describe-parameters' failed: input 'count': expected an integer, got 2.5");
    expect(existsSync(join(root, "executor_output.json"))).toBe(false);
  });

  it("gives artifacts paths, moves new artifacts to their output locations, and reports metadata", () => {
    const root = taskRoot();
    mkdirSync(join(root, "in"));
    writeFileSync(join(root, "in/data.csv"), "a\nb\nc\n");
    writeFileSync(join(root, "in/notes.txt"), "careful");
    const out = (name: string) => ({ artifacts: [{ name, type: { schemaTitle: "system.Artifact" }, uri: join(root, "train", name) }] });
    const result = runComponent("train", {
      inputs: {
        parameterValues: {},
        artifacts: {
          data: { artifacts: [{ name: "7", type: { schemaTitle: "system.Dataset" }, uri: join(root, "in/data.csv"), metadata: { display_name: "data" } }] },
          notes: { artifacts: [{ name: "8", type: { schemaTitle: "system.Notes" }, uri: join(root, "in/notes.txt") }] },
        },
      },
      outputs: {
        parameters: { rows: { outputFile: join(root, "train/rows") }, summary: { outputFile: join(root, "train/summary") } },
        artifacts: { model: out("model"), metrics: out("metrics"), confusion: out("confusion") },
        outputFile: join(root, "train/executor_output.json"),
      },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(join(root, "train/model"), "utf8")).toBe("trained 2 epochs on 3 rows; notes: careful (Notes)");
    expect(readFileSync(join(root, "train/rows"), "utf8")).toBe("3");
    expect(JSON.parse(readFileSync(join(root, "train/summary"), "utf8"))).toEqual({ input: join(root, "in/data.csv") });
    expect(existsSync(join(root, "train/.kfp-ts-scratch"))).toBe(false);
    const output = JSON.parse(readFileSync(join(root, "train/executor_output.json"), "utf8"));
    expect(output.parameterValues).toEqual({ rows: 3, summary: { input: join(root, "in/data.csv") } });
    expect(output.artifacts.model.artifacts).toEqual([{ name: "model", uri: join(root, "train/model"), metadata: { framework: "test" } }]);
    expect(output.artifacts.metrics.artifacts[0].metadata).toEqual({ accuracy: 0.75 });
    expect(output.artifacts.confusion.artifacts[0].metadata).toEqual({
      confusionMatrix: { annotationSpecs: [{ displayName: "a" }, { displayName: "b" }], rows: [{ row: [3, 1] }, { row: [0, 4] }] },
      confidenceMetrics: [
        { confidenceThreshold: 1, recall: 0, falsePositiveRate: 0 },
        { confidenceThreshold: 0.5, recall: 0.8, falsePositiveRate: 0.5 },
        { confidenceThreshold: 0, recall: 1, falsePositiveRate: 1 },
      ],
    });
  });

  it("reports an input artifact returned as an output under its own URI", () => {
    const root = taskRoot();
    const result = runComponent("passThrough", {
      inputs: { artifacts: { data: { artifacts: [{ name: "1", uri: "gs://bucket/data.csv", metadata: { rows: 3 } }] } } },
      outputs: { artifacts: { Output: { artifacts: [{ name: "Output", uri: "gs://bucket/run/pass-through/Output" }] } }, outputFile: join(root, "out.json") },
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "out.json"), "utf8")).artifacts.Output.artifacts).toEqual([{ name: "Output", uri: "gs://bucket/data.csv", metadata: { rows: 3 } }]);
  });

  it("exits non-zero with the error and its stack when the component throws", () => {
    const root = taskRoot();
    const result = runComponent("explode", {
      inputs: { parameterValues: { message: "boom" } },
      outputs: { parameters: { Output: { outputFile: join(root, "Output") } }, outputFile: join(root, "executor_output.json") },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/kfp-ts: component 'explode' threw:\nError: exploded: boom\n\s+at /);
    expect(existsSync(join(root, "executor_output.json"))).toBe(false);
  });

  it("points a stack trace at the component's TypeScript line, through the source map in the spec", () => {
    const line = readFileSync(join(repoRoot, "test/fixtures/runtime-components.ts"), "utf8").split("\n").findIndex((l) => l.includes("throw new Error(`exploded")) + 1;
    const result = runComponent("explode", { inputs: { parameterValues: { message: "boom" } }, outputs: { outputFile: join(taskRoot(), "o.json") } });
    // Rooted at `/`, the project root inside a container.
    expect(result.stderr).toMatch(new RegExp(`\\(/test/fixtures/runtime-components\\.ts:${line}:\\d+\\)`));
  });

  it("carries no Argo `{{` in its command or environment", () => {
    const container = containers.get("explode")!;
    expect(JSON.stringify(container.command)).not.toContain("{{");
    // Component YAML holds its source map in the command, not in `env`, which kfp 2.17 cannot load back.
    expect(container.env).toBeUndefined();
    expect(container.command![4]).toMatch(/^sourcemap:[A-Za-z0-9+/=]+$/);
  });

  it("rejects a return value of the wrong type, naming the output", () => {
    const root = taskRoot();
    const result = runComponent("lies", { outputs: { parameters: { Output: { outputFile: join(root, "Output") } }, outputFile: join(root, "o.json") } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`output 'Output': expected a number, got the string "not a number"`);
  });

  it("explains a missing --executor_input", () => {
    const container = containers.get("lies")!;
    const [program, ...rest] = container.command!;
    const result = spawnSync(program!, rest, { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("missing --executor_input");
  });
});

describe("remote URIs and local paths", () => {
  it.each([
    ["gs://bucket/a/b", "/gcs/bucket/a/b"],
    ["s3://bucket/a", "/s3/bucket/a"],
    ["minio://mlpipeline/v2/x", "/minio/mlpipeline/v2/x"],
    ["oci://registry/repo:tag", "/oci/registry_repo:tag"],
    ["/local/path", "/local/path"],
  ])("maps %s to %s and back", (uri, path) => {
    expect(localPathForUri(uri)).toBe(path);
    expect(uriForLocalPath(path)).toBe(uri);
  });
});
