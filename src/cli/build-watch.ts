import { relative, resolve } from "node:path";
import { watch } from "chokidar";

export interface Rebuilds {
  /** The folders watched, recursively (node_modules aside). */
  readonly roots: readonly string[];
  /** Files watched besides the TypeScript files under `roots` (tsconfig files), wherever they are. */
  readonly files?: readonly string[];
  /** Changes to skip, such as the specs the rebuild writes. */
  readonly ignore?: (file: string) => boolean;
  /** Rebuilds after a change of `files`; returns a summary for the rebuild's line (errors are printed by it). */
  readonly rebuild: (files: readonly string[]) => Promise<string>;
}

/**
 * Rebuilds on every change of a TypeScript file under `root`, one line per rebuild with its time. Errors are
 * printed and the watcher goes on (a failure of the rebuild itself too): fixing the file clears them.
 */
export async function watchRebuilds({ roots, files = [], ignore, rebuild }: Rebuilds): Promise<never> {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const run = async () => {
    const files = [...pending];
    pending.clear();
    const started = performance.now();
    try {
      const summary = await rebuild(files);
      line(`rebuilt in ${Math.round(performance.now() - started)} ms (${files.map((f) => relative(process.cwd(), f)).join(", ")}): ${summary}`);
    } catch (error) {
      line(`rebuild failed, still watching: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  // A folder inside another watched one is watched with it.
  const outermost = [...new Set(roots.filter((root) => !roots.some((other) => other !== root && root.startsWith(other + "/"))))];
  // Watched by folder (chokidar): a file an editor saves by replacing it (write a copy, rename it over) is followed;
  // Node's own recursive watch on Linux loses such a file after its first save.
  const configs = new Set(files.map((file) => resolve(file)));
  const watcher = watch([...outermost, ...configs], { ignoreInitial: true, ignored: (path) => /[\\/](node_modules|\.git)([\\/]|$)/.test(path) });
  watcher.on("all", (event, file) => {
    if (event === "addDir" || event === "unlinkDir" || !(/\.[cm]?tsx?$/.test(file) || configs.has(resolve(file))) || ignore?.(file)) return;
    pending.add(resolve(file));
    clearTimeout(timer);
    // Editors save in bursts (write, rename, touch): one rebuild per burst.
    timer = setTimeout(() => (running = running.then(run)), 25);
  });
  await new Promise<void>((ready) => watcher.once("ready", () => ready()));
  line(`watching ${outermost.map((root) => relative(process.cwd(), root) || ".").join(", ")} for changes`);
  return new Promise<never>(() => {});
}

export interface RebuildCounts {
  readonly errors: number;
  readonly written: number;
  readonly unchanged: number;
  /** Milliseconds to the specs written, when they were written before TypeScript's check ended. */
  readonly writtenAfter?: number;
}

/** The summary of a rebuild that wrote specs or stopped at errors. */
export function rebuildSummary({ errors, written, unchanged, writtenAfter }: RebuildCounts): string {
  const specs = `${written} spec${written === 1 ? "" : "s"} written${writtenAfter === undefined ? "" : ` in ${Math.round(writtenAfter)} ms, before the type check`}`;
  if (errors === 0) return `${specs}, ${unchanged} unchanged`;
  const found = `${errors} error${errors === 1 ? "" : "s"}`;
  return writtenAfter === undefined || written === 0 ? found : `${found} (${specs})`;
}

function line(text: string): void {
  process.stderr.write(`[${new Date().toTimeString().slice(0, 8)}] ${text}\n`);
}
