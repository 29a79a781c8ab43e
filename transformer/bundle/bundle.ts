import { readFile } from "node:fs/promises";
import { dirname, extname, join } from "node:path";
import * as esbuild from "esbuild";
import { findUp } from "../find-up.js";
import { codes, CompileError } from "../diagnostics.js";
import type { ComponentIR } from "../ir.js";
import { entrySource } from "./entry.js";

export interface Bundle {
  readonly component: ComponentIR;
  readonly code: string;
  /** Every module in the bundle, relative to the project root. */
  readonly inputs: readonly string[];
  readonly bytes: number;
}

/** Packages that belong to the compiler and must never end up in a container. */
const compilerPackages = /^(ts-morph|typescript|esbuild|@ts-morph\/.*|kfp-ts\/compiler)(\/.*)?$/;
const loaders: Record<string, esbuild.Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };

export interface BundleOptions {
  /** The directory of kfp-ts's DSL as the user's code resolves it; the runtime next to it is bundled. */
  readonly dslDirectory: string;
  readonly minify?: boolean;
}

/**
 * Bundles one component with esbuild into a self-contained ES module: the user's code, its npm
 * dependencies and the kfp-ts container runtime, without the compiler.
 */
export async function bundleComponent(component: ComponentIR, options: BundleOptions): Promise<Bundle> {
  const runtimeModule = join(options.dslDirectory, "..", "runtime", "index.js");
  const entry = entrySource(component, runtimeModule);
  const root = dirname(findUp(dirname(component.binding.file), "package.json") ?? component.binding.file);
  let result: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      stdin: { contents: entry.source, resolveDir: dirname(component.binding.file), sourcefile: "kfp-ts-entry.js", loader: "js" },
      absWorkingDir: root,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: false,
      metafile: true,
      logLevel: "silent",
      charset: "utf8",
      legalComments: "eof",
      minify: options.minify ?? false,
      banner: { js: "import { createRequire as __kfpCreateRequire } from 'node:module'; const require = __kfpCreateRequire(import.meta.url);" },
      plugins: [
        {
          name: "kfp-ts",
          setup(build: esbuild.PluginBuild) {
            build.onResolve({ filter: compilerPackages }, (args: esbuild.OnResolveArgs) => ({
              errors: [{ text: `'${args.path}' is part of the kfp-ts compiler and cannot run in a container (imported by ${args.importer})` }],
            }));
            for (const [file, names] of entry.injected.byFile) {
              build.onLoad({ filter: new RegExp(`^${escapeRegExp(file)}$`) }, async () => {
                const exports = [...names].map(([local, alias]) => `${local} as ${alias}`).join(", ");
                return { contents: `${await readFile(file, "utf8")}\nexport { ${exports} };\n`, loader: loaders[extname(file)] ?? "ts" };
              });
            }
          },
        },
      ],
    });
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    throw new CompileError((failure.errors ?? [{ text: String(error), location: null }]).map((message) => ({
      code: codes.bundleFailed,
      severity: "error",
      message: `cannot bundle component '${component.functionName}': ${message.text}`,
      ...(message.location
        ? { location: { file: join(root, message.location.file), line: message.location.line, column: message.location.column + 1, length: Math.max(1, message.location.length) } }
        : { location: component.location }),
      hint: "a component bundle holds the component's module and its npm dependencies; native addons and the kfp-ts compiler cannot be bundled",
    })));
  }
  const code = result.outputFiles[0]!.text;
  const inputs = Object.keys(result.metafile.inputs).sort();
  return { component, code, inputs, bytes: Buffer.byteLength(code) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
