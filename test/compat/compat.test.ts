// The same pipelines written with kfp-ts and with the reference Python SDK must compile to the same
// PipelineSpec, except for what runs inside the containers (command, args, image, the bundle's source map) and sdkVersion.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { sourceMapVariable } from "../../src/spec/embedded-command.js";
import { compile } from "../../transformer/compile.js";
import { exampleEntries, kfpTool, repoRoot, type KfpToolResponse } from "../helpers.js";

/** Each example, its Python twin, and the exports both define. */
const cases = [
  { example: "hello-world.ts", twin: "hello-world.py", exports: ["helloWorldPipeline"] },
  { example: "producer-consumer.ts", twin: "producer-consumer.py", exports: ["producerConsumer"] },
  { example: "use-after.ts", twin: "use-after.py", exports: ["useAfter"] },
  { example: "with-gpu.ts", twin: "with-gpu.py", exports: ["withGpu"] },
  { example: "decorators.ts", twin: "decorators.py", exports: ["Greetings.greetings", "Greetings.greet", "Greetings.shout"] },
  { example: "artifacts.ts", twin: "artifacts.py", exports: ["artifactsPipeline", "makePoints", "splitPoints", "fitThreshold", "evaluate"] },
  { example: "nested.ts", twin: "nested.py", exports: ["prepare", "nested"] },
  { example: "task-settings.ts", twin: "task-settings.py", exports: ["taskSettings"] },
  { example: "parameters.ts", twin: "parameters.py", exports: ["parameters", "describeRun", "render", "combine"] },
  { example: "named-arguments.ts", twin: "named_arguments.py", exports: ["namedArguments", "makeData", "train"] },
  { example: "penguins/pipeline.ts", twin: "penguins.py", exports: ["penguinsPipeline"] },
  { example: "penguins/data-generator/data-generator.ts", twin: "penguins.py", exports: ["dataGenerator"] },
  { example: "penguins/transform/transform.ts", twin: "penguins.py", exports: ["transform"] },
  { example: "penguins/trainer/trainer.ts", twin: "penguins.py", exports: ["trainer"] },
  { example: "penguins/evaluator/evaluator.ts", twin: "penguins.py", exports: ["evaluator"] },
  { example: "penguin-sweep/pipeline.ts", twin: "penguin_sweep.py", exports: ["penguinSweep"] },
  { example: "interop/pipeline.ts", twin: "interop.py", exports: ["interop", "writeText", "banner", "verdict"] },
];

/** Control flow: every construct, in fixtures that are not examples. */
const controlFlow = [
  {
    example: "../test/compat/control-flow/pipelines.ts",
    twin: "control_flow.py",
    exports: ["conditions", "branches", "staticLoop", "loops", "nestedControl", "oneofs", "exits", "imports", "templates", "gather", "runtimeSettings"],
  },
];

/** Kubernetes settings (kfp-kubernetes): every setting, in fixtures that are not examples. */
const kubernetes = [
  {
    example: "../test/compat/kubernetes/pipelines.ts",
    twin: "k8s_settings.py",
    exports: ["secrets", "pvcs", "fixedPvc", "scheduling", "volumes", "dynamicNames"],
  },
];

/**
 * The spec without what legitimately differs between the SDKs: container internals and the SDK version;
 * then the platform document, when there is one.
 */
export function comparable(text: string): unknown[] {
  const [first, ...rest] = parseAllDocuments(text).map((d) => d.toJS() as unknown);
  const spec = first as { sdkVersion?: string; deploymentSpec?: { executors?: Record<string, { container?: Record<string, unknown> }> } };
  delete spec.sdkVersion;
  for (const executor of Object.values(spec.deploymentSpec?.executors ?? {})) {
    delete executor.container?.command;
    delete executor.container?.args;
    delete executor.container?.image;
    // kfp-ts's bundles carry their source map in the environment (see src/spec/embedded-command.ts).
    const env = (executor.container?.env as { name: string }[] | undefined)?.filter((e) => e.name !== sourceMapVariable);
    if (env?.length === 0) delete executor.container?.env;
    else if (env) executor.container!.env = env;
  }
  return [spec, ...rest];
}

const out = mkdtempSync(join(tmpdir(), "kfp-ts-compat-"));
const pairs = [...cases, ...controlFlow, ...kubernetes].flatMap(({ example, twin, exports }) =>
  exports.map((name) => {
    const file = `${example.replaceAll("/", "_").replaceAll(".", "")}-${name}`;
    return { example, twin, name, ts: join(out, `${file}.ts.yaml`), py: join(out, `${file}.py.yaml`) };
  }),
);
let python: KfpToolResponse;

beforeAll(async () => {
  for (const pair of pairs) {
    const result = await compile(join(repoRoot, "examples", pair.example), { pipeline: pair.name });
    writeFileSync(pair.ts, result.specs[0]!.text);
  }
  python = await kfpTool({
    compile: pairs.map((p) => ({ module: join(repoRoot, "test/compat/twins", p.twin), export: p.name, out: p.py })),
    check: pairs.map((p) => p.ts),
  });
}, 600_000);

describe("kfp-ts and the Python SDK compile the same pipelines to the same spec", () => {
  it("covers every example and every pipeline it exports", async () => {
    const examples = exampleEntries();
    expect(cases.map((c) => c.example).filter((e) => !e.startsWith("penguins/") || e === "penguins/pipeline.ts").sort()).toEqual(examples);
    for (const { example, exports } of cases.filter((c) => examples.includes(c.example))) {
      const result = await compile(join(repoRoot, "examples", example), { typeCheck: false });
      for (const spec of result.specs) expect(exports).toContain(spec.exportName);
    }
  });

  it.each(pairs.map((p) => [`${p.example} ${p.name}`, p] as const))("%s", (_, pair) => {
    const index = pairs.indexOf(pair);
    const compiled = python.compile[index]!;
    if (!compiled.ok) throw new Error(`the Python twin failed to compile:\n${compiled.trace}`);
    expect(comparable(readFileSync(pair.ts, "utf8"))).toEqual(comparable(readFileSync(pair.py, "utf8")));
  });

  it.each(pairs.map((p) => [`${p.example} ${p.name}`, p] as const))("%s parses strictly with kfp-pipeline-spec and loads with kfp", (_, pair) => {
    const checked = python.check[pairs.indexOf(pair)]!;
    if (!checked.ok) throw new Error(`kfp rejected ${pair.ts}:\n${checked.error}`);
    expect(checked.tasks).toBeGreaterThan(0);
  });
});

describe("named arguments", () => {
  it("a component with one destructured object parameter compiles to the same spec as its positional form", async () => {
    for (const name of ["namedArguments", "makeData", "train"]) {
      const [named, positional] = await Promise.all([
        compile(join(repoRoot, "examples/named-arguments.ts"), { pipeline: name, typeCheck: false }),
        compile(join(repoRoot, "test/fixtures/named-arguments-positional.ts"), { pipeline: name, typeCheck: false }),
      ]);
      expect(comparable(named.specs[0]!.text)).toEqual(comparable(positional.specs[0]!.text));
    }
  });
});
