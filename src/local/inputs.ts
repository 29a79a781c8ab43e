import type { ComponentSpec, TaskSpec } from "../spec/pipeline-spec.js";
import { parameterText } from "../spec/parameter-type.js";
import { celMessage, selectExpression } from "./cel.js";
import type { TaskInputs, TaskOutcome } from "./context.js";
import { finalStatusOf } from "./final-status.js";
import type { ArtifactRecord } from "./store.js";

/** Thrown when a task's inputs cannot be formed; the task fails with this message. */
export class InputError extends Error {}

/**
 * A task's inputs, as the KFP driver forms them: constants, the enclosing DAG's inputs, upstream
 * outputs, final statuses and expression selectors, then the component's defaults.
 */
export async function resolveInputs(
  task: TaskSpec,
  component: ComponentSpec,
  scope: TaskInputs,
  outcomeOf: (name: string) => Promise<TaskOutcome>,
  runId: string,
): Promise<TaskInputs> {
  const parameters: Record<string, unknown> = {};
  const artifacts: Record<string, readonly ArtifactRecord[]> = {};
  for (const [name, input] of Object.entries(task.inputs?.parameters ?? {})) {
    let value: unknown;
    if (input.runtimeValue) value = input.runtimeValue.constant;
    else if (input.componentInputParameter !== undefined) value = scope.parameters[input.componentInputParameter];
    else if (input.taskOutputParameter) value = (await outcomeOf(input.taskOutputParameter.producerTask)).parameters[input.taskOutputParameter.outputParameterKey];
    else if (input.taskFinalStatus) value = finalStatusOf(runId, input.taskFinalStatus.producerTask, await outcomeOf(input.taskFinalStatus.producerTask));
    if (value !== undefined && input.parameterExpressionSelector) value = select(name, input.parameterExpressionSelector, value, component);
    if (value !== undefined) parameters[name] = value;
  }
  for (const [name, input] of Object.entries(task.inputs?.artifacts ?? {})) {
    let value: readonly ArtifactRecord[] | undefined;
    if (input.componentInputArtifact !== undefined) value = scope.artifacts[input.componentInputArtifact];
    else if (input.taskOutputArtifact) value = (await outcomeOf(input.taskOutputArtifact.producerTask)).artifacts[input.taskOutputArtifact.outputArtifactKey];
    if (value) artifacts[name] = value;
  }
  return withDefaults(component, { parameters: withChannelsFilledIn(parameters), artifacts });
}

const channelPlaceholder = /\{\{\$\.inputs\.parameters\['([^']+)'\]\}\}/g;

/**
 * A string input made from channels (the Python SDK's f-strings, kfp-ts's template literals) is a
 * constant holding `{{$.inputs.parameters['pipelinechannel--…']}}` placeholders for other inputs of
 * the same task: they are filled in, as the KFP launcher does.
 */
function withChannelsFilledIn(parameters: Record<string, unknown>): Record<string, unknown> {
  const filled = { ...parameters };
  for (const [name, value] of Object.entries(parameters)) {
    if (typeof value !== "string" || !value.includes("{{$.inputs.parameters[")) continue;
    filled[name] = value.replace(channelPlaceholder, (whole, input: string) => {
      if (input === name) return whole;
      if (parameters[input] === undefined) {
        throw new InputError(`input '${name}' is made from '${input}', which has no value in this task: the enclosing DAG does not receive it (the Python SDK does not pass an outer loop's item into a nested loop for f-strings)`);
      }
      return parameterText(parameters[input]);
    });
  }
  return filled;
}

/**
 * Applies a parameter expression selector (a loop item's field, `parseJson(string_value)["lr"]`).
 * A field read into an input the component declares as STRING arrives as text, as the Python SDK types it.
 */
function select(name: string, selector: string, value: unknown, component: ComponentSpec): unknown {
  let selected: unknown;
  try {
    selected = selectExpression(selector, value);
  } catch (error) {
    throw new InputError(`input '${name}': the expression ${selector} failed on ${JSON.stringify(value)}: ${celMessage(error)}`);
  }
  const declared = component.inputDefinitions?.parameters?.[name]?.parameterType;
  return declared === "STRING" && typeof selected !== "string" ? parameterText(selected) : selected;
}

/** Missing parameters take the component's defaults, as the KFP launcher does. */
export function withDefaults(component: ComponentSpec, inputs: TaskInputs): TaskInputs {
  const parameters = { ...inputs.parameters };
  for (const [name, definition] of Object.entries(component.inputDefinitions?.parameters ?? {})) {
    if (parameters[name] === undefined && definition.defaultValue !== undefined) parameters[name] = definition.defaultValue;
  }
  return { parameters, artifacts: inputs.artifacts };
}
