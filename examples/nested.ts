import { pipeline, type Int } from "kfp-ts";
import { evaluate, fitThreshold, makePoints, splitPoints } from "./artifacts.js";

/** Makes the training and test sets: a pipeline used as a step of another. */
export const prepare = pipeline({ name: "prepare" }, async (count: Int = 100, seed: Int = 1) => {
  const points = await makePoints(count, seed);
  return splitPoints(points);
});

/** Prepares data with a nested pipeline, then fits and evaluates twice on it. */
export const nested = pipeline({ name: "nested" }, async (count: Int = 100) => {
  const { train, test } = await prepare(count);
  const first = await fitThreshold(train);
  const second = await fitThreshold(train);
  const { metrics } = await evaluate(first.model, test);
  await evaluate(second.model, test);
  return metrics;
});
