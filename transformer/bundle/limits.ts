import type { PipelineSpec } from "../../src/spec/pipeline-spec.js";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { ComponentIR } from "../ir.js";

/**
 * The largest container spec (as JSON) kfp-ts writes. Kubeflow Pipelines hands a task's whole container
 * spec to its driver as one argument (`--container <json>`), and Linux refuses an argument over
 * 131,072 bytes; the margin covers re-serialisation by the backend.
 */
export const maxContainerBytes = 100_000;

export function containerBytes(container: object): number {
  return Buffer.byteLength(JSON.stringify(container));
}

/** A located error for every executor whose container spec is over {@link maxContainerBytes}. */
export function checkContainerSizes(specs: readonly PipelineSpec[], componentOf: (command: readonly string[]) => ComponentIR | undefined, diagnostics: DiagnosticBag): void {
  const reported = new Set<string>();
  for (const spec of specs) {
    for (const executor of Object.values(spec.deploymentSpec?.executors ?? {})) {
      const container = executor.container;
      if (!container) continue;
      const bytes = containerBytes(container);
      const component = componentOf(container.command ?? []);
      if (bytes <= maxContainerBytes || !component || reported.has(component.key)) continue;
      reported.add(component.key);
      diagnostics.error(codes.containerTooLarge,
        `component '${component.functionName}' does not fit in a container spec: ${(bytes / 1024).toFixed(0)} KiB embedded, over the ${(maxContainerBytes / 1024).toFixed(0)} KiB that Kubeflow Pipelines can pass to a task`,
        component.location,
        "compile with --containerized --registry REGISTRY to build an image per component, or make the component import less");
    }
  }
}
