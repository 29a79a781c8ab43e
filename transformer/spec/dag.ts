import type { ArtifactInputSpec, ParameterInputSpec } from "../../src/spec/pipeline-spec.js";
import type { CallableDefinition, PipelineIR, ProgramIR, TaskIR } from "../ir.js";
import { sanitizeK8sName, uniqueName } from "../naming.js";

/** One task of a DAG, named and wired: the step between the analysis IR and the PipelineSpec. */
export interface DagTask {
  readonly name: string;
  readonly task: TaskIR;
  readonly callee: CallableDefinition;
  readonly parameters: Readonly<Record<string, ParameterInputSpec>>;
  readonly artifacts: Readonly<Record<string, ArtifactInputSpec>>;
  /** Names of the tasks this one waits for: producers of its inputs and its `after` tasks, sorted. */
  readonly dependencies: readonly string[];
}

export interface Dag {
  readonly pipeline: PipelineIR;
  readonly tasks: readonly DagTask[];
  readonly outputs: {
    readonly parameters: Readonly<Record<string, { valueFromParameter: { producerSubtask: string; outputParameterKey: string } }>>;
    readonly artifacts: Readonly<Record<string, { artifactSelectors: { producerSubtask: string; outputArtifactKey: string }[] }>>;
  };
}

export function calleeOf(program: ProgramIR, task: TaskIR): CallableDefinition {
  const callee = task.callee.kind === "component" ? program.components.get(task.callee.key) : program.pipelines.get(task.callee.key);
  if (!callee) throw new Error(`internal error: ${task.callee.kind} ${task.callee.key} was not analysed`);
  return callee;
}

/**
 * Names each task after its component (`echo`, `echo-2`, … unique within the pipeline, as KFP does)
 * and turns arguments into input bindings and dependencies.
 */
export function buildDag(program: ProgramIR, pipeline: PipelineIR): Dag {
  const taken = new Set<string>();
  const callees = pipeline.tasks.map((task) => calleeOf(program, task));
  const names = callees.map((callee) => {
    const name = uniqueName(sanitizeK8sName(callee.name) || "task", taken);
    taken.add(name);
    return name;
  });

  const tasks = pipeline.tasks.map((task, index): DagTask => {
    const callee = callees[index]!;
    const parameters: Record<string, ParameterInputSpec> = {};
    const artifacts: Record<string, ArtifactInputSpec> = {};
    const dependencies = new Set(task.after.map((i) => names[i]!));
    for (const input of callee.inputs) {
      const argument = task.arguments.get(input.name);
      if (!argument) continue;
      const isArtifact = input.type.kind === "artifact";
      switch (argument.kind) {
        case "constant":
          parameters[input.name] = { runtimeValue: { constant: argument.value } };
          break;
        case "pipelineInput":
          if (isArtifact) artifacts[input.name] = { componentInputArtifact: argument.name };
          else parameters[input.name] = { componentInputParameter: argument.name };
          break;
        case "taskOutput": {
          const producerTask = names[argument.task]!;
          dependencies.add(producerTask);
          if (isArtifact) artifacts[input.name] = { taskOutputArtifact: { producerTask, outputArtifactKey: argument.output } };
          else parameters[input.name] = { taskOutputParameter: { producerTask, outputParameterKey: argument.output } };
          break;
        }
      }
    }
    return { name: names[index]!, task, callee, parameters, artifacts, dependencies: [...dependencies].sort() };
  });

  const outputParameters: Dag["outputs"]["parameters"] = {};
  const outputArtifacts: Dag["outputs"]["artifacts"] = {};
  for (const { name, source } of pipeline.outputSources) {
    const producerSubtask = names[source.task]!;
    const output = pipeline.outputs.find((o) => o.name === name)!;
    if (output.type.kind === "artifact") {
      (outputArtifacts as Record<string, unknown>)[name] = { artifactSelectors: [{ producerSubtask, outputArtifactKey: source.output }] };
    } else {
      (outputParameters as Record<string, unknown>)[name] = { valueFromParameter: { producerSubtask, outputParameterKey: source.output } };
    }
  }
  return { pipeline, tasks, outputs: { parameters: outputParameters, artifacts: outputArtifacts } };
}
