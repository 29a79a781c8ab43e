// The names a spec gives to pipelines, tasks, inputs and outputs are untrusted: the local runner makes
// paths of them. These are the rules every name must pass, shared by the compiler and the spec loader.

/** Characters no name may hold: C0 controls (NUL, newline, …), DEL, C1 controls, and the Unicode line and paragraph separators. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why `name` cannot name a pipeline, task, input or output (it would escape a directory, hide a file
 * of the runner, or break a process argument), or undefined when it can.
 */
export function unsafeNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (name === "." || name === "..") return `'${name}' names a directory, not a file`;
  if (name.includes("/") || name.includes("\\")) return "it contains a path separator ('/' or '\\')";
  const control = controlCharacters.exec(name);
  if (control) return `it contains the control character U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  if (name.startsWith(".")) return "it starts with '.', which the local runner keeps for its own folders (.logs, .staging)";
  if (name === "__proto__") return "'__proto__' cannot be a key of a JSON object in JavaScript";
  return undefined;
}

/** A JavaScript identifier (what a parameter or a field of an output object must be to reach the function). */
const identifierPattern = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u;

/** Why `name` cannot be a component's input or output name, or undefined when it can. */
export function ioNameProblem(name: string): string | undefined {
  const unsafe = unsafeNameProblem(name);
  if (unsafe) return unsafe;
  if (!identifierPattern.test(name)) return "it is not an identifier (letters, digits, '_' and '$', not starting with a digit)";
  return undefined;
}

/** `text` for a message: quoted as JSON, so control characters show as escapes, and cut when long. */
export function quoteName(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
