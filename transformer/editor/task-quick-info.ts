import type { ProgramIR, SourceLocation, ValueType } from "../ir.js";
import { buildModel } from "../spec/groups/model.js";

/** The task of a pipeline defined in `file` whose call spans the 1-based line and column, with a hover text: its KFP task name and typed inputs and outputs. */
export function taskAt(program: ProgramIR, file: string, line: number, column: number): { text: string; location: SourceLocation } | undefined {
  for (const pipeline of program.pipelines.values()) {
    if (pipeline.location.file !== file) continue;
    const task = buildModel(program, pipeline).tasks.find(({ location: l }) => l.file === file && l.line === line && column >= l.column && column < l.column + l.length);
    if (!task) continue;
    const callee = task.callee;
    const inputs = "inputs" in callee ? callee.inputs.map((i) => `${i.name}: ${kfpType(i.type)}${i.optional ? " (optional)" : ""}`) : [];
    const outputs = "outputs" in callee ? callee.outputs.map((o) => `${o.name}: ${kfpType(o.type)}`) : [];
    const kind = callee.kind === "importer" ? "importer" : callee.kind;
    return {
      location: task.location,
      text: [`KFP task '${task.name}' of pipeline '${pipeline.name}' runs ${kind} '${callee.name}'`, `inputs: ${inputs.join(", ") || "none"}`, `outputs: ${outputs.join(", ") || "none"}`].join("\n"),
    };
  }
  return undefined;
}

function kfpType(type: ValueType): string {
  if (type.kind === "parameter") return type.parameterType;
  if (type.kind === "finalStatus") return "PipelineTaskFinalStatus";
  const artifact = `${type.artifact.schemaTitle}@${type.artifact.schemaVersion}`;
  return type.list ? `List[${artifact}]` : artifact;
}
