// A hyperparameter sweep of the penguin classifier: forests of several sizes trained in parallel, the
// best one deployed only when its accuracy clears a threshold, and a notification however it ends.
import { finalStatus, type Int, parallel, pipeline, task } from "kfp-ts";
import { dataGenerator } from "../penguins/data-generator/data-generator.js";
import { transform } from "../penguins/transform/transform.js";
import { deploy, notify, pickBest, report, trainAndScore } from "./components.js";

/** Trains forests of several sizes, and deploys the most accurate when it is accurate enough. */
export const penguinSweep = pipeline({ name: "penguin-sweep" }, async (treeCounts: Int[] = [3, 10, 30], threshold = 0.97, suffix = "_xf") => {
  try {
    const { trainData, evalData } = await dataGenerator();
    const { transformedTrainData, transformedEvalData } = await transform(trainData, evalData, suffix);
    const runs = await Promise.all(parallel(treeCounts, { parallelism: 2 }).map((trees) => trainAndScore(transformedTrainData, transformedEvalData, suffix, trees)));
    const best = await pickBest(runs.map((run) => run.model), runs.map((run) => run.accuracy));
    if (best.accuracy >= threshold) {
      await deploy(best.model);
    } else {
      await report(best.accuracy, "below the threshold");
    }
  } finally {
    // A notification is sent on every run, never taken from the cache.
    await task(notify, { caching: false })(finalStatus());
  }
});
