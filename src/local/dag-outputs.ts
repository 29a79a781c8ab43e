import type { DagSpec } from "../spec/pipeline-spec.js";
import { oneOfSchema, parsePart } from "../spec/control-flow.js";
import { succeeded, type TaskOutcome } from "./context.js";
import type { ArtifactRecord } from "./store.js";

/**
 * A DAG's outputs from its tasks' outcomes. A OneOf (`valueFromOneof`, or several artifact selectors)
 * takes the value of the first selected task that ran and produced it: the branch whose condition held.
 */
export async function dagOutputs(dag: DagSpec, outcomeOf: (name: string) => Promise<TaskOutcome>): Promise<Pick<TaskOutcome, "parameters" | "artifacts">> {
  const parameters: Record<string, unknown> = {};
  const artifacts: Record<string, readonly ArtifactRecord[]> = {};
  for (const [name, output] of Object.entries(dag.outputs?.parameters ?? {})) {
    const selectors = output.valueFromParameter ? [output.valueFromParameter] : parsePart(oneOfSchema, output.valueFromOneof, `the OneOf output '${name}'`).parameterSelectors;
    for (const selector of selectors) {
      const outcome = await outcomeOf(selector.producerSubtask);
      const value = outcome.parameters[selector.outputParameterKey];
      if (succeeded(outcome) && value !== undefined) {
        parameters[name] = value;
        break;
      }
    }
  }
  for (const [name, output] of Object.entries(dag.outputs?.artifacts ?? {})) {
    for (const selector of output.artifactSelectors) {
      const outcome = await outcomeOf(selector.producerSubtask);
      const list = outcome.artifacts[selector.outputArtifactKey];
      if (succeeded(outcome) && list) {
        artifacts[name] = list;
        break;
      }
    }
  }
  return { parameters, artifacts };
}
