// Control flow in pipeline bodies: what compiles to which groups, and what is refused, where and why.
// (Structural equality with the Python SDK for every construct is in test/compat.)
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../transformer/compile.js";
import { analyzeText, repoRoot } from "./helpers.js";

const header = `import { component, pipeline, task, parallel, finalStatus, importArtifact, Dataset, Model, type Int, type PipelineTaskFinalStatus } from "kfp-ts";
export const produce = component((text: string): string => text);
export const count = component((): Int => 1);
export const numbers = component((): number[] => [1]);
export const makeModel = component((): Model => new Model());
export const useModels = component((models: Model[]): void => {});
export const notify = component((status: PipelineTaskFinalStatus): void => {});
`;

function errors(body: string, params = `text = "t", items: string[] = ["a"]`) {
  const result = analyzeText(`${header}export const p = pipeline({}, (${params}) => {\n${body}\n});`);
  return result.diagnostics.filter((d) => d.severity === "error").map((d) => ({ code: d.code, line: d.location!.line - 8, message: d.message }));
}

describe("conditions compile to CEL", () => {
  it("renders &&, ||, !, parentheses, promotions and escapes", async () => {
    const { specs } = await compile(join(repoRoot, "test/fixtures/conditions.ts"));
    const conditions = Object.values(specs[0]!.spec.root.dag.tasks).map((t) => t.triggerPolicy?.condition).filter(Boolean);
    const s = "inputs.parameter_values['pipelinechannel--score-Output']";
    const c = "int(inputs.parameter_values['pipelinechannel--count-Output'])";
    const flag = "inputs.parameter_values['pipelinechannel--flag']";
    expect(conditions).toEqual([
      `${s} > 0.5 && ${c} < 10`,
      `${s} > 0.5 || ${c} < 10 && !(${flag} == true)`,
      `!(inputs.parameter_values['pipelinechannel--text'] == 'it\\'s')`,
      `${s} < double(int(inputs.parameter_values['pipelinechannel--n']))`,
      `double(${c}) == 1.5`,
      `!(${flag} == true)`,
    ]);
  });
});

describe("control-flow diagnostics", () => {
  it.each([
    ["a return inside an if", `if (count() > 1) { return produce(text); }`, "KFP2008", /returns its outputs at the end of its body/],
    ["a let assigned in a loop", `let w: string;\nif (count() > 1) { for (const i of items) { w = produce(i); } } else { w = produce(text); }`, "KFP2002", /assignments are not supported/],
    ["a OneOf of a nested OneOf", `let v: string;\nif (count() > 1) { v = count() > 2 ? produce(text) : produce(text); } else { v = produce(text); }`, "KFP2015", /each branch must give the output of a task called in that branch/],
    ["a loop over a gathered list", `const xs = items.map((i) => produce(i));\nfor (const x of xs) produce(x);`, "KFP2012", /KFP cannot loop over a list gathered from a loop/],
    ["an index in map", `items.map((i, n) => produce(i));`, "KFP2012", /takes one function of the item/],
    ["an empty literal loop", `for (const x of []) produce(text);`, "KFP2012", /a loop needs at least one item/],
    ["two calls in finally", `try { produce(text); } finally { produce(text); produce(text); }`, "KFP2014", /exactly one component or pipeline call/],
    ["finalStatus in a plain task", `notify(finalStatus());`, "KFP2014", /known only to the task in a \`finally\` block/],
    ["a parallelism that is not a literal", `for (const x of parallel(items, { parallelism: count() as unknown as number })) produce(x);`, "KFP2012", /whole number N of 1 or more/],
    ["a OneOf mixing parameters and artifacts", `const v = count() > 1 ? produce(text) : makeModel();`, "KFP2015", /different kinds/],
    ["a list gathered from something outside the loop", `items.map((i) => text);`, "KFP2012", /gathers task outputs made inside it/],
    ["an importer URI that is not a string", `importArtifact(Dataset, 42 as any);`, "KFP2010", /the URI of an imported artifact must be a string/],
  ])("reports %s", (_, body, code, message) => {
    expect(errors(body)).toContainEqual(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it("accepts gathered lists passed on, and their projections", () => {
    expect(errors(`const ms = items.map(() => makeModel());\nuseModels(ms);`)).toEqual([]);
    expect(errors(`for (const { a } of [{ a: "x" }, { a: "y" }]) produce(a);`)).toEqual([]);
  });
});
