// YAML that YAML 1.1 readers (PyYAML in the Python SDK and kfp.Client, yaml.v2 in the backends) and
// YAML 1.2 readers load to the same values.
import { pythonFloat } from "./python-values.js";
import { Document, isPair, isScalar, Scalar, Schema, visit, type ScalarTag, type ToStringOptions } from "yaml";

/** Plain scalars that some reader resolves to something other than a string: YAML 1.2 core, YAML 1.1, PyYAML's `=`. */
const implicitTags = [new Schema({ schema: "core" }), new Schema({ schema: "yaml-1.1" })]
  .flatMap((schema) => schema.tags)
  .filter((tag) => tag.default && tag.test && tag.tag !== "tag:yaml.org,2002:str")
  .map((tag) => tag.test!);
const readAsNonString = [...implicitTags, /^=$/];

/** The protobuf int32 fields of PipelineSpec: the Python SDK writes these as integers, every other number as a double. */
const integerFields = new Set(["maxRetryCount", "parallelismLimit", "resourceTtlOnCompletion", "resourceTtlOnSuccess", "resourceTtlOnFailure", "activeDeadlineSeconds"]);

/**
 * A double as PyYAML writes it (`repr`, with `.0` before a bare exponent, which its float pattern needs):
 * `2.0`, `0.5`, `1.0e-07`, `1.0e+16`. JavaScript's shortest round-trip digits are Python's, so the value is exact.
 */
export function pythonFloatText(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? ".nan" : value < 0 ? "-.inf" : ".inf";
  const repr = pythonFloat(value);
  return repr.includes(".") ? repr : repr.replace("e", ".0e");
}

/** Whether a string written plain would be read back as something else by a YAML 1.1 or 1.2 reader. */
export function needsQuotes(text: string): boolean {
  return !text.includes("\n") && readAsNonString.some((pattern) => pattern.test(text));
}

/**
 * Characters a YAML reader refuses raw (PyYAML accepts only printable characters) or reads as a line
 * break (YAML 1.1: NEL, U+2028, U+2029). Strings holding them are written double-quoted, with escapes.
 */
const unprintable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/;

/** `value` as YAML whose every scalar means the same under YAML 1.1 and 1.2; numbers are written as the Python SDK writes them. */
export function portableYaml(value: unknown, options: ToStringOptions = {}): string {
  const document = new Document(value, { aliasDuplicateObjects: false, customTags: [pythonFloatTag] });
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
  const text = document.toString({ indentSeq: false, lineWidth: 0, ...options });
  // Only double-quoted scalars hold such characters now, and there `\uXXXX` means the same character.
  return escapes ? text.replace(new RegExp(unprintable.source, "g"), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}

/** A number to write as a double. */
class PythonFloat {
  constructor(readonly value: number) {}
}

const pythonFloatTag: ScalarTag = {
  tag: "tag:yaml.org,2002:float",
  default: true,
  identify: (value) => value instanceof PythonFloat,
  resolve: (text) => Number(text),
  stringify: (item) => pythonFloatText(((item as Scalar).value as PythonFloat).value),
};
