import type { ComponentIR, PipelineIR, ProgramIR } from "./ir.js";

/** What `--pipeline <wanted>` selects among a file's exports: a pipeline by export or pipeline name, else a component. */
export function exportNamed(program: ProgramIR, wanted: string): PipelineIR | ComponentIR | undefined {
  const pipelines = program.exportedPipelines.map((key) => program.pipelines.get(key)!);
  const components = program.exportedComponents.map((key) => program.components.get(key)!);
  return pipelines.find((p) => p.exportName === wanted) ?? pipelines.find((p) => p.name === wanted) ?? components.find((c) => c.functionName === wanted);
}

/** The export names `--pipeline` takes: pipelines, then components. */
export function exportNames(program: ProgramIR): string[] {
  return [...program.exportedPipelines.map((key) => program.pipelines.get(key)!.exportName), ...program.exportedComponents.map((key) => program.components.get(key)!.functionName)];
}
