import { ts, type Project } from "ts-morph";
import type { DefinitionCall } from "../analysis/definition-calls.js";
import type { AnalysisResult } from "../analysis/index.js";
import type { FunctionSpan } from "../analysis/location.js";
import type { RefreshedFiles } from "./watch-imports.js";

/**
 * A change of one file that no analysis can see: it lies inside the body of a function whose return type is
 * written out (so no type outside the body changes, as with `isolatedDeclarations`), in no body the analysis
 * reads (pipelines, container components), and keeps every line where it was. Offsets are the file's.
 */
export interface BodyEdit {
  readonly start: number;
  /** Where the changed text ended before the edit. */
  readonly oldEnd: number;
  /** Where it ends now. */
  readonly newEnd: number;
}

/** The edit from `before` to `after` when it is a {@link BodyEdit}; undefined when the analysis may differ. */
export function bodyEditOf(before: ts.SourceFile, after: ts.SourceFile, bodiesRead: readonly FunctionSpan[]): BodyEdit | undefined {
  const [a, b] = [before.text, after.text];
  const shorter = Math.min(a.length, b.length);
  let start = 0;
  while (start < shorter && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && a.charCodeAt(a.length - 1 - tail) === b.charCodeAt(b.length - 1 - tail)) tail++;
  const edit = { start, oldEnd: a.length - tail, newEnd: b.length - tail };
  if (a === b) return edit;
  if (parseErrors(after) > parseErrors(before) || lineBreaks(a, start, edit.oldEnd) !== lineBreaks(b, start, edit.newEnd)) return undefined;
  const outer = writtenFunctionAround(before, start, edit.oldEnd);
  const inner = writtenFunctionAround(after, start, edit.newEnd);
  // Parsed the same around the edit: the text outside is identical, so is the rest of the tree.
  if (!outer || !inner || outer.kind !== inner.kind || outer.pos !== inner.pos || inner.end - outer.end !== edit.newEnd - edit.oldEnd) return undefined;
  if (bodiesRead.some((span) => span.start < edit.oldEnd && start < span.end)) return undefined;
  // A declaration after the function on its last line would move along it.
  const lineEnd = a.indexOf("\n", outer.end);
  if (!/^[\s)\]};,]*(\/\/.*)?$/.test(a.slice(outer.end, lineEnd < 0 ? a.length : lineEnd))) return undefined;
  return edit;
}

/** The analysis after body edits: its module-level definition calls and read bodies where they now are. */
export function shiftedAnalysis(analysis: AnalysisResult, edits: ReadonlyMap<string, BodyEdit>): AnalysisResult {
  const shift = offsetAfter(edits);
  return {
    ...analysis,
    definitionCalls: shiftedCalls(analysis.definitionCalls, edits),
    bodiesRead: analysis.bodiesRead.map((span) => (edits.has(span.file) ? { ...span, start: shift(span.file, span.start), end: shift(span.file, span.end) } : span)),
  };
}

/** Module-level definition calls where they are after body edits. */
export function shiftedCalls(calls: ReadonlyMap<string, readonly DefinitionCall[]>, edits: ReadonlyMap<string, BodyEdit>): ReadonlyMap<string, readonly DefinitionCall[]> {
  const shift = offsetAfter(edits);
  return new Map([...calls].map(([file, list]) => [file, edits.has(file) ? list.map((call) => ({ ...call, start: shift(file, call.start) })) : list]));
}

function offsetAfter(edits: ReadonlyMap<string, BodyEdit>): (file: string, offset: number) => number {
  return (file, offset) => {
    const edit = edits.get(file);
    return edit && offset >= edit.oldEnd ? offset + edit.newEnd - edit.oldEnd : offset;
  };
}

/** The innermost function around `start…end` whose body holds it and whose signature alone gives its type. */
function writtenFunctionAround(file: ts.SourceFile, start: number, end: number): ts.FunctionLikeDeclaration | undefined {
  const path: ts.Node[] = [];
  let node: ts.Node | undefined = file;
  while (node) {
    path.push(node);
    node = ts.forEachChild(node, (child) => (child.pos <= start && end <= child.end ? child : undefined));
  }
  for (const candidate of path.reverse()) {
    if (!ts.isFunctionLike(candidate) || !("body" in candidate) || !candidate.body) continue;
    const fn = candidate as ts.FunctionLikeDeclaration;
    const body = fn.body!;
    const inside = ts.isBlock(body) ? body.getStart(file) < start && end < body.end : body.getStart(file) <= start && end <= body.end;
    if (inside && (fn.type !== undefined || ts.isConstructorDeclaration(fn) || ts.isSetAccessorDeclaration(fn))) return fn;
  }
  return undefined;
}

function lineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", start); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** Syntax errors TypeScript's parser found (kept on the file; not part of its public typings). */
function parseErrors(file: ts.SourceFile): number {
  return (file as ts.SourceFile & { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0;
}

/** Each changed file's {@link BodyEdit}, when every change is one (else undefined: analyse again). */
export function bodyEditsOf(project: Project, refreshed: RefreshedFiles, bodiesRead: readonly FunctionSpan[]): Map<string, BodyEdit> | undefined {
  const edits = new Map<string, BodyEdit>();
  for (const file of refreshed.changed) {
    const before = refreshed.before.get(file);
    const after = project.getSourceFile(file)?.compilerNode;
    const edit = before && after && bodyEditOf(before, after, bodiesRead.filter((span) => span.file === file));
    if (!edit) return undefined;
    edits.set(file, edit);
  }
  return edits;
}
