import { relative } from "node:path";
import type { Command } from "commander";
import type { BuildResult } from "../../transformer/build/build-project.js";
import { formatDiagnostics, formatDiagnosticsPlain } from "../../transformer/diagnostics.js";
import { UserError } from "../errors.js";
import { action } from "./report.js";

interface BuildFlags {
  project: string;
  pretty?: boolean;
  format?: "yaml" | "json";
  image?: string;
  minify?: boolean;
  watch?: boolean;
}

export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("type-check a tsconfig project and compile every pipeline its files export, reporting errors as tsc does")
    .option("-p, --project <tsconfig>", "the tsconfig.json of the project", "tsconfig.json")
    .option("--pretty", "colours and source lines (default when the output is a terminal)")
    .option("--no-pretty", "one line per diagnostic, as `tsc --pretty false`")
    .option("--format <format>", "yaml or json (default yaml)")
    .option("--image <image>", "image the bundled components run on (default: node:22-slim)")
    .option("--minify", "minify component bundles")
    .option("-w, --watch", "keep the program warm and rebuild what a change affects, one line per rebuild")
    .action(action(async (flags: BuildFlags) => {
      if (flags.format && flags.format !== "yaml" && flags.format !== "json") throw new UserError(`--format must be yaml or json, not '${flags.format}'`, 2);
      const { ProjectBuild } = await import("../../transformer/build/build-project.js");
      const started = performance.now();
      const options = {
        ...(flags.format && { format: flags.format }),
        ...(flags.image && { image: flags.image }),
        ...(flags.minify && { minify: true }),
      };
      let build = new ProjectBuild(flags.project, options, { incremental: flags.watch === true });
      const pretty = flags.pretty ?? process.stdout.isTTY === true;
      const result = await build.run();
      const errors = report(result, pretty);
      if (flags.watch) {
        const { rebuildSummary, watchRebuilds } = await import("./build-watch.js");
        const configFiles = build.configFiles;
        await watchRebuilds({
          roots: build.roots,
          files: configFiles,
          ignore: (file) => build.isOutput(file),
          rebuild: async (files) => {
            // A changed tsconfig makes a new program: the build starts again, cold.
            const anew = files.some((file) => configFiles.includes(file));
            if (anew) {
              await build.dispose();
              build = new ProjectBuild(flags.project, options, { incremental: true });
            }
            const rebuilt = await (anew ? build.run() : build.run(files));
            const written = rebuilt.specs.filter((s) => s.written).length;
            return rebuildSummary({ errors: report(rebuilt, pretty), written, unchanged: rebuilt.specs.length - written, ...(rebuilt.writtenAfter !== undefined && { writtenAfter: rebuilt.writtenAfter }) });
          },
        });
      }
      if (errors > 0) {
        process.exitCode = 1;
        return;
      }
      process.stderr.write(`built ${result.specs.length} spec${result.specs.length === 1 ? "" : "s"} in ${Math.round(performance.now() - started)} ms\n`);
    }));
}

/** Prints a build's diagnostics as tsc does and a line per spec; returns the number of errors. */
function report(result: BuildResult, pretty: boolean): number {
  if (result.diagnostics.length > 0) {
    const text = pretty ? formatDiagnostics(result.diagnostics, { color: true }) + "\n" : formatDiagnosticsPlain(result.diagnostics);
    process.stdout.write(text + "\n");
  }
  for (const spec of result.specs) {
    process.stderr.write(`${spec.written ? "wrote" : "unchanged"} ${relative(process.cwd(), spec.path)}: ${spec.kind} '${spec.name}' (${spec.exportName} in ${relative(process.cwd(), spec.sourceFile)})\n`);
  }
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const files = new Set(errors.map((d) => d.location?.file));
  if (errors.length > 0) process.stdout.write(`\nFound ${errors.length} error${errors.length === 1 ? "" : "s"}${files.size > 1 ? ` in ${files.size} files` : ""}.\n`);
  return errors.length;
}
