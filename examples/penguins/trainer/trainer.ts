// trainer: a random forest classifier (ml-random-forest) fitted with a fixed seed.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { component, Dataset, Model } from "kfp-ts";
import { RandomForestClassifier } from "ml-random-forest";
import { readTable, split, TARGET, type Table } from "../lib/table.js";

/** What the trainer writes and the evaluator loads: the fitted forest and which columns it reads. */
export interface SavedModel {
  readonly format: "ml-random-forest";
  readonly label: string;
  readonly features: readonly string[];
  readonly forest: ReturnType<RandomForestClassifier["toJSON"]>;
}

/**
 * Fits a random forest on the table's features (every column but the label, in file order).
 * 100 trees by default, seed 42. ml-random-forest samples features per tree (scikit-learn does it per split),
 * here √4 = 2 distinct features per tree, with bootstrap samples of the rows.
 */
export function train(table: Table, label: string, trees = 100): RandomForestClassifier {
  const { features, labels } = split(table, label);
  const featureCount = features[0]?.length ?? 0;
  const forest = new RandomForestClassifier({
    seed: 42,
    nEstimators: trees,
    maxFeatures: Math.max(1, Math.round(Math.sqrt(featureCount))),
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
  });
  forest.train(features, labels);
  return forest;
}

export function saveModel(forest: RandomForestClassifier, table: Table, label: string): SavedModel {
  return { format: "ml-random-forest", label, features: split(table, label).featureNames, forest: forest.toJSON() };
}

/**
 * Trains the classifier on the transformed training rows.
 * @param transformedTrainData the training rows, renamed with the suffix
 * @param suffix the suffix of the column names
 * @returns the fitted model
 */
export const trainer = component(async (transformedTrainData: Dataset, suffix: string): Promise<Model> => {
  const label = TARGET + suffix;
  const table = await readTable(transformedTrainData.path, label);
  const model = new Model();
  await mkdir(dirname(model.path), { recursive: true });
  await writeFile(model.path, JSON.stringify(saveModel(train(table, label), table, label)));
  model.framework = "ml-random-forest";
  model.metadata.trees = 100;
  return model;
});
