// The container command of a kfp-ts component whose bundle is embedded in the spec (the default mode):
// `sh -ec <script> <chunk>…` writes the chunks to a file and runs it with node. Shared by the compiler,
// which writes it, and the local runner, which recognises it.

/** Linux limits one argv string to 128 KiB; bundles are passed in chunks below that. */
export const chunkBytes = 120_000;

/** The launcher script for a bundle passed as `count` chunks ($0 … $count-1). */
export function embeddedScript(count: number): string {
  const parts = Array.from({ length: count }, (_, i) => `"$${i}"`).join(" ");
  return [
    // kfp.local's SubprocessRunner runs only commands that name the Python executor; this one honours its contract.
    "# runs the component under node as kfp.dsl.executor_main runs a Python one: executor input in, executor output out",
    "program_path=$(mktemp -d)",
    `printf "%s" ${parts} > "$program_path/component.mjs"`,
    ...(count > 1 ? [`shift ${count - 1}`] : []),
    'exec node "$program_path/component.mjs" "$@"',
    "",
  ].join("\n");
}

/** The container command that runs `bundle`. */
export function embeddedCommand(bundle: string): string[] {
  const chunks = splitUtf8(bundle, chunkBytes);
  return ["sh", "-ec", embeddedScript(chunks.length), ...chunks];
}

/** The bundle of a command written by {@link embeddedCommand}, or undefined for any other command. */
export function embeddedBundle(command: readonly string[] | undefined): string | undefined {
  if (!command || command.length < 4 || command[0] !== "sh" || command[1] !== "-ec") return undefined;
  return command[2] === embeddedScript(command.length - 3) ? command.slice(3).join("") : undefined;
}

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes, never inside a character. */
export function splitUtf8(text: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    const units = code >= 0x10000 ? 2 : 1;
    if (bytes + width > maxBytes) {
      chunks.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += width;
    i += units;
  }
  chunks.push(text.slice(start));
  return chunks;
}
