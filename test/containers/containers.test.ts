// containerComponent(…): twins of the Python SDK's container components (every placeholder kind, ifPresent,
// concat, output parameters through paths) compile to the same spec, and run locally as host commands.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { runFile } from "../../src/local/index.js";
import { compile } from "../../transformer/compile.js";
import { analyzeText, kfpTool, repoRoot } from "../helpers.js";

const source = join(repoRoot, "test/containers/pipelines.ts");
const out = mkdtempSync(join(tmpdir(), "kfp-ts-containers-"));

describe("container components", () => {
  it("compile to the spec the Python SDK's @dsl.container_component twins compile to, containers included", async () => {
    const names = ["containers", "containersLocal", "sayHello", "helloSomeone", "makeData", "train"];
    const pairs = names.map((name) => ({ name, ts: join(out, `${name}.ts.yaml`), py: join(out, `${name}.py.yaml`) }));
    for (const pair of pairs) writeFileSync(pair.ts, (await compile(source, { pipeline: pair.name })).specs[0]!.text);
    const python = await kfpTool({ compile: pairs.map((p) => ({ module: join(repoRoot, "test/containers/twins.py"), export: p.name, out: p.py })), check: pairs.map((p) => p.ts) });
    for (const [i, pair] of pairs.entries()) {
      expect(python.compile[i], JSON.stringify(python.compile[i])).toMatchObject({ ok: true });
      expect(python.check[i], JSON.stringify(python.check[i])).toMatchObject({ ok: true });
      const [ts, py] = [pair.ts, pair.py].map((file) => {
        const spec = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        delete spec.sdkVersion;
        return spec;
      });
      expect(ts, pair.name).toEqual(py);
    }
    const train = parse(readFileSync(pairs[5]!.ts, "utf8")) as { deploymentSpec: { executors: Record<string, { container: { args: string[] } }> } };
    expect(train.deploymentSpec.executors["exec-train"]!.container.args.slice(-3)).toEqual([
      `{"IfPresent": {"InputName": "tag", "Then": ["--tag", "{{$.inputs.parameters['tag']}}"]}}`,
      `{"Concat": ["--label=", "run-", "{{$.inputs.parameters['epochs']}}"]}`,
      `{"IfPresent": {"InputName": "tag", "Then": {"Concat": ["tag=", "{{$.inputs.parameters['tag']}}"]}, "Else": "untagged"}}`,
    ]);
  });

  it("run locally: output parameters come from the files the commands write, ifPresent picks its branch", async () => {
    const result = await runFile(source, { who: "grace" }, { pipeline: "containersLocal", root: join(out, "runs"), cache: false });
    expect(result.outputs).toEqual({ Output: "Hello, grace!\n" });
    const log = (name: string) => readFileSync(result.tasks.find((t) => t.name === name)!.logPath!, "utf8");
    expect(log("hello-someone")).toContain("hello Hello, grace!");
    expect(log("hello-someone-2")).toContain("hello anonymous user");
    const data = result.tasks.find((t) => t.name === "make-data")!.outputArtifacts.data![0]!;
    expect(readFileSync(new URL(data.uri.startsWith("/") ? `file://${data.uri}` : data.uri), "utf8")).toBe("1\n2\n3\n");
  });

  it("reports what the compiler cannot read in a command line", () => {
    const source = `
      import { containerComponent, Dataset, pipeline } from "kfp-ts";
      export const bad = containerComponent((data: Dataset, n: number) => ({ image: "alpine", command: ["cat", data, String(n)] }));
    `;
    // tsc already refuses an artifact in a command line; without type checking, the compiler says why.
    expect(analyzeText(source).diagnostics.map((d) => d.code)).toEqual(["TS2345"]);
    const messages = analyzeText(source, undefined, { typeCheck: false }).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(messages).toContain("KFP1012 artifact input 'data' stands for no text: use its .path, .uri or .metadata");
  });
});
