// The steps of the sweep: train and score one forest size, pick the best, deploy it or say why not.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { Artifact, component, Dataset, type Int, Model, type PipelineTaskFinalStatus } from "kfp-ts";
import { evaluate, loadModel } from "../penguins/evaluator/evaluator.js";
import { readTable, TARGET } from "../penguins/lib/table.js";
import { saveModel, train, type SavedModel } from "../penguins/trainer/trainer.js";

/**
 * Trains a random forest of the given size and scores it on the evaluation rows.
 * @param transformedTrainData the training rows, renamed with the suffix
 * @param transformedEvalData the evaluation rows, renamed with the suffix
 * @param suffix the suffix of the column names
 * @param trees how many trees the forest grows
 */
export const trainAndScore = component(async (transformedTrainData: Dataset, transformedEvalData: Dataset, suffix: string, trees: Int): Promise<{
  /** the fitted model */
  model: Model;
  /** the accuracy on the evaluation rows */
  accuracy: number;
}> => {
  const label = TARGET + suffix;
  const table = await readTable(transformedTrainData.path, label);
  const forest = train(table, label, trees);
  const saved = saveModel(forest, table, label);
  const { accuracy } = evaluate(forest, saved, await readTable(transformedEvalData.path, label), label);
  const model = new Model();
  await mkdir(dirname(model.path), { recursive: true });
  await writeFile(model.path, JSON.stringify(saved));
  model.framework = "ml-random-forest";
  model.metadata.trees = trees;
  model.metadata.accuracy = accuracy;
  console.log(`${trees} trees: accuracy ${accuracy}`);
  return { model, accuracy };
});

/**
 * Picks the most accurate model (the smallest forest among equals).
 * @param models the models of the sweep
 * @param accuracies their accuracies, in the same order
 */
export const pickBest = component(async (models: Model[], accuracies: number[]): Promise<{
  /** the best model */
  model: Model;
  /** its accuracy */
  accuracy: number;
}> => {
  const ranked = models.map((model, i) => ({ model, accuracy: accuracies[i]!, trees: Number(model.metadata.trees) }))
    .sort((a, b) => b.accuracy - a.accuracy || a.trees - b.trees);
  const best = ranked[0]!;
  const model = new Model();
  await mkdir(dirname(model.path), { recursive: true });
  await writeFile(model.path, await readFile(best.model.path));
  Object.assign(model.metadata, best.model.metadata);
  console.log(`best: ${best.trees} trees, accuracy ${best.accuracy}`);
  return { model, accuracy: best.accuracy };
});

/**
 * Deploys the model: writes the endpoint record a serving system would read.
 * @param model the model to serve
 * @returns the endpoint
 */
export const deploy = component(async (model: Model): Promise<Artifact> => {
  const saved = JSON.parse(await readFile(model.path, "utf8")) as SavedModel;
  loadModel(saved);
  const endpoint = new Artifact();
  endpoint.metadata.model = model.uri;
  endpoint.metadata.trees = model.metadata.trees ?? null;
  await mkdir(dirname(endpoint.path), { recursive: true });
  await writeFile(endpoint.path, JSON.stringify({ model: model.uri, features: saved.features }));
  console.log(`deployed ${model.uri}`);
  return endpoint;
});

/**
 * Reports a model that was not deployed.
 * @param accuracy the model's accuracy
 * @param reason why it was not deployed
 */
export const report = component((accuracy: number, reason: string): string => {
  const text = `not deployed (accuracy ${accuracy}): ${reason}`;
  console.log(text);
  return text;
});

/**
 * Says how the sweep ended, whatever happened to it.
 * @param status the final status of the sweep
 */
export const notify = component((status: PipelineTaskFinalStatus): string => {
  const text = `sweep ${status.pipelineTaskName}: ${status.state}${status.error?.message ? ` (${status.error.message})` : ""}`;
  console.log(text);
  return text;
});
