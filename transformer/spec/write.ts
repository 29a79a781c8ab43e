import { Document, visit } from "yaml";
import type { PipelineSpec } from "../../src/spec/pipeline-spec.js";
import { headerComment } from "./header.js";

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

/** The text of a spec file: YAML with KFP's header comment, or JSON. Identical input gives identical bytes. */
export function serializeSpec(spec: PipelineSpec, format: SpecFormat, description: string | undefined): string {
  const sorted = sortKeys(spec);
  if (format === "json") return JSON.stringify(sorted, null, 2) + "\n";
  return headerComment(spec, description) + yamlText(sorted);
}

/**
 * Characters a YAML reader refuses raw (PyYAML accepts only printable characters) or reads as a line
 * break (YAML 1.1: NEL, U+2028, U+2029). Strings holding them are written double-quoted, with escapes.
 */
const unprintable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/;

function yamlText(value: unknown): string {
  const document = new Document(value, { aliasDuplicateObjects: false });
  let escapes = false;
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === "string" && unprintable.test(node.value)) {
        node.type = "QUOTE_DOUBLE";
        escapes = true;
      }
    },
  });
  const text = document.toString({ indentSeq: false, lineWidth: 0 });
  // Only double-quoted scalars hold such characters now, and there `\uXXXX` means the same character.
  return escapes ? text.replace(new RegExp(unprintable.source, "g"), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}
