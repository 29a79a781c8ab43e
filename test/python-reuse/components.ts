// TypeScript components a Python pipeline reuses: `kfp-ts compile` writes one component YAML each.
import { component, type Int } from "kfp-ts";

/** Counts the words of a text, and repeats it `times` times. */
export const wordStats = component((text: string, times: Int = 2): { words: Int; repeated: string } => ({
  words: text.split(/\s+/).filter(Boolean).length,
  repeated: Array.from({ length: times }, () => text).join(" | "),
}));
