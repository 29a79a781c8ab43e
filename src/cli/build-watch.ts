import { watch } from "node:fs";
import { join, relative } from "node:path";
import type { BuildResult, ProjectBuild } from "../../transformer/build/build-project.js";

/**
 * Rebuilds on every change of a TypeScript file under the project's folder (its spec folder and node_modules
 * aside), one line per rebuild. Errors are printed and the watcher goes on: fixing the file clears them.
 */
export async function watchBuild(build: ProjectBuild, report: (result: BuildResult) => void): Promise<never> {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const rebuild = async () => {
    const files = [...pending];
    pending.clear();
    const started = performance.now();
    try {
      const result = await build.run(files);
      report(result);
      const errors = result.diagnostics.filter((d) => d.severity === "error").length;
      const written = result.specs.filter((s) => s.written).length;
      const summary = errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : `${written} spec${written === 1 ? "" : "s"} written, ${result.specs.length - written} unchanged`;
      line(`rebuilt in ${Math.round(performance.now() - started)} ms (${files.map((f) => relative(process.cwd(), f)).join(", ")}): ${summary}`);
    } catch (error) {
      line(`rebuild failed, still watching: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  watch(build.root, { recursive: true }, (_event, name) => {
    if (!name || !/\.[cm]?tsx?$/.test(name) || name.split(/[\\/]/).includes("node_modules")) return;
    const file = join(build.root, name);
    if (file.startsWith(build.outDir + "/")) return;
    pending.add(file);
    clearTimeout(timer);
    // Editors save in bursts (write, rename, touch): one rebuild per burst.
    timer = setTimeout(() => (running = running.then(rebuild)), 25);
  });
  line(`watching ${relative(process.cwd(), build.root) || "."} for changes`);
  return new Promise<never>(() => {});
}

function line(text: string): void {
  process.stderr.write(`[${new Date().toTimeString().slice(0, 8)}] ${text}\n`);
}
