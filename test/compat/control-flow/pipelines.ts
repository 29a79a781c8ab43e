// Every control-flow construct, twinned in test/compat/twins/control_flow.py.
import { type AcceleratorType, component, Dataset, finalStatus, importArtifact, type Int, type MemoryQuantity, Model, parallel, pipeline, type PipelineTaskFinalStatus, task } from "kfp-ts";

export const flip = component((): string => "heads");
export const count = component((): Int => 3);
export const score = component((): number => 0.5);
export const echo = component((text: string): string => text);
export const add = component((a: number, b: number): number => a + b);
export const total = component((values: number[]): number => values.reduce((x, y) => x + y, 0));
export const listNumbers = component((): Int[] => [1, 2, 3]);
export const makeModel = component((seed: Int): Model => new Model());
export const merge = component((models: Model[]): string => "");
export const useModel = component((model: Model): string => model.uri);
export const useData = component((data: Dataset, model: Model): string => data.uri);
export const fail = component((msg: string): void => {
  throw new Error(msg);
});
export const cleanup = component((status: PipelineTaskFinalStatus): string => status.state);
export const show = component((text = "none"): string => text);

export const conditions = pipeline({ name: "conditions" }, (text = "heads", n: Int = 3, flag = true) => {
  const c = count();
  if (c > 2) echo("big");
  if (text === "heads") {
    if (flag) echo(text);
  }
  const s = score();
  if (s < n) echo("low");
  if (text !== "tails") show(text);
});

export const inner = pipeline({ name: "inner" }, (text: string) => echo(text));

export const branches = pipeline({ name: "branches" }, () => {
  const f = flip();
  if (f === "heads") echo("H");
  else if (f === "tails") inner(f);
  else echo("?");
});

export const staticLoop = pipeline({ name: "static-loop" }, () => {
  for (const item of parallel([{ a: 1.5, b: 10.5 }, { a: 2.5, b: 20.5 }], { parallelism: 2 })) add(item.a, item.b);
});

export const loops = pipeline({ name: "loops" }, (values: number[] = [1.5, 2.5], words: string[] = ["x", "y"]) => {
  const sums = values.map((v) => {
    for (const w of words) echo(w);
    return add(v, 1.5);
  });
  return total(sums);
});

export const nestedControl = pipeline({ name: "nested-control" }, (threshold: Int = 2) => {
  const nums = listNumbers();
  for (const n of nums) {
    if (n > threshold) echo("big");
  }
  const c = count();
  if (c === 1) {
    for (const x of [1.5, 2.5]) add(x, 2.5);
  }
});

export const oneofs = pipeline({ name: "oneofs" }, () => {
  const f = flip();
  const said = f === "heads" ? echo("yes") : echo("no");
  let model: Model;
  if (f === "heads") {
    model = makeModel(1);
  } else {
    model = makeModel(2);
  }
  useModel(model);
  show(said);
  return said;
});

export const exits = pipeline({ name: "exits" }, (text = "boom") => {
  try {
    fail(text);
    echo(text);
  } finally {
    cleanup(finalStatus());
  }
  const f = fail("again");
  task(cleanup, { after: [f], ignoreUpstreamFailure: true })(finalStatus());
});

export const imports = pipeline({ name: "imports" }, (uri = "gs://bucket/data.csv") => {
  const data = importArtifact(Dataset, uri, { reimport: true, metadata: { source: "bucket" } });
  const model = importArtifact(Model, "gs://bucket/model");
  useData(data, model);
});

export const templates = pipeline({ name: "templates" }, (name = "n") => {
  const e = echo(name);
  echo(`${name}-v2`);
  echo(`${e}!`);
  for (const x of ["a", "b"]) echo(`item ${x} of ${name}`);
});

export const gather = pipeline({ name: "gather" }, () => {
  const models = [1, 2, 3].map((s) => makeModel(s));
  merge(models);
  return models;
});

export const runtimeSettings = pipeline(
  { name: "runtime-settings" },
  (cpu: `${number}m` = "500m", memory: MemoryQuantity = "4Gi", gpu: AcceleratorType = "NVIDIA_TESLA_T4", gpus: Int = 1, image = "python:3.12") => {
    task(echo, { cpuLimit: cpu, memoryRequest: memory, accelerator: { type: gpu, count: gpus }, image: image })("x");
  },
);
