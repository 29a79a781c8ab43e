import { closeSync, openSync, writeSync } from "node:fs";
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

/** Writes a spec file's text as UTF-8 a megabyte at a time: a 10 MB spec is not copied into one more 10 MB buffer first. */
export function writeSpecFile(path: string, text: string): void {
  const fd = openSync(path, "w");
  try {
    for (let start = 0; start < text.length;) {
      let end = Math.min(start + 1024 * 1024, text.length);
      // A surrogate pair stays in one piece.
      if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end--;
      const bytes = Buffer.from(text.slice(start, end));
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
      start = end;
    }
  } finally {
    closeSync(fd);
  }
}
