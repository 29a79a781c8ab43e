// Control flow is plain TypeScript: gathered loop results are arrays, a value from whichever branch ran
// has the branches' type, and wiring them wrongly is a type error.
import { expectAssignable, expectError, expectType } from "tsd";
import { component, Dataset, finalStatus, importArtifact, Model, parallel, pipeline, task, type Int, type PipelineTaskFinalStatus } from "kfp-ts";

const fit = component(async (data: Dataset, lr: number): Promise<{ model: Model; accuracy: number }> => ({ model: new Model(), accuracy: lr }));
const pickBest = component((models: Model[], accuracies: number[]): Model => models[accuracies.indexOf(Math.max(...accuracies))]!);
const count = component((): Int => 3);
const echo = component((text: string): string => text);
const total = component((values: number[]): number => values.length);
const countAll = component((values: Int[]): Int => values.length);
const deploy = component((model: Model): void => {});
const notify = component((status: PipelineTaskFinalStatus): string => status.state);

pipeline({ name: "ok" }, async (rates: number[] = [0.1, 0.2], threshold = 0.9) => {
  const data = importArtifact(Dataset, "gs://bucket/data.csv", { reimport: true });
  expectType<Dataset>(data);
  const runs = await Promise.all(rates.map((lr) => fit(data, lr)));
  expectType<{ model: Model; accuracy: number }[]>(runs);
  const models = runs.map((r) => r.model);
  expectType<Model[]>(models);
  const best = pickBest(models, runs.map((r) => r.accuracy));
  expectType<Model>(best);
  const verdict = rates.length > 0 && threshold > 0.5 ? echo("deploy") : echo("hold");
  expectType<string>(verdict);
  let chosen: Model;
  if (threshold > 0.5) chosen = best;
  else chosen = best;
  deploy(chosen);
  const counts = parallel([1, 2, 3], { parallelism: 2 }).map(() => count());
  expectType<Int[]>(counts);
  countAll(counts);
  total(counts);
  try {
    for (const lr of parallel(rates, { parallelism: 2 })) fit(data, lr);
  } finally {
    notify(finalStatus());
  }
  task(notify, { after: [best], ignoreUpstreamFailure: true })(finalStatus());
});

// A gathered list passed where one value goes.
pipeline({ name: "list-to-one" }, async (rates: number[] = [0.1]) => {
  const runs = await Promise.all(rates.map((lr) => fit(new Dataset(), lr)));
  expectError(deploy(runs.map((r) => r.model)));
});

// A gathered list of models passed as numbers.
pipeline({ name: "models-as-numbers" }, async (rates: number[] = [0.1]) => {
  const runs = await Promise.all(rates.map((lr) => fit(new Dataset(), lr)));
  expectError(total(runs.map((r) => r.model)));
});

// A branch value of the wrong type.
pipeline({ name: "branch-type" }, (flag = true) => {
  const value = flag ? count() : count();
  expectError(echo(value));
});

// The importer is typed by its class; parallelism is required by parallel().
pipeline({ name: "importer-type" }, () => {
  expectError(deploy(importArtifact(Dataset, "gs://bucket/data.csv")));
  expectError(parallel([1, 2], {}));
  expectError(importArtifact(Dataset, "gs://x", { reimport: "yes" }));
});

// A final status is not a string.
expectAssignable<PipelineTaskFinalStatus>(finalStatus());
expectError(echo(finalStatus()));
