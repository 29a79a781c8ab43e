import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, extname, join, relative } from "node:path";
import type { Command } from "commander";
import type { CompileOptions, CompileResult } from "../../transformer/compile.js";
import { UserError } from "../errors.js";
import { dagsOf } from "../spec/pipeline-spec.js";
import { writeSpecFile } from "../spec/write.js";
import { action, printDiagnostics } from "./report.js";

interface CompileFlags {
  pipeline?: string;
  output?: string;
  format?: "yaml" | "json";
  image?: string;
  containerized?: string;
  registry?: string;
  typeCheck: boolean;
  minify?: boolean;
  watch?: boolean;
}

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("compile the pipelines a TypeScript file exports into KFP PipelineSpec files")
    .argument("<file>", "a TypeScript file that exports pipeline(…) or component(…) definitions")
    .option("-p, --pipeline <export>", "compile only this export (a pipeline or a component)")
    .option("-o, --output <path>", "output file, or a directory for several specs (default: ./<pipeline-name>.yaml); - for stdout")
    .option("--format <format>", "yaml or json (default: from the output extension, else yaml)")
    .option("--image <image>", "image the bundled components run on (default: node:22-slim)")
    .option("--containerized <build-dir>", "write a build context per component to <build-dir> and reference its image")
    .option("--registry <registry>", "with --containerized: images are named <registry>/<component>:<content hash>")
    .option("--no-type-check", "skip TypeScript's type errors (wiring mistakes)")
    .option("--minify", "minify component bundles")
    .option("-w, --watch", "keep the program warm and compile again on every change, one line per rebuild")
    .action(action(async (file: string, flags: CompileFlags) => {
      if (flags.format && flags.format !== "yaml" && flags.format !== "json") throw new UserError(`--format must be yaml or json, not '${flags.format}'`, 2);
      if (flags.registry && !flags.containerized) throw new UserError("--registry needs --containerized <build-dir>", 2);
      const output = flags.output;
      const toDirectory = output !== undefined && output !== "-" && (output.endsWith("/") || (existsSync(output) && statSync(output).isDirectory()));
      const format = flags.format ?? (output && extname(output) === ".json" ? "json" : "yaml");
      const options: CompileOptions = {
        format,
        typeCheck: flags.typeCheck,
        ...(flags.pipeline && { pipeline: flags.pipeline }),
        ...(flags.image && { image: flags.image }),
        ...(flags.minify && { minify: true }),
        ...(flags.containerized && { containerized: { buildDir: flags.containerized, ...(flags.registry && { registry: flags.registry }) } }),
      };
      const target = { file, output, toDirectory, format, containerized: flags.containerized };
      if (flags.watch) return watchCompile(target, options);
      const { compile } = await import("../../transformer/compile.js");
      const result = await compile(file, options);
      printDiagnostics(result.warnings);
      writeSpecs(result, target);
    }));
}

interface Target {
  readonly file: string;
  readonly output: string | undefined;
  readonly toDirectory: boolean;
  readonly format: "yaml" | "json";
  readonly containerized: string | undefined;
}

/** Writes the compiled specs where `--output` says; with `last` (watch mode), only those whose bytes changed. Returns how many were written. */
function writeSpecs(result: CompileResult, { file, output, toDirectory, format, containerized }: Target, last?: Map<string, string>): number {
  if (result.specs.length > 1 && output !== undefined && !toDirectory) {
    const names = result.specs.map((s) => s.exportName).join(", ");
    throw new UserError(`${file} exports ${result.specs.length} pipelines (${names}): name one with --pipeline, or give a directory to --output`, 2);
  }
  let written = 0;
  for (const spec of result.specs) {
    if (output === "-") {
      process.stdout.write(spec.text);
      continue;
    }
    const path = output === undefined ? `${spec.name}.${format}` : toDirectory ? join(output, `${spec.name}.${format}`) : output;
    if (last?.get(path) === spec.text && existsSync(path)) continue;
    try {
      mkdirSync(dirname(path) || ".", { recursive: true });
      writeSpecFile(path, spec.text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "ENOTDIR" || code === "EEXIST" ? "a part of the path is a file, not a folder" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : (error as Error).message;
      throw new UserError(`cannot write ${path}: ${reason}`);
    }
    last?.set(path, spec.text);
    written++;
    const tasks = dagsOf(spec.spec).reduce((n, [, dag]) => n + Object.values(dag.tasks).filter((t) => spec.spec.components?.[t.componentRef.name]?.executorLabel).length, 0);
    process.stderr.write(`wrote ${relative(process.cwd(), path) || path}: ${spec.kind} '${spec.name}', ${tasks} task${tasks === 1 ? "" : "s"}\n`);
  }
  if (containerized) {
    for (const bundle of result.bundles) process.stderr.write(`  build context for '${bundle.component.functionName}' in ${join(containerized, "…")}\n`);
  }
  return written;
}

/** `compile --watch`: compiles, then again on every change under the file's project; errors are printed, never fatal. */
async function watchCompile(target: Target, options: CompileOptions): Promise<void> {
  const [{ CompileWatch }, { rebuildSummary, watchRebuilds }] = await Promise.all([import("../../transformer/build/watch-compile.js"), import("./build-watch.js")]);
  let watched = new CompileWatch(target.file, options);
  const configFiles = watched.configFiles;
  const written = new Map<string, string>();
  const compileOnce = async (files?: readonly string[]) => {
    const started = performance.now();
    let early: { wrote: number; after: number } | undefined;
    try {
      // A changed tsconfig makes a new program: the watch starts again, cold.
      const anew = files?.some((file) => configFiles.includes(file)) === true;
      if (anew) {
        await watched.dispose();
        watched = new CompileWatch(target.file, options);
      }
      const { diagnostics, result } = await watched.run(anew ? undefined : files, (compiled) => (early = { wrote: writeSpecs(compiled, target, written), after: performance.now() - started }));
      printDiagnostics(diagnostics);
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      if (errors > 0) process.stderr.write(`Found ${errors} error${errors === 1 ? "" : "s"}.\n`);
      const wrote = early?.wrote ?? (result && errors === 0 ? writeSpecs(result, target, written) : 0);
      return rebuildSummary({ errors, written: wrote, unchanged: (result?.specs.length ?? 0) - wrote, ...(early && { writtenAfter: early.after }) });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      process.stderr.write(`kfp-ts: ${error.message}\n`);
      return rebuildSummary({ errors: 1, written: 0, unchanged: 0 });
    }
  };
  await compileOnce();
  await watchRebuilds({ roots: [watched.root], files: configFiles, rebuild: compileOnce });
}
