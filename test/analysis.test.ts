import { describe, expect, it } from "vitest";
import type { ComponentIR, InputIR, OutputIR, PipelineIR } from "../transformer/ir.js";
import { analyzeText } from "./helpers.js";

const header = `import { artifactType, component, pipeline, task, Artifact, Dataset, Model, Metrics, ClassificationMetrics, HTML, Markdown, type Int } from "kfp-ts";\n`;

function analyze(body: string) {
  const result = analyzeText(header + body);
  const components = [...(result.program?.components.values() ?? [])];
  const pipelines = [...(result.program?.pipelines.values() ?? [])];
  return { ...result, components, pipelines };
}

function component(body: string, name = "c"): ComponentIR {
  const result = analyze(body);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const found = result.components.find((c) => c.functionName === name);
  if (!found) throw new Error(`no component ${name}`);
  return found;
}

function pipelineOf(body: string, name = "p"): PipelineIR {
  const result = analyze(body);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.pipelines.find((p) => p.exportName === name)!;
}

/** The codes of the errors, with the line (within `body`) and message of each. */
function errors(body: string) {
  return analyze(body).diagnostics.filter((d) => d.severity === "error").map((d) => ({
    code: d.code,
    line: d.location ? d.location.line - 1 : undefined,
    message: d.message,
  }));
}

const param = (parameterType: string) => ({ kind: "parameter", parameterType });
const artifact = (schemaTitle: string, list = false) => ({ kind: "artifact", artifact: { schemaTitle, schemaVersion: "0.0.1" }, list });

describe("component inputs", () => {
  it.each([
    ["string", param("STRING")],
    ["number", param("NUMBER_DOUBLE")],
    ["Int", param("NUMBER_INTEGER")],
    ["boolean", param("BOOLEAN")],
    ['"a" | "b"', param("STRING")],
    ["1 | 2", param("NUMBER_DOUBLE")],
    ["string[]", param("LIST")],
    ["readonly number[]", param("LIST")],
    ["[string, number]", param("LIST")],
    ["Record<string, number>", param("STRUCT")],
    ["{ a: string; b: { c: number[] } }", param("STRUCT")],
    ["Dataset", artifact("system.Dataset")],
    ["Model", artifact("system.Model")],
    ["Artifact", artifact("system.Artifact")],
    ["Metrics", artifact("system.Metrics")],
    ["ClassificationMetrics", artifact("system.ClassificationMetrics")],
    ["HTML", artifact("system.HTML")],
    ["Markdown", artifact("system.Markdown")],
    ["Dataset[]", artifact("system.Dataset", true)],
  ])("maps %s", (type, expected) => {
    const c = component(`export const c = component((x: ${type}) => {});`);
    expect(c.inputs).toEqual([{ name: "x", type: expected, optional: false }]);
  });

  it("reads optionality and literal defaults", () => {
    const c = component(`
      const N = 5;
      export const c = component((a: string, b?: number, c: Int = 3, d = "x", e = [1, { k: true }], f: string | undefined = undefined, g = -2.5, h = N, i?: Dataset) => {});`);
    const byName = Object.fromEntries(c.inputs.map((i) => [i.name, i]));
    expect(byName.a).toEqual({ name: "a", type: param("STRING"), optional: false });
    expect(byName.b).toEqual({ name: "b", type: param("NUMBER_DOUBLE"), optional: true });
    expect(byName.c).toEqual({ name: "c", type: param("NUMBER_INTEGER"), optional: true, defaultValue: 3 });
    expect(byName.d).toEqual({ name: "d", type: param("STRING"), optional: true, defaultValue: "x" });
    expect(byName.e?.defaultValue).toEqual([1, { k: true }]);
    expect(byName.f).toEqual({ name: "f", type: param("STRING"), optional: true });
    expect(byName.g?.defaultValue).toBe(-2.5);
    expect(byName.h?.defaultValue).toBe(5);
    expect(byName.i).toEqual({ name: "i", type: artifact("system.Dataset"), optional: true });
  });

  it("keeps a non-literal default at run time and warns", () => {
    const result = analyze(`export const c = component((when = Date.now()) => {});`);
    const c = result.components[0]!;
    expect(c.inputs[0]).toEqual({ name: "when", type: param("NUMBER_DOUBLE"), optional: true });
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: "KFP1005", severity: "warning" })]);
  });

  it("reads user-defined artifact classes with their schema title", () => {
    const c = component(`
      export class Embeddings extends artifactType("google.Embeddings", "1.2.3") {}
      class Legacy extends Artifact { static override readonly schemaTitle = "system.Legacy"; }
      export const c = component((e: Embeddings, l: Legacy) => {});`);
    expect(c.inputs.map((i) => i.type)).toEqual([
      { kind: "artifact", list: false, artifact: { schemaTitle: "google.Embeddings", schemaVersion: "1.2.3", userClass: { file: expect.stringMatching(/fixture-\d+\.ts$/), local: "Embeddings" } } },
      { kind: "artifact", list: false, artifact: { schemaTitle: "system.Legacy", schemaVersion: "0.0.1", userClass: { file: expect.stringMatching(/fixture-\d+\.ts$/), local: "Legacy" } } },
    ]);
  });

  it("reads JSDoc descriptions", () => {
    const c = component(`
      /**
       * Trains a model.
       *
       * Uses everything it is given.
       * @param data - the training data
       * @param epochs how long to train
       * @returns the trained model
       */
      export const c = component((data: Dataset, epochs: Int): Model => new Model());`);
    expect(c.description).toBe("Trains a model.\nUses everything it is given.");
    expect(c.inputs.map((i) => i.description)).toEqual(["the training data", "how long to train"]);
    expect(c.outputs).toEqual([{ name: "Output", type: artifact("system.Model"), description: "the trained model" }]);
  });
});

describe("component outputs", () => {
  const outputs = (signature: string): { returns: string; outputs: readonly OutputIR[] } => {
    const c = component(`export const c = component(${signature});`);
    return { returns: c.returns, outputs: c.outputs };
  };

  it("maps void and Promise<void> to no output", () => {
    expect(outputs("(): void => {}")).toEqual({ returns: "none", outputs: [] });
    expect(outputs("async (): Promise<void> => {}")).toEqual({ returns: "none", outputs: [] });
  });

  it("maps one value to the output Output, unwrapping a Promise", () => {
    expect(outputs("(): string => ''")).toEqual({ returns: "single", outputs: [{ name: "Output", type: param("STRING") }] });
    expect(outputs("async (): Promise<Model> => new Model()")).toEqual({ returns: "single", outputs: [{ name: "Output", type: artifact("system.Model") }] });
    expect(outputs("(): Record<string, number> => ({})")).toEqual({ returns: "single", outputs: [{ name: "Output", type: param("STRUCT") }] });
  });

  it("maps an object to one output per field, parameters and artifacts mixed", () => {
    expect(outputs("async (): Promise<{\n model: Model;\n accuracy: number;\n /** the run's notes */\n notes: string[] }> => null!")).toEqual({
      returns: "named",
      outputs: [
        { name: "model", type: artifact("system.Model") },
        { name: "accuracy", type: param("NUMBER_DOUBLE") },
        { name: "notes", type: param("LIST"), description: "the run's notes" },
      ],
    });
  });
});

describe("pipelines", () => {
  const base = `
    export const produce = component((text: string, times: Int = 1): string => text.repeat(times));
    export const pair = component((): { left: string; right: Dataset } => null!);
    export const consume = component((text: string, data?: Dataset): void => {});
    export const train = component(async (data: Dataset): Promise<Model> => new Model());
  `;

  it("turns calls into tasks wired by the data flow", () => {
    const p = pipelineOf(`${base}
      export const p = pipeline({ name: "flow" }, async (text = "hi", n: Int = 2) => {
        const a = produce(text, n);
        const { left, right: r } = pair();
        const both = pair();
        consume(a, r);
        consume(both.left, both.right);
        const model = await train(r);
        consume(left);
        return { model, text: a };
      });`);
    expect(p.name).toBe("flow");
    expect(p.inputs).toEqual([
      { name: "text", type: param("STRING"), optional: true, defaultValue: "hi" },
      { name: "n", type: param("NUMBER_INTEGER"), optional: true, defaultValue: 2 },
    ]);
    const args = p.tasks.map((t) => Object.fromEntries(t.arguments));
    expect(args).toEqual([
      { text: { kind: "pipelineInput", name: "text" }, times: { kind: "pipelineInput", name: "n" } },
      {},
      {},
      { text: { kind: "taskOutput", task: 0, output: "Output" }, data: { kind: "taskOutput", task: 1, output: "right" } },
      { text: { kind: "taskOutput", task: 2, output: "left" }, data: { kind: "taskOutput", task: 2, output: "right" } },
      { data: { kind: "taskOutput", task: 1, output: "right" } },
      { text: { kind: "taskOutput", task: 1, output: "left" } },
    ]);
    expect(p.returns).toBe("named");
    expect(p.outputs).toEqual([{ name: "model", type: artifact("system.Model") }, { name: "text", type: param("STRING") }]);
    expect(p.outputSources).toEqual([
      { name: "model", source: { kind: "taskOutput", task: 5, output: "Output" } },
      { name: "text", source: { kind: "taskOutput", task: 0, output: "Output" } },
    ]);
  });

  it("passes literals and const literals as constants", () => {
    const p = pipelineOf(`${base}
      const GREETING = "hello";
      const CONFIG = { times: 3 } as const;
      export const p = pipeline({}, () => { produce(GREETING, CONFIG.times); produce(\`x\`, undefined); });`);
    expect(p.name).toBe("p");
    expect(p.tasks.map((t) => Object.fromEntries(t.arguments))).toEqual([
      { text: { kind: "constant", value: "hello" }, times: { kind: "constant", value: 3 } },
      { text: { kind: "constant", value: "x" } },
    ]);
  });

  it("reads task settings", () => {
    const p = pipelineOf(`${base}
      export const p = pipeline({}, () => {
        const a = produce("x");
        task(consume, {
          after: [a], displayName: "use it", caching: false, cacheKey: "k",
          retry: { count: 2, backoffDuration: "1m", backoffFactor: 3, backoffMaxDuration: 600 },
          cpuRequest: "250m", cpuLimit: 1.5, memoryRequest: "1Gi", memoryLimit: "2G",
          accelerator: { type: "nvidia.com/gpu" }, env: { A: "1", B: "two" }, image: "node:20",
        })("y");
      });`);
    expect(p.tasks[1]!.after).toEqual([0]);
    expect(p.tasks[1]!.settings).toEqual({
      displayName: "use it", caching: false, cacheKey: "k",
      retry: { count: 2, backoffSeconds: 60, backoffFactor: 3, backoffMaxSeconds: 600 },
      cpuRequest: "250m", cpuLimit: "1.5", memoryRequest: "1Gi", memoryLimit: "2G",
      accelerator: { type: "nvidia.com/gpu", count: 1 }, env: [["A", "1"], ["B", "two"]], image: "node:20",
    });
  });

  it("calls nested pipelines as tasks and returns a single result as Output", () => {
    const result = analyze(`${base}
      export const inner = pipeline({ name: "inner" }, (text: string) => produce(text));
      export const p = pipeline({ name: "outer" }, () => { const t = inner("a"); return produce(t); });`);
    const p = result.pipelines.find((x) => x.name === "outer")!;
    expect(p.tasks.map((t) => t.callee.kind)).toEqual(["pipeline", "component"]);
    expect(p.returns).toBe("single");
    expect(p.outputs).toEqual([{ name: "Output", type: param("STRING") }]);
  });

  it("reads decorated static methods", () => {
    const result = analyze(`
      export class Steps {
        @component() static shout(text: string): string { return text.toUpperCase(); }
        @pipeline({ name: "steps" }) static run(text = "x") { return Steps.shout(text); }
      }`);
    expect(result.diagnostics).toEqual([]);
    expect(result.components[0]).toMatchObject({ name: "shout", functionName: "Steps.shout", binding: { local: "Steps", member: "shout" } });
    expect(result.pipelines[0]).toMatchObject({ name: "steps", exportName: "Steps.run", returns: "single" });
  });
});

describe("diagnostics", () => {
  it.each([
    ["a Date", "(d: Date) => {}", "KFP1001", /input 'd' holds a Date, which JSON cannot carry/],
    ["a function", "(f: () => void) => {}", "KFP1001", /input 'f' holds the function/],
    ["a union of types", "(u: string | number) => {}", "KFP1001", /union 'string \| number'/],
    ["a Map inside an object", "(m: { inner: Map<string, string> }) => {}", "KFP1001", /holds a Map/],
    ["any", "(x: any) => {}", "KFP1001", /has type 'any'/],
    ["a nested destructured parameter", "({ a: { b } }: { a: { b: string } }) => {}", "KFP1007", /field 'a' is destructured again/],
    ["a destructured parameter among others", "({ a }: { a: string }, b: string) => {}", "KFP1007", /destructuring has no KFP input name/],
    ["a Date output", "(): Date => new Date()", "KFP1003", /the return value holds a Date/],
    ["an artifact default", "(d: Dataset = new Dataset()) => {}", "KFP1005", /cannot have a default/],
  ])("reports %s", (_, signature, code, message) => {
    const found = errors(`export const c = component(${signature});`);
    expect(found).toEqual([expect.objectContaining({ code, line: 1, message: expect.stringMatching(message) })]);
  });

  it("reports a bad schema title", () => {
    expect(errors(`class Bad extends artifactType("mine.Bad") {}\nexport const c = component((b: Bad) => {});`)).toEqual([
      expect.objectContaining({ code: "KFP1001", line: 2, message: expect.stringMatching(/schema title 'mine.Bad'/) }),
    ]);
  });

  const components = `
    export const produce = component((text: string): string => text);
    export const count = component((): number => 1);
    export const makeData = component((): Dataset => new Dataset());
    export const useInt = component((n: Int): void => {});
    export const useModel = component((m: Model): void => {});
  `;
  const inPipeline = (body: string) => errors(`${components}\nexport const p = pipeline({}, (text = "t") => {\n${body}\n});`);

  it.each([
    ["computation on a result", `const a = produce(text);\nproduce(a + "!");`, "KFP2002", /computation on pipeline parameters or task results/],
    ["a method call on a result", `const a = produce(text);\nproduce(a.trim());`, "KFP2002", /calling 'trim' on a task output happens at run time/],
    ["a condition on a string", `if (text) produce(text);`, "KFP2011", /pipeline parameter \('text'\) cannot be a condition on its own/],
    ["a counting loop", `for (let i = 0; i < 3; i++) produce(text);`, "KFP2012", /'For' loops cannot be compiled/],
    ["an infinite loop", `while (true) produce(text);`, "KFP2012", /'While' loops cannot be compiled/],
    ["a loop over a string", `for (const c of text) produce(c);`, "KFP2012", /a loop goes over a list, not a pipeline parameter \('text'\) of type STRING/],
    ["a ternary between constants", `produce(count() > 1 ? "a" : "b");`, "KFP2015", /each branch must give the output of a task called in that branch/],
    ["a let assigned in one branch", `let v;\nif (count() > 1) { v = produce(text); }`, "KFP2015", /'v' gets a value from only some branches: this \`if\` has no final \`else\`/],
    ["a catch clause", `try { produce(text); } catch { produce(text); }`, "KFP2014", /\`catch\` cannot be compiled/],
    ["a try inside an if", `if (count() > 1) { try { produce(text); } finally { produce(text); } }`, "KFP2014", /only at the top level/],
    ["an exit task that depends on a task", `const a = produce(text);\ntry { produce(text); } finally { produce(a); }`, "KFP2014", /cannot depend on other tasks/],
    ["a condition on an artifact", `const d = makeData();\nif (d) produce(text);`, "KFP2011", /a task output cannot be a condition on its own/],
    ["Promise.race", `Promise.race([produce(text)]);`, "KFP2012", /'Promise.race' cannot be compiled here/],
    ["a call of a plain function as an argument", `produce(Math.random().toString());`, "KFP2004", /'Math.random\(\).toString' is not a component/],
    ["an unknown expression", `produce(["a", "b"].join(","));`, "KFP2004", /is not a component/],
    ["a call of a plain function", `console.log(text);`, "KFP2004", /'console.log' is not a component or a pipeline/],
    ["a double passed to an Int input", `useInt(count());`, "KFP2007", /is NUMBER_DOUBLE, but the input is NUMBER_INTEGER/],
    ["a wrong constant", `useInt(1.5 as any);`, "KFP2007", /expected an integer, got 1.5/],
    ["a Dataset passed to a Model input despite any", `useModel(makeData() as any);`, "KFP2007", /is a system.Dataset, but the input takes a system.Model/],
    ["a missing input despite any", `(produce as any)();`, "KFP2007", /'produce' needs its input 'text'/],
    ["an unknown task setting", `task(produce, { colour: "red" } as any)(text);`, "KFP2005", /unknown task setting 'colour'/],
    ["a bad memory quantity", `task(produce, { memoryLimit: "4 gigs" as any })(text);`, "KFP2005", /memoryLimit/],
    ["a bad accelerator count", `task(produce, { accelerator: { type: "NVIDIA_TESLA_T4", count: 1.5 } })(text);`, "KFP2005", /accelerator.count/],
    ["a non-literal setting", `task(produce, { displayName: text })(text);`, "KFP2005", /must be a literal/],
    ["returning a parameter", `return text;`, "KFP2008", /must be the output of a task/],
  ])("reports %s", (_, body, code, message) => {
    const found = inPipeline(body);
    expect(found).toEqual([expect.objectContaining({ code, message: expect.stringMatching(message) })]);
    expect(found[0]!.line).toBeGreaterThan(7);
  });

  it("lets a generic Artifact output feed typed artifact inputs, and any artifact feed an Artifact input, as KFP does", () => {
    const found = errors(`${components}
      export const makeGeneric = component((): Artifact => new Artifact());
      export const useData = component((d: Dataset): void => {});
      export const useAny = component((a: Artifact): void => {});
      export const p = pipeline({}, () => { const g = makeGeneric(); useModel(g); useData(g); useAny(makeData()); });`);
    expect(found).toEqual([]);
  });

  it("reads a component with one destructured object parameter as named inputs, and checks calls by name", () => {
    const named = `export const train = component(({ data, epochs = 10, rate }: {\n data: Dataset;\n epochs?: Int;\n /** step size */\n rate?: number;\n}): void => {});\n`;
    const c = component(named, "train");
    expect(c.namedArguments).toBe(true);
    expect(c.inputs).toEqual([
      { name: "data", type: artifact("system.Dataset"), optional: false },
      { name: "epochs", type: param("NUMBER_INTEGER"), optional: true, defaultValue: 10 },
      { name: "rate", type: param("NUMBER_DOUBLE"), optional: true, description: "step size" },
    ]);
    const p = pipelineOf(`${named}${components}\nexport const p = pipeline({}, () => { const data = makeData(); train({ data, epochs: 3 }); });`);
    expect([...p.tasks[1]!.arguments.keys()]).toEqual(["data", "epochs"]);
    const mistakes = errors(`${named}${components}\nexport const p = pipeline({}, () => { (train as any)({ epochs: 3, colour: "red" }); (train as any)(makeData()); });`);
    expect(mistakes.map((d) => d.message)).toEqual([
      "'train' has no input 'colour'",
      "'train' needs its input 'data'",
      "'train' takes its inputs by name, in an object literal",
    ]);
  });

  it.each([
    ["a misspelt name", `const model = produce(text);\nproduce(modle);`, "TS2552"],
    ["a memory quantity TypeScript refuses", `task(produce, { memoryLimit: "16GB" })(text);`, "TS2322"],
    ["an accelerator count TypeScript refuses", `task(produce, { accelerator: { type: "NVIDIA_TESLA_T4", count: "2" } })(text);`, "TS2322"],
  ])("reports %s once, as TypeScript's error", (_, body, code) => {
    expect(inPipeline(body).map((d) => d.code)).toEqual([code]);
  });

  it("hints how to declare an integer parameter when a number feeds an Int input (an integer default does not make one)", () => {
    const found = analyze(`${components}\nexport const p = pipeline({}, (rows = 400) => { useInt(rows); useInt(count()); });`).diagnostics.filter((d) => d.code === "KFP2007");
    expect(found.map((d) => d.hint)).toEqual([
      "declare the parameter an integer: `rows: Int = 400` (import { type Int } from \"kfp-ts\"); a number literal default alone makes a `number`, a double",
      "make the output an integer: type it `Int` in the component that returns it (import { type Int } from \"kfp-ts\")",
    ]);
  });

  it("says which option is computed, rather than that the options are unreadable", () => {
    expect(errors(`export const c = component(() => {});\nexport const p = pipeline({ name: "p", description: "a" + "b" }, () => { c(); });`)).toEqual([
      expect.objectContaining({ code: "KFP0005", line: 2, message: "pipeline option 'description' must be a literal: `\"a\" + \"b\"` is computed, and the compiler reads options without running your code" }),
    ]);
  });

  it("reports TypeScript's own errors, such as wiring mistakes", () => {
    const found = inPipeline(`const n = count();\nproduce(n);`);
    expect(found).toEqual([expect.objectContaining({ code: "TS2345", message: expect.stringMatching(/number.*not assignable.*string/) })]);
  });

  it("reports a pipeline that calls itself", () => {
    expect(errors(`export const p: any = pipeline({}, () => { p(); });`)).toContainEqual(expect.objectContaining({ code: "KFP2009" }));
  });

  it("sanitizes a pipeline name as the Python SDK does", () => {
    expect(pipelineOf(`export const c = component(() => {});\nexport const p = pipeline({ name: "mixed_parameters-Pipeline" }, () => { c(); });`).name).toBe("mixed-parameters-pipeline");
  });

  it.each([
    ["!!!", /pipeline name '!!!' has no letters or digits/, "change `name` in the pipeline options"],
    ["x".repeat(129), /is 129 characters long: KFP and Vertex AI allow at most 128/, "change `name` in the pipeline options"],
  ])("reports a pipeline name %s that has no valid form, saying why", (name, message, hint) => {
    expect(analyze(`export const c = component(() => {});\nexport const p = pipeline({ name: "${name}" }, () => { c(); });`).diagnostics).toEqual([
      expect.objectContaining({ code: "KFP1008", message: expect.stringMatching(message), hint }),
    ]);
  });
});

export type { InputIR };
