import type { ResourcesSpec } from "../../src/spec/pipeline-spec.js";
import type { RuntimeSetting, TaskSettingsIR } from "../ir.js";

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

/**
 * The container `resources` of a task, with both the current string fields and the deprecated numeric ones;
 * a setting taken from a channel is its input placeholder, without the deprecated field.
 */
export function resourcesFor(settings: TaskSettingsIR, placeholders: Partial<Record<RuntimeSetting, string>> = {}): ResourcesSpec | undefined {
  const resources: ResourcesSpec = {};
  const quantity = (setting: "cpuRequest" | "cpuLimit" | "memoryRequest" | "memoryLimit", field: keyof ResourcesSpec, toNumber: (text: string) => number) => {
    const placeholder = placeholders[setting];
    const value = settings[setting];
    if (placeholder) Object.assign(resources, { [field]: placeholder });
    else if (value) Object.assign(resources, { [field]: value, [setting]: toNumber(value) });
  };
  quantity("cpuRequest", "resourceCpuRequest", cpuToFloat);
  quantity("cpuLimit", "resourceCpuLimit", cpuToFloat);
  quantity("memoryRequest", "resourceMemoryRequest", memoryToGigabytes);
  quantity("memoryLimit", "resourceMemoryLimit", memoryToGigabytes);
  if (placeholders.acceleratorType || placeholders.acceleratorCount) {
    resources.accelerator = {
      resourceType: placeholders.acceleratorType ?? settings.accelerator?.type ?? "",
      resourceCount: placeholders.acceleratorCount ?? String(settings.accelerator?.count ?? 1),
    };
  } else if (settings.accelerator) {
    const { type, count } = settings.accelerator;
    resources.accelerator = { resourceType: type, resourceCount: String(count), type, ...(count !== 0 && { count: String(count) }) };
  }
  return Object.keys(resources).length > 0 ? resources : undefined;
}
