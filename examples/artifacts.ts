// Artifacts in and out of components: datasets, a model, metrics, a confusion matrix and a report.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { artifactType, ClassificationMetrics, component, Dataset, Markdown, Metrics, pipeline, type Int } from "kfp-ts";

/** A labelled point: two features and a class. */
interface Point {
  x: number;
  y: number;
  label: 0 | 1;
}

/** A model that classifies by one threshold on one feature. */
export class ThresholdModel extends artifactType("system.ThresholdModel") {}

async function writeCsv(path: string, points: readonly Point[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, ["x,y,label", ...points.map((p) => `${p.x},${p.y},${p.label}`)].join("\n") + "\n");
}

async function readCsv(path: string): Promise<Point[]> {
  const [, ...rows] = (await readFile(path, "utf8")).trim().split("\n");
  return rows.map((row) => {
    const [x, y, label] = row.split(",").map(Number);
    return { x: x!, y: y!, label: label === 1 ? 1 : 0 };
  });
}

/**
 * Generates points of two classes on either side of the line x + y = 1.
 * @param count how many points
 * @param seed the seed of the random generator
 */
export const makePoints = component(async (count: Int = 200, seed: Int = 7): Promise<Dataset> => {
  let state = seed >>> 0 || 1;
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const points = Array.from({ length: count }, (): Point => {
    const x = random();
    const y = random();
    const noise = (random() - 0.5) * 0.2;
    return { x: round(x), y: round(y), label: x + y + noise > 1 ? 1 : 0 };
  });
  const dataset = new Dataset();
  await writeCsv(dataset.path, points);
  dataset.metadata.rows = count;
  return dataset;
});

/**
 * Splits points into a training and a test set.
 * @param points the points to split
 * @param testFraction the share of points that go to the test set
 */
export const splitPoints = component(async (points: Dataset, testFraction = 0.25): Promise<{ train: Dataset; test: Dataset }> => {
  const all = await readCsv(points.path);
  const cut = Math.round(all.length * (1 - testFraction));
  const train = new Dataset();
  const test = new Dataset();
  await writeCsv(train.path, all.slice(0, cut));
  await writeCsv(test.path, all.slice(cut));
  return { train, test };
});

/**
 * Fits a threshold on the sum of the features.
 * @param train the training points
 */
export const fitThreshold = component(async (train: Dataset): Promise<{
  /** the fitted threshold */
  model: ThresholdModel;
  /** accuracy on the training points */
  trainAccuracy: number;
}> => {
  const points = await readCsv(train.path);
  let best = { threshold: 0, accuracy: -1 };
  for (let t = 0; t <= 2; t += 0.01) {
    const accuracy = points.filter((p) => (p.x + p.y > t ? 1 : 0) === p.label).length / points.length;
    if (accuracy > best.accuracy) best = { threshold: round(t), accuracy };
  }
  const model = new ThresholdModel();
  await mkdir(dirname(model.path), { recursive: true });
  await writeFile(model.path, JSON.stringify({ threshold: best.threshold }));
  model.metadata.framework = "threshold";
  return { model, trainAccuracy: best.accuracy };
});

/**
 * Scores the model on the test points.
 * @param model the fitted model
 * @param test the test points
 */
export const evaluate = component(async (model: ThresholdModel, test: Dataset): Promise<{
  metrics: Metrics;
  confusion: ClassificationMetrics;
  report: Markdown;
}> => {
  const { threshold } = JSON.parse(await readFile(model.path, "utf8")) as { threshold: number };
  const points = await readCsv(test.path);
  const matrix = [[0, 0], [0, 0]];
  for (const p of points) matrix[p.label]![p.x + p.y > threshold ? 1 : 0]! += 1;
  const accuracy = (matrix[0]![0]! + matrix[1]![1]!) / points.length;
  const metrics = new Metrics();
  metrics.logMetric("accuracy", accuracy);
  metrics.logMetric("testPoints", points.length);
  const confusion = new ClassificationMetrics();
  confusion.logConfusionMatrix(["below", "above"], matrix);
  const report = new Markdown();
  await mkdir(dirname(report.path), { recursive: true });
  await writeFile(report.path, `# Evaluation\n\nThreshold ${threshold}: accuracy ${accuracy.toFixed(3)} on ${points.length} points.\n`);
  return { metrics, confusion, report };
});

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** Generates points, fits a threshold and evaluates it. */
export const artifactsPipeline = pipeline({ name: "artifacts" }, async (count: Int = 200, seed: Int = 7) => {
  const points = await makePoints(count, seed);
  const { train, test } = await splitPoints(points);
  const fitted = await fitThreshold(train);
  const { metrics, report } = await evaluate(fitted.model, test);
  return { model: fitted.model, trainAccuracy: fitted.trainAccuracy, metrics, report };
});
