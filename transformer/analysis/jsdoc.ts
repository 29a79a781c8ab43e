import { Node } from "ts-morph";

export interface Docs {
  readonly description?: string;
  /** `@param name text`, by parameter name. */
  readonly params: ReadonlyMap<string, string>;
  /** `@returns text`. */
  readonly returns?: string;
}

/** The JSDoc of a declaration; for `const x = …` it is the comment above the statement. */
export function docsOf(...nodes: (Node | undefined)[]): Docs {
  const params = new Map<string, string>();
  let description: string | undefined;
  let returns: string | undefined;
  for (const node of nodes) {
    const holder = node && Node.isVariableDeclaration(node) ? node.getVariableStatement() : node;
    if (!holder || !Node.isJSDocable(holder)) continue;
    for (const doc of holder.getJsDocs()) {
      const text = doc.getDescription().trim();
      if (text && description === undefined) description = normalize(text);
      for (const tag of doc.getTags()) {
        const comment = normalize(tag.getCommentText()?.replace(/^\s*-\s*/, "") ?? "");
        if (Node.isJSDocParameterTag(tag) && comment) params.set(tag.getName(), comment);
        else if (Node.isJSDocReturnTag(tag) && comment) returns = comment;
      }
    }
  }
  return { ...(description !== undefined && { description }), params, ...(returns !== undefined && { returns }) };
}

/** Blank lines between paragraphs are dropped, as in KFP's docstring descriptions. */
function normalize(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n");
}
