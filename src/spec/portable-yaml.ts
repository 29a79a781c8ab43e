// YAML that YAML 1.1 readers (PyYAML in the Python SDK and kfp.Client, yaml.v2 in the backends) and
// YAML 1.2 readers load to the same values, written straight from plain data: a 1,000-task spec is about 10 MB,
// and building the `yaml` package's Document for it took most of a compile's time and memory. Scalars that need
// quoting or a block are written by that package's own string writer, so the text is the one it would write.
import { pythonFloat } from "./python-values.js";
import { Document, Scalar, Schema, type ToStringOptions } from "yaml";
import { stringifyString, type StringifyContext } from "yaml/util";

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
const unprintables = new RegExp(unprintable.source, "g");

/** Strings every reader takes as the same plain string (unless {@link needsQuotes}): written as they are. */
const plainSafe = /^[A-Za-z0-9_][A-Za-z0-9_./+=-]*$/;

/** The block style of the `yaml` package as kfp-ts writes it: two-space indents, sequences not indented, no line folding. */
const style: StringifyContext["options"] = {
  blockQuote: true,
  commentString: (comment) => `#${comment}`,
  defaultKeyType: null,
  defaultStringType: "PLAIN",
  directives: null,
  doubleQuotedAsJSON: false,
  doubleQuotedMinMultiLineLength: 40,
  falseStr: "false",
  flowCollectionPadding: true,
  indentSeq: false,
  lineWidth: 0,
  minContentWidth: 20,
  nullStr: "null",
  simpleKeys: false,
  singleQuote: null,
  trailingComma: false,
  trueStr: "true",
  verifyAliasOrder: true,
} satisfies Required<Omit<ToStringOptions, "collectionStyle" | "indent">>;
const indentStep = "  ";
/** A YAML 1.2 document: its schema decides which plain strings the string writer quotes. */
const yamlDocument = new Document();
/** A key longer than this is written as an explicit `? key`, as YAML requires. */
const maxImplicitKey = 1024;

/**
 * `documents` as block YAML documents (keys sorted at every level, as the Python SDK writes them) whose every
 * scalar means the same under YAML 1.1 and 1.2, after `header`; numbers are written as the Python SDK writes them.
 * Identical input gives identical bytes.
 */
export function portableYaml(documents: readonly Readonly<Record<string, unknown>>[], header = ""): string {
  const writer = new YamlWriter(header);
  documents.forEach((document, i) => writer.document(document, i > 0));
  return writer.text();
}

/** Writes into parts joined once at the end: a 10 MB file is one flat string, copied once. */
class YamlWriter {
  private readonly parts: string[];
  /** Scalars written by the string writer, by indent and key-ness: a spec repeats its strings (1,000 executors, 50 bundles). */
  private readonly written = new Map<string, Map<string, string>>();

  constructor(header: string) {
    this.parts = [header];
  }

  document(value: object, separated: boolean): void {
    if (separated) this.parts.push("---\n");
    this.collection(value, "");
    this.parts.push("\n");
  }

  text(): string {
    return this.parts.join("");
  }

  /** A map or sequence whose first line continues the current one; its other lines start at `indent`. */
  private collection(value: object, indent: string): void {
    if (Array.isArray(value)) return this.sequence(value, indent);
    const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined).sort();
    if (keys.length === 0) return void this.parts.push("{}");
    keys.forEach((key, i) => {
      if (i > 0) this.parts.push("\n", indent);
      this.pair(key, (value as Record<string, unknown>)[key], indent);
    });
  }

  private sequence(items: readonly unknown[], indent: string): void {
    if (items.length === 0) return void this.parts.push("[]");
    const itemIndent = indent + indentStep;
    items.forEach((item, i) => {
      this.parts.push(i > 0 ? `\n${indent}- ` : "- ");
      if (isCollection(item)) this.collection(item, itemIndent);
      else this.parts.push(this.scalar(item, itemIndent, false));
    });
  }

  private pair(key: string, value: unknown, indent: string): void {
    const valueIndent = indent + indentStep;
    const keyText = this.scalar(key, valueIndent, true);
    if (keyText.length > maxImplicitKey) {
      this.parts.push("? ", keyText, "\n", indent, ": ");
      if (isCollection(value)) this.collection(value, valueIndent);
      else this.parts.push(this.scalar(value, valueIndent, false, key));
      return;
    }
    this.parts.push(keyText, ":");
    if (!isCollection(value)) return void this.parts.push(" ", this.scalar(value, valueIndent, false, key));
    if (isEmpty(value)) return void this.parts.push(" ", Array.isArray(value) ? "[]" : "{}");
    // A sequence's `- ` counts as its indentation.
    const inner = Array.isArray(value) ? indent : valueIndent;
    this.parts.push("\n", inner);
    this.collection(value, inner);
  }

  private scalar(value: unknown, indent: string, implicitKey: boolean, key?: string): string {
    if (value === null || value === undefined) return style.nullStr;
    if (typeof value === "boolean") return value ? style.trueStr : style.falseStr;
    if (typeof value === "number") {
      if (key !== undefined && integerFields.has(key) && Number.isInteger(value)) return Object.is(value, -0) ? "-0" : JSON.stringify(value);
      return pythonFloatText(value);
    }
    if (typeof value !== "string") throw new TypeError(`cannot write a ${typeof value} as YAML`);
    if (plainSafe.test(value) && !needsQuotes(value)) return value;
    const context = `${implicitKey ? "?" : ":"}${indent}`;
    let byText = this.written.get(context);
    if (!byText) this.written.set(context, (byText = new Map()));
    let text = byText.get(value);
    if (text === undefined) byText.set(value, (text = quoted(value, indent, implicitKey)));
    return text;
  }
}

/** A string as the `yaml` package writes it, quoted where a YAML 1.1 or 1.2 reader would read it as another type. */
function quoted(value: string, indent: string, implicitKey: boolean): string {
  const escapes = unprintable.test(value);
  const scalar = new Scalar(value);
  if (escapes) scalar.type = Scalar.QUOTE_DOUBLE;
  else if (needsQuotes(value)) scalar.type = Scalar.QUOTE_SINGLE;
  const context: StringifyContext = { actualString: true, anchors: new Set(), doc: yamlDocument, flowCollectionPadding: " ", implicitKey, indent, indentStep, inFlow: null, options: style };
  const text = stringifyString(scalar, context);
  // Only double-quoted scalars hold such characters now, and there `\uXXXX` means the same character.
  return escapes ? text.replace(unprintables, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}

const isCollection = (value: unknown): value is object => typeof value === "object" && value !== null;
const isEmpty = (value: object): boolean => (Array.isArray(value) ? value.length === 0 : !Object.keys(value).some((key) => (value as Record<string, unknown>)[key] !== undefined));
