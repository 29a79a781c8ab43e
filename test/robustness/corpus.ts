// A generated corpus of malformed and edge-case programs, each with the outcome it must have:
// a located diagnostic (with a code), or a spec that the Python SDK loads. Never an internal error.

export type Expected =
  | { readonly kind: "spec" }
  | { readonly kind: "diagnostic"; readonly code?: string }
  /** Depends on the stack the process has: a spec, or KFP0006 "too deeply nested" — never an internal error. */
  | { readonly kind: "spec or too deep" };

export interface CorpusCase {
  readonly category: "types" | "defaults" | "names" | "unicode" | "nesting" | "imports" | "decorators" | "task settings" | "empty";
  readonly name: string;
  readonly source: string;
  readonly expected: Expected;
}

const header = `import { component, pipeline, task, Artifact, Dataset, Model, Metrics, type Int } from "kfp-ts";\n`;
const spec: Expected = { kind: "spec" };
const diagnostic = (code?: string): Expected => ({ kind: "diagnostic", ...(code && { code }) });

/** A pipeline that calls the component `c` once with no arguments. */
const callingPipeline = `export const p = pipeline({ name: "p" }, () => { c(); });\n`;

function types(): CorpusCase[] {
  const valid = ["string", "number", "Int", "boolean", "string[]", "number[][]", "readonly Int[]", "[string, number]", "Record<string, number>", "{ a: string; b: { c: number[] } }", '"a" | "b"', "1 | 2", "Dataset", "Model", "Artifact", "Dataset[]"];
  const invalid = ["Date", "Map<string, number>", "Set<string>", "() => void", "symbol", "bigint", "unknown", "any", "string | number", "RegExp", "Uint8Array", "object", "Function", "Error", "WeakMap<object, string>", "string | Dataset", "null", "{ f(): void }", "typeof globalThis", "Promise<Promise<Date>>"];
  const cases: CorpusCase[] = [];
  for (const type of valid) {
    cases.push({ category: "types", name: `input ${type}`, source: `${header}export const c = component((x?: ${type}): void => {});\n${callingPipeline}`, expected: spec });
  }
  for (const type of valid.filter((t) => !t.includes("Dataset[]"))) {
    cases.push({ category: "types", name: `output ${type}`, source: `${header}export const c = component((): ${type} => undefined as unknown as ${type});\n${callingPipeline}`, expected: spec });
  }
  for (const type of invalid) {
    cases.push({ category: "types", name: `input ${type}`, source: `${header}export const c = component((x: ${type}): void => {});\n`, expected: diagnostic() });
    cases.push({ category: "types", name: `output ${type}`, source: `${header}export const c = component((): ${type} => undefined as unknown as ${type});\n`, expected: diagnostic() });
  }
  cases.push({ category: "types", name: "input Promise<string>", source: `${header}export const c = component((x: Promise<string>): void => {});\n`, expected: diagnostic("KFP1001") });
  cases.push({ category: "types", name: "output Promise<string>", source: `${header}export const c = component(async (): Promise<string> => "");\n${callingPipeline}`, expected: spec });
  cases.push({ category: "types", name: "missing annotation", source: `${header}export const c = component((x): void => {});\n`, expected: diagnostic() });
  cases.push({ category: "types", name: "rest parameter", source: `${header}export const c = component((...x: string[]): void => {});\n`, expected: diagnostic("KFP1007") });
  cases.push({ category: "types", name: "destructured parameter", source: `${header}export const c = component(({ a }: { a: string }): void => {});\n`, expected: spec });
  cases.push({ category: "types", name: "infinitely deep conditional type", source: `${header}type Deep<T> = T extends unknown ? { next: Deep<[T]> } : never;\nexport const c = component((x: Deep<string>): void => {});\n`, expected: diagnostic() });
  return cases;
}

function defaults(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const good: [string, string][] = [
    ["Int", "0"], ["Int", "-5"], ["Int", "1_000"], ["Int", "0x10"], ["Int", "9007199254740991"], ["number", "1.5"], ["number", "-0"], ["number", "1e300"], ["number", "5e-324"],
    ["boolean", "true"], ["string[]", "[]"], ["number[]", "[1, 2.5]"], ["Record<string, number>", "{}"], ["Record<string, string[]>", '{ a: ["x"] }'],
    ["string", '""'], ["string", '"\\n"'], ["string", '"\\r\\n"'], ["string", '"\\u2028"'], ["string", '"\\u2029"'], ["string", '"\\u0085"'], ["string", '"\\t"'], ["string", '"\\u0000"'],
    ["string", '"key: value"'], ["string", '"# not a comment"'], ["string", '"- item"'], ["string", '"---"'], ["string", '"..."'], ["string", '"*alias"'], ["string", '"&anchor"'],
    ["string", '"{a: 1}"'], ["string", '"[1, 2]"'], ["string", "\"'single'\""], ["string", '"\\"double\\""'], ["string", '"\\\\"'], ["string", '"@at"'], ["string", '"%TAG"'], ["string", '"!tag"'],
    ["string", '"a\\nInputs:\\n#    evil: str"'], ["string", '"yes"'], ["string", '"null"'], ["string", '"~"'], ["string", '"0x10"'], ["string", '"1e3"'], ["string", '" leading and trailing "'],
    ["Record<string, number>", '{ "a\\nb": 1 }'], ["Record<string, number>", '{ "__proto__": 1 }'], ["Record<string, number>", '{ "": 1 }'], ["Record<string, number>", '{ "k: v": 1, "#": 2 }'],
    ["Record<string, number>", '{ "\\u2028": 1 }'], ["Record<string, Record<string, number>>", '{ a: { __proto__: 1 } as Record<string, number> }'], ["Record<string, string>", '{ constructor: "x", toString: "y" }'],
  ];
  const bad: [string, string, string][] = [
    ["Int", "1.5", "KFP1009"], ["Int", "9007199254740993", "KFP1009"], ["Int", "1e300", "KFP1009"], ["Int", "1e400", "KFP1009"], ["Int", "-1e400", "KFP1009"], ["Int", "2.5e-3", "KFP1009"],
    ["number", "1e400", "KFP1009"], ["number", "-1e400", "KFP1009"], ["number[]", "[1e400]", "KFP1009"], ["Record<string, number>", "{ a: 1e400 }", "KFP1009"], ["number[][]", "[[1], [-1e400]]", "KFP1009"],
  ];
  for (const [type, value] of good) {
    cases.push({ category: "defaults", name: `component ${type} = ${value}`, source: `${header}export const c = component((x: ${type} = ${value}): void => {});\n${callingPipeline}`, expected: spec });
    cases.push({ category: "defaults", name: `pipeline ${type} = ${value}`, source: `${header}export const c = component((x: ${type}): void => {});\nexport const p = pipeline({ name: "p" }, (x: ${type} = ${value}) => { c(x); });\n`, expected: spec });
  }
  for (const [type, value, code] of bad) {
    cases.push({ category: "defaults", name: `component ${type} = ${value}`, source: `${header}export const c = component((x: ${type} = ${value}): void => {});\n`, expected: diagnostic(code) });
    cases.push({ category: "defaults", name: `pipeline ${type} = ${value}`, source: `${header}export const c = component((x: ${type}): void => {});\nexport const p = pipeline({ name: "p" }, (x: ${type} = ${value}) => { c(x); });\n`, expected: diagnostic(code) });
  }
  const tricks: [string, string][] = [
    ["a function value through as any", "(() => 1) as any"], ["constructor of an object", "({} as any).constructor"], ["a method of an array", "([] as any).map"],
    ["toString of a const", "(K as any).toString"], ["Infinity", "Infinity"], ["NaN", "NaN"], ["a bigint", "1n as any"], ["a template with a substitution", "`${K}` as any"], ["new Date()", "new Date() as any"], ["a regular expression", "/x/ as any"],
  ];
  for (const [name, value] of tricks) {
    cases.push({ category: "defaults", name: `pipeline default: ${name}`, source: `${header}const K = { a: 1 };\nexport const c = component((x: string): void => {});\nexport const p = pipeline({ name: "p" }, (x: string = ${value}) => { c(x); });\n`, expected: diagnostic() });
  }
  return cases;
}

function names(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const output of ["../../x", "a/b", "", "a b", "1a", "__proto__", "a.b", "a\\nb", "a\\u0000b", "..", "-x"]) {
    cases.push({ category: "names", name: `output named ${JSON.stringify(output)}`, source: `${header}export const c = component((): { "${output}": string } => ({ "${output}": "" }));\n`, expected: diagnostic("KFP1008") });
    cases.push({ category: "names", name: `pipeline output named ${JSON.stringify(output)}`, source: `${header}export const c = component((): string => "");\nexport const p = pipeline({ name: "p" }, () => { const r = c(); return { "${output}": r }; });\n`, expected: diagnostic("KFP1008") });
  }
  for (const output of ["ok", "_a", "$a", "données", "A1"]) {
    cases.push({ category: "names", name: `output named ${output}`, source: `${header}export const c = component((): { "${output}": string } => ({ "${output}": "" }));\n${callingPipeline}`, expected: spec });
  }
  // Names that sanitise to nothing valid (the Python SDK's rule); others are sanitised as it does, below.
  for (const name of ["", "a".repeat(129), "a".repeat(300), "\\u0000"]) {
    cases.push({ category: "names", name: `pipeline named ${JSON.stringify(name).slice(0, 30)}`, source: `${header}export const c = component((): void => {});\nexport const p = pipeline({ name: "${name}" }, () => { c(); });\n`, expected: diagnostic("KFP1008") });
  }
  for (const name of ["a", "a-b", "9", "a".repeat(128), "../x", "UPPER", "-a", "a_b", "a b", "a/b"]) {
    cases.push({ category: "names", name: `pipeline named ${name.slice(0, 30)}`, source: `${header}export const c = component((): void => {});\nexport const p = pipeline({ name: "${name}" }, () => { c(); });\n`, expected: spec });
  }
  for (const identifier of ["ñ", "$", "_", "π", "données", "$_", "_1", "__", "ÆØÅ", "日本語", "$$$", "a".repeat(300), "HTTPServer", "x_Y_z"]) {
    cases.push({ category: "names", name: `component identifier ${identifier.slice(0, 20)}`, source: `${header}export const ${identifier} = component((): string => "");\nexport const p = pipeline({ name: "p" }, () => { ${identifier}(); ${identifier}(); });\n`, expected: spec });
  }
  cases.push({ category: "names", name: "two pipelines with one name", source: `${header}export const c = component((): void => {});\nexport const p = pipeline({ name: "same" }, () => { c(); });\nexport const q = pipeline({ name: "same" }, () => { c(); });\n`, expected: diagnostic("KFP0007") });
  cases.push({ category: "names", name: "two components with one name", source: `${header}export const a_b = component((): void => {});\nexport const aB = component((): void => {});\n`, expected: diagnostic("KFP0007") });
  cases.push({ category: "names", name: "input named __proto__", source: `${header}export const c = component((__proto__: string): void => {});\n`, expected: diagnostic("KFP1008") });
  return cases;
}

function unicode(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const texts = ["😀", "עברית", "e\\u0301", "\\uFEFF", "\\uFFFF", "\\u{10FFFF}", "\\u202Eevil", "\\u200B", "ﬁ", "Ω≈ç√", "\\u001b[31m", "\\u007f"];
  for (const text of texts) {
    cases.push({ category: "unicode", name: `string default ${text}`, source: `${header}export const c = component((x: string = "${text}"): void => {});\n${callingPipeline}`, expected: spec });
    cases.push({ category: "unicode", name: `description ${text}`, source: `${header}/** Does ${text} things.\n * @param x the ${text} input */\nexport const c = component((x: string): void => {});\n/** A ${text} pipeline. */\nexport const p = pipeline({ name: "p" }, (x = "a") => { c(x); });\n`, expected: spec });
  }
  for (const separator of ["\\u2028", "\\u2029", "\\u0085", "\\r"]) {
    cases.push({ category: "unicode", name: `pipeline description option with ${separator}`, source: `${header}export const c = component((): void => {});\nexport const p = pipeline({ name: "p", description: "line one${separator}root: injected" }, () => { c(); });\n`, expected: spec });
  }
  cases.push({ category: "unicode", name: "lone surrogate in a default", source: `${header}export const c = component((x: string = "\\uD800"): void => {});\n${callingPipeline}`, expected: diagnostic("KFP1009") });
  cases.push({ category: "unicode", name: "lone surrogate in a struct key", source: `${header}export const c = component((x: Record<string, number> = { "\\uDC00": 1 }): void => {});\n${callingPipeline}`, expected: diagnostic("KFP1009") });
  cases.push({ category: "unicode", name: "unicode escapes in an identifier", source: `${header}export const \\u0063omp = component((): void => {});\nexport const p = pipeline({ name: "p" }, () => { comp(); });\n`, expected: spec });
  cases.push({ category: "unicode", name: "BOM at the start of the file", source: `\uFEFF${header}export const c = component((): void => {});\n${callingPipeline}`, expected: spec });
  cases.push({ category: "unicode", name: "CRLF line endings", source: `${header}export const c = component((): void => {});\r\n${callingPipeline}`.replaceAll("\n", "\r\n"), expected: spec });
  return cases;
}

function nesting(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const depth of [10, 100]) {
    cases.push({ category: "nesting", name: `array default ${depth} deep`, source: `${header}export const c = component((x: unknown[] = ${"[".repeat(depth)}${"]".repeat(depth)} as unknown[]): void => {});\n${callingPipeline}`, expected: spec });
    cases.push({ category: "nesting", name: `parentheses ${depth} deep around a call`, source: `${header}export const c = component((): void => {});\nexport const p = pipeline({ name: "p" }, () => { ${"(".repeat(depth)}c()${")".repeat(depth)}; });\n`, expected: spec });
  }
  for (const depth of [1000, 2000, 3000]) {
    cases.push({ category: "nesting", name: `array default ${depth} deep`, source: `${header}export const c = component((x: string[] = ${"[".repeat(depth)}${"]".repeat(depth)} as any): void => {});\n`, expected: diagnostic() });
    cases.push({ category: "nesting", name: `parentheses ${depth} deep`, source: `${header}export const c = component((): void => {});\nexport const p = pipeline({ name: "p" }, () => { ${"(".repeat(depth)}c()${")".repeat(depth)}; });\n`, expected: { kind: "spec or too deep" } });
    cases.push({ category: "nesting", name: `calls ${depth} deep`, source: `${header}export const c = component((x?: string): string => "");\nexport const p = pipeline({ name: "p" }, () => { ${"c(".repeat(depth)}${")".repeat(depth)}; });\n`, expected: diagnostic() });
    cases.push({ category: "nesting", name: `object type ${depth} deep`, source: `${header}export const c = component((x: ${"{ a: ".repeat(depth)}string${" }".repeat(depth)}): void => {});\n`, expected: diagnostic() });
  }
  return cases;
}

function imports(): CorpusCase[] {
  const cases: CorpusCase[] = [
    { category: "imports", name: "a module that does not exist", source: `import { x } from "./does-not-exist.js";\n${header}export const c = component((): string => x);\n`, expected: diagnostic("TS2307") },
    { category: "imports", name: "a package that does not exist", source: `import { x } from "no-such-package-kfp";\n${header}export const c = component((): string => x);\n`, expected: diagnostic("TS2307") },
    { category: "imports", name: "the compiler from a component file", source: `import { compile } from "kfp-ts/compiler";\n${header}export const c = component((): string => String(compile));\n${callingPipeline}`, expected: spec },
    { category: "imports", name: "node builtins", source: `import { readFileSync } from "node:fs";\n${header}export const c = component((f: string): string => readFileSync(f, "utf8"));\nexport const p = pipeline({ name: "p" }, () => { c("x"); });\n`, expected: spec },
    { category: "imports", name: "a namespace import of kfp-ts", source: `import * as k from "kfp-ts";\nexport const c = k.component((): string => "");\nexport const p = k.pipeline({ name: "p" }, () => { c(); });\n`, expected: spec },
    { category: "imports", name: "an aliased import", source: `import { component as C, pipeline as P } from "kfp-ts";\nexport const c = C((): string => "");\nexport const p = P({ name: "p" }, () => { c(); });\n`, expected: spec },
    { category: "imports", name: "a dynamic import in a component", source: `${header}export const c = component(async (): Promise<string> => String(await import("node:os")));\n${callingPipeline}`, expected: spec },
    { category: "imports", name: "a type-only import", source: `import type { Int as I } from "kfp-ts";\n${header}export const c = component((x: I): void => {});\nexport const p = pipeline({ name: "p" }, () => { c(1); });\n`, expected: spec },
    { category: "imports", name: "a syntax error", source: `${header}export const c = component((: void => {});\n`, expected: diagnostic() },
    { category: "imports", name: "an unterminated string", source: `${header}export const c = component((x = "abc): void => {});\n`, expected: diagnostic() },
    { category: "imports", name: "a re-export of a component", source: `${header}const c0 = component((): void => {});\nexport { c0 as c };\n${callingPipeline}`, expected: diagnostic() },
    { category: "imports", name: "a default export pipeline", source: `${header}export const c = component((): void => {});\nexport default pipeline({ name: "p" }, () => { c(); });\n`, expected: spec },
    { category: "imports", name: "require in ESM", source: `${header}const fs = require("fs");\nexport const c = component((): string => String(fs));\n${callingPipeline}`, expected: spec },
  ];
  return cases;
}

function decorators(): CorpusCase[] {
  return [
    { category: "decorators", name: "a decorated static method", source: `${header}export class S {\n  @component() static a(): string { return ""; }\n  @pipeline({ name: "p" }) static p() { S.a(); }\n}\n`, expected: spec },
    { category: "decorators", name: "two @component() on one method", source: `${header}export class S {\n  @component() @component() static a(): void {}\n}\n`, expected: diagnostic("KFP1010") },
    { category: "decorators", name: "@component() and @pipeline() on one method", source: `${header}export class S {\n  @component() @pipeline({ name: "p" }) static a(): void {}\n}\n`, expected: diagnostic("KFP1010") },
    { category: "decorators", name: "a private static method", source: `${header}export class S {\n  @component() static #a(): void {}\n}\n`, expected: diagnostic("KFP1010") },
    { category: "decorators", name: "a private static pipeline", source: `${header}export class S {\n  @component() static a(): void {}\n  @pipeline({ name: "p" }) static #p() { S.a(); }\n}\n`, expected: diagnostic("KFP1010") },
    { category: "decorators", name: "a decorator without a call", source: `${header}export class S {\n  @component static a(): void {}\n}\n`, expected: diagnostic() },
    { category: "decorators", name: "an instance method", source: `${header}export class S {\n  @component() a(): void {}\n}\nexport const p = pipeline({ name: "p" }, () => { new S().a(); });\n`, expected: diagnostic() },
    { category: "decorators", name: "a class that is not exported", source: `${header}class S {\n  @component() static a(): void {}\n}\nexport const p = pipeline({ name: "p" }, () => { S.a(); });\n`, expected: spec },
    { category: "decorators", name: "a decorator with unknown options", source: `${header}export class S {\n  @component({ colour: "red" } as any) static a(): void {}\n}\n`, expected: diagnostic("KFP0005") },
    { category: "decorators", name: "a class in a function", source: `${header}export function f() {\n  class S { @component() static a(): void {} }\n  return S;\n}\n`, expected: diagnostic() },
    { category: "decorators", name: "a decorated getter", source: `${header}export class S {\n  @component() static get a(): string { return ""; }\n}\n`, expected: diagnostic() },
    { category: "decorators", name: "a user decorator next to @component()", source: `${header}const log = (f: any, _c: ClassMethodDecoratorContext) => f;\nexport class S {\n  @log @component() static a(): string { return ""; }\n}\nexport const p = pipeline({ name: "p" }, () => { S.a(); });\n`, expected: spec },
  ];
}

function taskSettings(): CorpusCase[] {
  const good = [
    '{ displayName: "x" }', "{ caching: false }", '{ cacheKey: "v2" }', "{ retry: { count: 3 } }", '{ retry: { count: 0, backoffDuration: "1m", backoffFactor: 1.5, backoffMaxDuration: "1h" } }',
    '{ cpuRequest: "500m", cpuLimit: 4 }', '{ memoryRequest: "4Gi", memoryLimit: "16G" }', '{ accelerator: { type: "NVIDIA_TESLA_T4", count: 1 } }', '{ env: { A: "1", B: "" } }',
    '{ env: { "__proto__": "x" } }', '{ env: { "a\\nb": "x" } }', '{ image: "node:22" }', "{ after: [] }", '{ displayName: "a\\nb: c" }', '{ displayName: "\\u2028" }',
  ];
  // Where TypeScript's types already refuse a setting, its error is the one diagnostic (TS2322).
  const bad: [string, string?][] = [
    ['{ displayName: "" }', "KFP2005"], ['{ caching: "yes" }', "TS2322"], ['{ cacheKey: "" }', "KFP2005"], ["{ retry: { count: -1 } }", "KFP2005"], ["{ retry: { count: 1.5 } }", "KFP2005"],
    ['{ retry: { count: 1, backoffDuration: "soon" } }', "TS2322"], ["{ retry: { count: 1, backoffFactor: -1 } }", "KFP2005"], ["{ retry: { tries: 1 } as any }", "KFP2005"],
    ['{ cpuRequest: "lots" }', "TS2322"], ['{ memoryLimit: "1.5Gi" }', "KFP2005"], ['{ accelerator: { type: "" } }', "TS2322"], ['{ accelerator: { type: "T4", count: -1 } }', "TS2322"],
    ["{ env: { A: 1 } as any }", "KFP2005"], ['{ image: " " }', "KFP2005"], ['{ colour: "red" } as any', "KFP2005"], ["{ after: [1] as any }", "KFP2006"], ["{ after: undefined as any }", "KFP2006"],
    ["undefined as any", "KFP2005"], ["{ retry: { count: 1e400 } }", "KFP2005"], ['{ ...{ caching: false } }', "KFP2005"], ["{ displayName: String(1) }", "KFP2005"],
  ];
  const cases: CorpusCase[] = [];
  for (const settings of good) {
    cases.push({ category: "task settings", name: `task settings ${settings}`, source: `${header}export const c = component((): string => "");\nexport const p = pipeline({ name: "p" }, () => { task(c, ${settings})(); });\n`, expected: spec });
  }
  for (const [settings, code] of bad) {
    cases.push({ category: "task settings", name: `task settings ${settings}`, source: `${header}export const c = component((): string => "");\nexport const p = pipeline({ name: "p" }, () => { task(c, ${settings})(); });\n`, expected: diagnostic(code) });
  }
  return cases;
}

function empty(): CorpusCase[] {
  const sources = ["", " ", "\n\n", "// only a comment\n", "export {};\n", `import "kfp-ts";\n`, "\uFEFF", "export const x = 1;\n", "/* unterminated", `${header}\n`, `${header}const c = component((): void => {});\n`];
  return sources.map((source, i) => ({ category: "empty" as const, name: `empty file ${i}: ${JSON.stringify(source.slice(0, 20))}`, source, expected: diagnostic() }));
}

/** Every case of the corpus, in a stable order. */
export function corpus(): CorpusCase[] {
  return [...types(), ...defaults(), ...names(), ...unicode(), ...nesting(), ...imports(), ...decorators(), ...taskSettings(), ...empty()];
}
