import type { PipelineSpec } from "./pipeline-spec.js";
import { headerComment } from "./header.js";
import type { PlatformSpec } from "./platform-spec.js";
import { portableYaml } from "./portable-yaml.js";

export type SpecFormat = "yaml" | "json";

/** Object keys sorted at every level, as the Python SDK writes them; arrays keep their order. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)])) as T;
  }
  return value;
}

/**
 * The text of a spec file: YAML with KFP's header comment (read the same by YAML 1.1 and 1.2 readers), or JSON.
 * A platform document follows the PipelineSpec as a second YAML document (JSON holds one document only).
 * Identical input gives identical bytes.
 */
export function serializeSpec(spec: PipelineSpec, format: SpecFormat, description: string | undefined, platform?: PlatformSpec | Record<string, unknown>): string {
  if (format === "json") return JSON.stringify(sortKeys(spec), null, 2) + "\n";
  return portableYaml(platform ? [spec, platform] : [spec], headerComment(spec, description));
}
