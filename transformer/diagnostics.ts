import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { SourceLocation } from "./ir.js";

/**
 * Stable diagnostic codes. A code never changes meaning; new mistakes get new codes.
 * KFP0xxx: input and setup; KFP1xxx: component interfaces; KFP2xxx: pipeline bodies;
 * KFP3xxx: bundling; KFP4xxx: type errors reported by TypeScript itself.
 */
export const codes = {
  fileNotFound: "KFP0001",
  dslNotResolved: "KFP0002",
  nothingToCompile: "KFP0003",
  exportNotFound: "KFP0004",
  invalidOption: "KFP0005",
  tooDeeplyNested: "KFP0006",
  duplicateName: "KFP0007",
  unreadableTsconfig: "KFP0008",
  unsupportedType: "KFP1001",
  missingType: "KFP1002",
  unsupportedReturn: "KFP1003",
  notModuleLevel: "KFP1004",
  nonLiteralDefault: "KFP1005",
  invalidArtifactClass: "KFP1006",
  unsupportedParameterSyntax: "KFP1007",
  invalidName: "KFP1008",
  invalidDefault: "KFP1009",
  invalidDecorator: "KFP1010",
  invalidImport: "KFP1011",
  invalidContainer: "KFP1012",
  controlFlow: "KFP2001",
  computation: "KFP2002",
  unknownValue: "KFP2003",
  notACallable: "KFP2004",
  invalidTaskSetting: "KFP2005",
  invalidAfter: "KFP2006",
  argumentMismatch: "KFP2007",
  invalidPipelineOutput: "KFP2008",
  recursion: "KFP2009",
  unsupportedArgument: "KFP2010",
  invalidCondition: "KFP2011",
  invalidLoop: "KFP2012",
  invalidTopology: "KFP2013",
  invalidExitHandler: "KFP2014",
  invalidOneOf: "KFP2015",
  bundleFailed: "KFP3001",
  compilerInBundle: "KFP3002",
  missingImage: "KFP3003",
  containerTooLarge: "KFP3004",
  typeError: "KFP4001",
} as const;

export type DiagnosticCode = (typeof codes)[keyof typeof codes];

export interface Diagnostic {
  readonly code: DiagnosticCode | `TS${number}`;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly location?: SourceLocation;
  /** What to do about it. */
  readonly hint?: string;
}

/** Thrown when compiling cannot go on; carries every diagnostic found so far. */
export class CompileError extends Error {
  override name = "CompileError";
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === "error").map((d) => plainLine(d)).join("\n"));
  }
}

/** Collects diagnostics; analysis goes on after an error so that one run reports them all. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, location?: SourceLocation, hint?: string): void {
    this.items.push({ code, severity: "error", message, ...(location && { location }), ...(hint && { hint }) });
  }

  warning(code: DiagnosticCode, message: string, location?: SourceLocation, hint?: string): void {
    this.items.push({ code, severity: "warning", message, ...(location && { location }), ...(hint && { hint }) });
  }

  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }

  /** Throws a {@link CompileError} if any error was reported. */
  throwIfErrors(): void {
    if (this.hasErrors) throw new CompileError(this.items);
  }
}

function plainLine(d: Diagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column} - ` : "";
  return `${where}${d.severity} ${d.code}: ${d.message}`;
}

export interface FormatOptions {
  /** Paths are shown relative to this directory. */
  readonly cwd?: string;
  readonly color?: boolean;
}

/** Formats diagnostics the way `tsc --pretty` does: location, code, message, the source line underlined, and a hint. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  const paint = colors(options.color ?? false);
  const sources = new Map<string, string[] | undefined>();
  const lines = (file: string) => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(file, "utf8").split(/\r?\n/));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  };
  return diagnostics
    .map((d) => {
      const label = d.severity === "error" ? paint.red("error") : paint.yellow("warning");
      const out: string[] = [];
      const loc = d.location;
      const where = loc ? `${paint.cyan(relative(options.cwd ?? process.cwd(), loc.file) || loc.file)}:${paint.yellow(String(loc.line))}:${paint.yellow(String(loc.column))} - ` : "";
      out.push(`${where}${label} ${paint.gray(d.code + ":")} ${d.message}`);
      const text = loc && lines(loc.file)?.[loc.line - 1];
      if (loc && text !== undefined) {
        const gutter = String(loc.line);
        const width = Math.max(1, Math.min(loc.length, text.length - loc.column + 1));
        out.push("", `${paint.inverse(gutter)} ${text}`, `${paint.inverse(" ".repeat(gutter.length))} ${" ".repeat(loc.column - 1)}${paint.red("~".repeat(width))}`);
      }
      if (d.hint) out.push(`  ${paint.cyan("hint:")} ${d.hint}`);
      return out.join("\n");
    })
    .join("\n\n");
}

/** Formats diagnostics the way `tsc --pretty false` does: `file(line,col): error CODE: message`, a hint indented below. */
export function formatDiagnosticsPlain(diagnostics: readonly Diagnostic[], options: Pick<FormatOptions, "cwd"> = {}): string {
  return diagnostics
    .map((d) => {
      const loc = d.location;
      const where = loc ? `${relative(options.cwd ?? process.cwd(), loc.file) || loc.file}(${loc.line},${loc.column}): ` : "";
      return `${where}${d.severity} ${d.code}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ""}`;
    })
    .join("\n");
}

function colors(enabled: boolean) {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(91, 39), yellow: wrap(93, 39), cyan: wrap(96, 39), gray: wrap(90, 39), inverse: wrap(7, 27) };
}
