// evaluator: accuracy, the confusion matrix, and the confusion matrix rendered as a page.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ClassificationMetrics, component, Dataset, HTML, Metrics, Model } from "kfp-ts";
import { RandomForestClassifier } from "ml-random-forest";
import { readTable, SPECIES, split, TARGET, type Table } from "../lib/table.js";
import type { SavedModel } from "../trainer/trainer.js";
import { renderConfusionMatrix } from "./render.js";

export interface Evaluation {
  /** The share of rows predicted right. */
  readonly accuracy: number;
  /** `counts[i][j]`: rows of class i predicted as class j. */
  readonly counts: number[][];
}

export function loadModel(saved: SavedModel): RandomForestClassifier {
  if (saved.format !== "ml-random-forest") throw new Error(`not a model this evaluator can load: format '${String(saved.format)}'`);
  return RandomForestClassifier.load(saved.forest);
}

/** Scores the model on a table whose columns are the model's, by name. */
export function evaluate(model: RandomForestClassifier, saved: SavedModel, table: Table, label: string, classes = SPECIES.length): Evaluation {
  const { features, labels, featureNames } = split(table, label);
  if (featureNames.join() !== saved.features.join()) {
    throw new Error(`the model reads columns ${saved.features.join(", ")}; the table has ${featureNames.join(", ")}`);
  }
  const predicted = model.predict(features);
  const counts = Array.from({ length: classes }, () => Array<number>(classes).fill(0));
  labels.forEach((actual, i) => (counts[actual]![predicted[i]!]! += 1));
  return { accuracy: labels.filter((actual, i) => actual === predicted[i]).length / labels.length, counts };
}

/**
 * Scores the trained model on the transformed evaluation rows.
 * @param trainedModel the fitted model
 * @param transformedEvalData the evaluation rows, renamed with the suffix
 * @param suffix the suffix of the column names
 */
export const evaluator = component(async (trainedModel: Model, transformedEvalData: Dataset, suffix: string): Promise<{
  /** the accuracy on the evaluation rows */
  metrics: Metrics;
  /** the confusion matrix, in counts */
  classification: ClassificationMetrics;
  /** the row-normalised confusion matrix, drawn */
  confusionMatrix: HTML;
}> => {
  const label = TARGET + suffix;
  const saved = JSON.parse(await readFile(trainedModel.path, "utf8")) as SavedModel;
  const { accuracy, counts } = evaluate(loadModel(saved), saved, await readTable(transformedEvalData.path, label), label);
  console.log(`accuracy: ${accuracy}`);

  const metrics = new Metrics();
  metrics.logMetric("accuracy", accuracy);
  await write(metrics.path, JSON.stringify({ metrics: [{ name: "accuracy", numberValue: accuracy, format: "RAW" }] }));
  const classification = new ClassificationMetrics();
  classification.logConfusionMatrix([...SPECIES], counts);
  const confusionMatrix = new HTML();
  await write(confusionMatrix.path, renderConfusionMatrix([...SPECIES], counts, accuracy));
  return { metrics, classification, confusionMatrix };
});

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
