import { ts, type Node } from "ts-morph";
import type { SourceLocation } from "../ir.js";

/** Where a node starts (1-based), and the length of its first line. Uses the file's line map: O(log lines). */
export function locationOf(node: Node): SourceLocation {
  const file = node.getSourceFile().compilerNode;
  const start = node.getStart();
  const end = node.getEnd();
  const { line, character } = ts.getLineAndCharacterOfPosition(file, start);
  const lineEnd = file.text.indexOf("\n", start);
  return { file: node.getSourceFile().getFilePath(), line: line + 1, column: character + 1, length: lineEnd >= 0 && lineEnd < end ? lineEnd - start : end - start };
}

/** A node's text in its file, as offsets. */
export interface FunctionSpan {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export function spanOf(node: Node): FunctionSpan {
  return { file: node.getSourceFile().getFilePath(), start: node.getPos(), end: node.getEnd() };
}
