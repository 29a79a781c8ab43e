// Wiring mistakes are ordinary TypeScript errors: these must fail to type-check, and correct wiring must pass.
import { expectAssignable, expectError, expectNotAssignable, expectType } from "tsd";
import { component, Dataset, Metrics, Model, pipeline, task, type Int, type TaskSettings } from "kfp-ts";

const makeText = component((): string => "text");
const makeCount = component((): number => 1);
const makeData = component(async (): Promise<Dataset> => new Dataset());
const train = component(async (data: Dataset, epochs: Int = 3): Promise<{ model: Model; metrics: Metrics }> => ({ model: new Model(), metrics: new Metrics() }));
const evaluate = component((model: Model, threshold: number): number => threshold);

// Correct wiring passes, and results keep their types.
pipeline({ name: "ok" }, async (text = "hi", epochs: Int = 2) => {
  expectType<string>(text);
  const data = await makeData();
  expectType<Dataset>(data);
  const { model, metrics } = await train(data, epochs);
  expectType<Model>(model);
  expectType<Metrics>(metrics);
  expectType<number>(evaluate(model, makeCount()));
  task(evaluate, { after: [metrics], retry: { count: 2 }, cpuLimit: "500m", memoryLimit: "4Gi", accelerator: { type: "NVIDIA_TESLA_T4", count: 1 } })(model, 0.5);
});

// A string result passed to a number input.
pipeline({ name: "string-to-number" }, async () => {
  const model = (await train(await makeData())).model;
  expectError(evaluate(model, makeText()));
});

// A Dataset passed to a Model input.
pipeline({ name: "dataset-to-model" }, async () => {
  const data = await makeData();
  expectError(evaluate(data, 0.5));
});

// A missing required input.
pipeline({ name: "missing-input" }, () => {
  expectError(evaluate());
});

// A Promise passed without await.
pipeline({ name: "unawaited" }, () => {
  expectError(train(makeData()));
});

// An unknown task setting.
expectError(task(evaluate, { colour: "red" }));
expectNotAssignable<TaskSettings>({ gpu: 1 });

// Malformed accelerators: unknown type, count as text, no type.
expectError(task(evaluate, { accelerator: { type: "K80", count: 1 } }));
expectError(task(evaluate, { accelerator: { type: "NVIDIA_TESLA_K80", count: "1" } }));
expectError(task(evaluate, { accelerator: { count: 1 } }));
expectAssignable<TaskSettings>({ accelerator: { type: "nvidia.com/gpu", count: 2 } });

// Malformed resources and retries.
expectError(task(evaluate, { memoryLimit: "4 gigabytes" }));
expectError(task(evaluate, { cpuLimit: "two" }));
expectError(task(evaluate, { retry: { backoffDuration: "30s" } }));

// Int takes number literals, not strings.
expectAssignable<Int>(3);
expectNotAssignable<Int>("3");

// Decorators apply to static methods only.
export class Steps {
  @component()
  static shout(text: string): string {
    return text.toUpperCase();
  }

  @pipeline({ name: "steps" })
  static run(text = "x") {
    expectType<string>(Steps.shout(text));
    expectError(Steps.shout(3));
  }
}

export class NotStatic {
  // @ts-expect-error: @component() decorates static methods only
  @component()
  shout(text: string): string {
    return text;
  }
}
