import { stringify } from "yaml";
import type { PipelineSpec } from "../../src/spec/pipeline-spec.js";
import { headerComment } from "./header.js";
import type { PlatformSpec } from "./platform.js";

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
 * The text of a spec file: YAML with KFP's header comment, or JSON. Identical input gives identical bytes.
 * A platform document follows the PipelineSpec as a second YAML document (JSON holds one document only).
 */
export function serializeSpec(spec: PipelineSpec, format: SpecFormat, description: string | undefined, platform?: PlatformSpec): string {
  const sorted = sortKeys(spec);
  if (format === "json") return JSON.stringify(sorted, null, 2) + "\n";
  const yaml = (value: unknown) => stringify(sortKeys(value), { indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
  return headerComment(spec, description) + yaml(sorted) + (platform ? "---\n" + yaml(platform) : "");
}
