// Every parameter type, optional inputs, literal defaults and constants, and the rarer artifact types.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { component, HTML, Markdown, pipeline, SlicedClassificationMetrics, type Artifact, type Int } from "kfp-ts";

/**
 * Describes a run from every kind of parameter.
 * @param name the run's name
 * @param runs how many runs
 * @param rate a rate between 0 and 1
 * @param verbose whether to say more
 * @param tags labels of the run
 * @param options free-form settings
 * @param note an optional remark
 */
export const describeRun = component((
  name: string,
  runs: Int,
  rate: number,
  verbose: boolean,
  tags: string[],
  options: Record<string, unknown>,
  note?: string,
  extra: Record<string, number> = { retries: 2 },
  levels: number[] = [1, 2, 3],
  dryRun = false,
): string => {
  const parts = [`${name}: ${runs} run(s) at rate ${rate}`, `tags ${tags.join("+") || "none"}`, `levels ${levels.join("/")}`];
  if (verbose) parts.push(`options ${JSON.stringify(options)}`, `extra ${JSON.stringify(extra)}`);
  if (note) parts.push(`note: ${note}`);
  if (dryRun) parts.push("(dry run)");
  return parts.join("; ");
});

async function write(artifact: Artifact, text: string): Promise<void> {
  await mkdir(dirname(artifact.path), { recursive: true });
  await writeFile(artifact.path, text);
}

/**
 * Renders a line as a page, with per-slice metrics.
 * @param line the line to render
 * @param previous an earlier page to link to
 */
export const render = component(async (line: string, previous?: Artifact): Promise<{
  page: HTML;
  slices: SlicedClassificationMetrics;
  words: Int;
}> => {
  const page = new HTML();
  const link = previous ? `<p>Previous: ${previous.uri}</p>` : "";
  await write(page, `<!doctype html><title>run</title><p>${line.replace(/[<&]/g, (c) => (c === "<" ? "&lt;" : "&amp;"))}</p>${link}`);
  const slices = new SlicedClassificationMetrics();
  slices.logConfusionMatrix("short words", ["yes", "no"], [[2, 1], [0, 3]]);
  slices.logConfusionMatrix("long words", ["yes", "no"], [[4, 0], [1, 1]]);
  return { page, slices, words: line.split(/\s+/).length };
});

/**
 * Joins pages into one Markdown document.
 * @param pages the pages to join
 */
export const combine = component(async (pages: HTML[]): Promise<Markdown> => {
  const texts = await Promise.all(pages.map((p) => readFile(p.path, "utf8")));
  const document = new Markdown();
  await write(document, texts.map((t, i) => `## Page ${i + 1}\n\n${t}\n`).join("\n"));
  return document;
});

/** Passes every kind of value to a component. */
export const parameters = pipeline(
  { name: "parameters" },
  async (name = "kfp-ts", runs: Int = 3, rate = 0.5, verbose = true, tags: string[] = ["a", "b"], options: Record<string, unknown> = { depth: 2 }) => {
    const line = describeRun(name, runs, rate, verbose, tags, options, undefined, { retries: 5 }, [0.5, -1], true);
    const { page, words } = await render(line);
    return { page, words };
  },
);
