import type { Node } from "ts-morph";
import type { SourceLocation } from "../ir.js";

export function locationOf(node: Node): SourceLocation {
  const file = node.getSourceFile();
  const start = node.getStart();
  const { line, column } = file.getLineAndColumnAtPos(start);
  const firstLineEnd = node.getText().indexOf("\n");
  return { file: file.getFilePath(), line, column, length: firstLineEnd >= 0 ? firstLineEnd : node.getWidth() };
}
