// The lab sample pipeline (reproio/lab_sample_pipelines): data generation, transform, training and
// evaluation of a penguin species classifier.
import { pipeline } from "kfp-ts";
import { dataGenerator } from "./data-generator/data-generator.js";
import { evaluator } from "./evaluator/evaluator.js";
import { trainer } from "./trainer/trainer.js";
import { transform } from "./transform/transform.js";

/** Classifies Palmer penguins by species with a random forest. */
export const penguinsPipeline = pipeline({ name: "kfp-sample-pipeline", root: "gs://your-bucket/penguins/" }, async (suffix = "_xf") => {
  const { trainData, evalData } = await dataGenerator();
  const { transformedTrainData, transformedEvalData } = await transform(trainData, evalData, suffix);
  const trainedModel = await trainer(transformedTrainData, suffix);
  const { metrics, confusionMatrix } = await evaluator(trainedModel, transformedEvalData, suffix);
  return { metrics, confusionMatrix };
});
