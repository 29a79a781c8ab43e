import type { ResourcesSpec } from "../../src/spec/pipeline-spec.js";
import type { TaskSettingsIR } from "../ir.js";

const G = 1e9;
const memoryUnits: Record<string, number> = {
  E: 1e18, Ei: 2 ** 60, P: 1e15, Pi: 2 ** 50, T: 1e12, Ti: 2 ** 40, G: 1e9, Gi: 2 ** 30, M: 1e6, Mi: 2 ** 20, K: 1e3, Ki: 2 ** 10,
};

/** CPU as a float number of cores, as KFP writes the deprecated `cpuLimit` field: "500m" → 0.5. */
export function cpuToFloat(cpu: string): number {
  return cpu.endsWith("m") ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu);
}

/** Memory as a float in (decimal) gigabytes, as KFP writes the deprecated `memoryLimit` field: "4Gi" → 4.294967296. */
export function memoryToGigabytes(memory: string): number {
  const match = /^(\d+)([A-Za-z]*)$/.exec(memory)!;
  const unit = match[2] ?? "";
  return unit === "" ? Number(match[1]) / G : (Number(match[1]) * memoryUnits[unit]!) / G;
}

/** The container `resources` of a task, with both the current string fields and the deprecated numeric ones. */
export function resourcesFor(settings: TaskSettingsIR): ResourcesSpec | undefined {
  const resources: ResourcesSpec = {};
  if (settings.cpuRequest) Object.assign(resources, { resourceCpuRequest: settings.cpuRequest, cpuRequest: cpuToFloat(settings.cpuRequest) });
  if (settings.cpuLimit) Object.assign(resources, { resourceCpuLimit: settings.cpuLimit, cpuLimit: cpuToFloat(settings.cpuLimit) });
  if (settings.memoryRequest) Object.assign(resources, { resourceMemoryRequest: settings.memoryRequest, memoryRequest: memoryToGigabytes(settings.memoryRequest) });
  if (settings.memoryLimit) Object.assign(resources, { resourceMemoryLimit: settings.memoryLimit, memoryLimit: memoryToGigabytes(settings.memoryLimit) });
  if (settings.accelerator) {
    const { type, count } = settings.accelerator;
    resources.accelerator = { resourceType: type, resourceCount: String(count), type, ...(count !== 0 && { count: String(count) }) };
  }
  return Object.keys(resources).length > 0 ? resources : undefined;
}
