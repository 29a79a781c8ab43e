// `<root>/.console.json`: where a running console listens, so `kfp-ts run` can print a link to its run.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface ConsoleFile {
  readonly url: string;
  readonly pid: number;
}

const fileOf = (root: string) => join(root, ".console.json");

export function recordConsole(root: string, url: string): () => void {
  const path = fileOf(root);
  writeFileSync(path, JSON.stringify({ url, pid: process.pid } satisfies ConsoleFile) + "\n");
  return () => {
    try {
      if ((JSON.parse(readFileSync(path, "utf8")) as ConsoleFile).pid === process.pid) rmSync(path, { force: true });
    } catch {
      // Already gone, or another console took over.
    }
  };
}

/** The URL of the console serving `root`, when one is running. */
export function runningConsole(root: string): string | undefined {
  try {
    const recorded = JSON.parse(readFileSync(fileOf(root), "utf8")) as ConsoleFile;
    process.kill(recorded.pid, 0);
    return recorded.url;
  } catch {
    return undefined;
  }
}
