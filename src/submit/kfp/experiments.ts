// Experiments by name, as kfp.Client's create_run_from_pipeline_package resolves them.
import { UserError } from "../../errors.js";
import { callRest, type HttpTarget } from "../http.js";
import { withRetries } from "../retry.js";
import { equalsFilter } from "./filter.js";

/** The experiment kfp.Client uses when none is named: `KF_PIPELINES_DEFAULT_EXPERIMENT_NAME`, else `Default`. */
export function defaultExperimentName(): string {
  return process.env.KF_PIPELINES_DEFAULT_EXPERIMENT_NAME || "Default";
}

/** The id of the experiment named `name`, created when there is none (more than one is an error, as in kfp.Client). */
export async function experimentIdFor(target: HttpTarget, name: string, namespace?: string): Promise<string> {
  const query = new URLSearchParams({ filter: equalsFilter("display_name", name), ...(namespace && { namespace }) });
  const found = await withRetries(() => callRest<{ experiments?: { experiment_id: string }[] }>(target, "GET", `/apis/v2beta1/experiments?${query}`, undefined, `find experiment '${name}'`));
  const experiments = found?.experiments ?? [];
  if (experiments.length > 1) throw new UserError(`${experiments.length} experiments are named '${name}': pass --experiment-id`);
  if (experiments.length === 1) return experiments[0]!.experiment_id;
  // Creating is safe to repeat only by looking first: a retry after a lost answer would make a second experiment.
  const created = await callRest<{ experiment_id: string }>(target, "POST", "/apis/v2beta1/experiments", { display_name: name, ...(namespace && { namespace }) }, `create experiment '${name}'`);
  return created.experiment_id;
}
