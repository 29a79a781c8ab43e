// Interoperability: an imported component YAML (./count-words.yaml, typed by `kfp-ts import`), a container
// component written in TypeScript, and TypeScript components, in one pipeline that runs locally.
import { writeFile } from "node:fs/promises";
import { component, containerComponent, Dataset, pipeline, type Int, type Outputs } from "kfp-ts";
import { countWords } from "./imported.js";

/** Writes the text to count. */
export const writeText = component(async (text: string): Promise<Dataset> => {
  const data = new Dataset();
  await writeFile(data.path, text);
  return data;
});

/** A container with a shell command line: the banner goes to an output parameter through its path. */
export const banner = containerComponent((out: Outputs<{ line: string }>, title: string, words: Int) => ({
  image: "alpine",
  command: ["sh", "-c", 'mkdir -p "$(dirname "$2")" && printf "%s: %s words" "$0" "$1" > "$2"'],
  args: [title, words, out.line],
}));

/** Says whether the text is short. */
export const verdict = component((line: string, words: Int, limit: Int): string => `${line} (${words <= limit ? "short" : "long"})`);

/** Counts the words of a text with an imported component and reports them with a container and a TS component. */
export const interop = pipeline({ name: "interop" }, async (text = "the quick brown fox jumps over the lazy dog", limit: Int = 12) => {
  const data = await writeText(text);
  const counted = countWords({ text: data });
  const line = banner("words", counted.count);
  return verdict(line.line, counted.count, limit);
});
