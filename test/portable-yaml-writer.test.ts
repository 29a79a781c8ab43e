// kfp-ts writes spec YAML straight from plain data (src/spec/portable-yaml.ts). It must write the very bytes the
// `yaml` package's Document writes with the same rules (which the compatibility suite checks against the Python
// SDK): thousands of generated documents full of awkward keys, strings and numbers are written both ways.
import { Document, isPair, isScalar, Scalar, visit, type ScalarTag } from "yaml";
import { describe, expect, it } from "vitest";
import { needsQuotes, portableYaml, pythonFloatText } from "../src/spec/portable-yaml.js";

/** The Document-based writer kfp-ts used before: keys sorted by code unit (as Python sorts them), same scalar rules. */
function documentYaml(value: unknown): string {
  const integerFields = new Set(["maxRetryCount", "parallelismLimit", "resourceTtlOnCompletion", "resourceTtlOnSuccess", "resourceTtlOnFailure", "activeDeadlineSeconds"]);
  const unprintable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/;
  class PythonFloat {
    constructor(readonly value: number) {}
  }
  const pythonFloatTag: ScalarTag = {
    tag: "tag:yaml.org,2002:float",
    default: true,
    identify: (v) => v instanceof PythonFloat,
    resolve: (text) => Number(text),
    stringify: (item) => pythonFloatText(((item as Scalar).value as PythonFloat).value),
  };
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === "object") return new Map(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    return v;
  };
  const document = new Document(sorted(value), { aliasDuplicateObjects: false, customTags: [pythonFloatTag] });
  let escapes = false;
  visit(document, {
    Scalar(_, node, path) {
      const parent = path[path.length - 1];
      const key = isPair(parent) && isScalar(parent.key) ? parent.key.value : undefined;
      if (typeof node.value === "string" && unprintable.test(node.value)) {
        node.type = Scalar.QUOTE_DOUBLE;
        escapes = true;
      } else if (typeof node.value === "string" && needsQuotes(node.value)) node.type = Scalar.QUOTE_SINGLE;
      if (typeof node.value === "number" && parent && (!isPair(parent) || parent.value === node)) {
        const integer = typeof key === "string" && integerFields.has(key) && Number.isInteger(node.value);
        if (!integer) return new Scalar(new PythonFloat(node.value));
      }
      return undefined;
    },
  });
  const text = document.toString({ indentSeq: false, lineWidth: 0 });
  return escapes ? text.replace(new RegExp(unprintable.source, "g"), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}

const awkwardStrings = [
  "", "plain", "two words", "x", "-", "?", ":", "- item", "? key", "a: b", "a:b", "a:", "#note", "a #note", "a#b", "[x]", "{x}", "a, b", "*ref", "&anchor",
  "!tag", "|", ">", "@at", "`tick`", "%percent", "---", "--- x", "...", "...x", "'single'", '"double"', "it's", 'say "hi"', `both ' and "`, " lead", "trail ",
  "tab\tinside", "\ttab", "yes", "no", "On", "OFF", "y", "N", "~", "null", "Null", "true", "False", "=", "<<", "1", "10", "9", "-1", "+12", "1_000", "0o17",
  "017", "0x1F", "0b101", "1:20", "1:20.5", ".inf", "-.inf", ".nan", "1e3", "1.5e-3", "2.", "2001-01-01", "2001-01-01 10:00:00", "v1.0", "node:22-slim",
  "gcr.io/project/image:tag", "{{$}}", "{{$.inputs.parameters['x']}}", "ü", "日本語", "emoji 🎉", "\ud800", "lone \udc00 low", "\u0000", "bell\u0007",
  "esc\u001b", "del\u007f", "nel\u0085", "nbsp\u00a0", "ls\u2028", "ps\u2029", "\ufeffbom", "\uffff", "a\nb", "a\n", "a\n\n", "\n", "\nlead", " \n", "a \nb",
  "a\n b", "a\n\tb", "line1\nline2\n", "x\n\n\n", "  \n  ", "a\n\nb\n\n", "  indented\nblock", "\n\n", "- a\n- b", "key: value\nother: x", "%x\nsecond",
  "---\nafter marker", "x\n---\ny", "ends with space \nnext", "a\r\nb", "carriage\rreturn", "a very long line without breaks ".repeat(40),
  "a line\n".repeat(30), `${"k".repeat(1030)}`, `${"k ".repeat(520)}`, "G7lPRFSzegAUIcPc/qe+9vZuqiOMZg3YEKjV5ks+Lp9XK73dv/zLj9a==", "+base64/start==",
  "/abs/path", "./rel", "..", "a=b", "__proto__", "constructor", "toString",
];
const numbers = [0, -0, 1, -1, 2, 0.5, 0.1 + 0.2, 1e-7, 5e-324, 1e15, 1e16, 1e21, 2e21, -4.25e17, 123456789012345678, 9007199254740993, 1.7976931348623157e308, NaN, Infinity, -Infinity, 400];
const fieldNames = ["maxRetryCount", "parallelismLimit", "activeDeadlineSeconds", "defaultValue", "runtimeValue", "constant"];

/** A deterministic pseudo-random source (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(next: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const roll = next();
  if (depth > 0 && roll < 0.3) {
    const map: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) map[next() < 0.3 ? pick(fieldNames) : pick(awkwardStrings)] = generate(next, depth - 1);
    return map;
  }
  if (depth > 0 && roll < 0.5) return Array.from({ length: Math.floor(next() * 4) }, () => generate(next, depth - 1));
  if (roll < 0.75) return pick(awkwardStrings);
  if (roll < 0.9) return pick(numbers);
  return pick([true, false, null, undefined]);
}

describe("portableYaml writes what the yaml package's Document writes", () => {
  it("for 3,000 generated documents of awkward keys, strings, numbers and nesting", () => {
    const next = random(12);
    for (let i = 0; i < 3000; i++) {
      const document: Record<string, unknown> = {};
      for (let k = 1 + Math.floor(next() * 4); k > 0; k--) document[next() < 0.2 ? pick(next, fieldNames) : pick(next, awkwardStrings)] = generate(next, 4);
      expect(portableYaml([document]), JSON.stringify(document)).toBe(documentYaml(document));
    }
  });

  it("for every awkward string as a key and as a value, at three depths", () => {
    for (const text of awkwardStrings) {
      const document = { [text]: text, nested: { [text]: [text, { [text]: text }], list: [[text]] }, empty: { [text]: {} } };
      expect(portableYaml([document]), JSON.stringify(text)).toBe(documentYaml(document));
    }
  });

  it("sorts keys by code unit, as the Python SDK does, integer-like keys included", () => {
    expect(portableYaml([{ b: 1, "9": 2, "10": 3, a: { z: [], y: {} } }])).toBe("'10': 3.0\n'9': 2.0\na:\n  'y': {}\n  z: []\nb: 1.0\n");
  });
});

const pick = <T,>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
