import { codes, type Diagnostic } from "../diagnostics.js";

/** V8's message when recursion runs out of stack, which TypeScript's parser and checker can hit. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * The diagnostic for source nested too deeply for the compiler (TypeScript recurses once per level),
 * placed where the brackets of `text` are nested deepest.
 */
export function tooDeeplyNested(file: string, text: string): Diagnostic {
  let depth = 0;
  let deepest = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{" || c === "<") {
      if (++depth > deepest) {
        deepest = depth;
        at = i;
      }
    } else if (c === ")" || c === "]" || c === "}" || c === ">") depth = Math.max(0, depth - 1);
  }
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return {
    code: codes.tooDeeplyNested,
    severity: "error",
    message: "this code is too deeply nested for the compiler to analyse",
    location: { file, line, column, length: 1 },
    hint: "split the expression or type into named parts (a const, a type alias, a function)",
  };
}
