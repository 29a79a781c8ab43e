import { component, Dataset, finalStatus, importArtifact, Model, pipeline, type PipelineTaskFinalStatus } from "kfp-ts";

export const fit = component((data: Dataset, lr: number): { model: Model; Output: number } => ({ model: new Model(), Output: 0.9 }));
export const pickBest = component((models: Model[], accuracies: number[]): { best: Model; Output: number } => ({ best: new Model(), Output: 0.9 }));
export const deploy = component((model: Model): void => {});
export const report = component((model: Model, verdict: string): void => {});
export const approve = component((): string => "ok");
export const reject = component((): string => "no");
export const notify = component((status: PipelineTaskFinalStatus): void => {});
export const greet = component((name: string): string => name);

export const train = pipeline({ name: "sweep-and-deploy" }, async (rates: number[] = [0.01, 0.1], threshold = 0.9, name = "x") => {
  try {
    const data = importArtifact(Dataset, "gs://bucket/penguins.csv", { reimport: false });
    const runs = rates.map((lr) => fit(data, lr));
    const best = pickBest(runs.map((r) => r.model), runs.map((r) => r.Output));
    if (best.Output >= threshold) {
      deploy(best.best);
    } else if (best.Output >= 0.5) {
      report(best.best, "needs review");
    } else {
      report(best.best, "rejected");
    }
    const verdict = best.Output >= threshold ? approve() : reject();
    greet(`${name}-v2`);
  } finally {
    notify(finalStatus());
  }
});
