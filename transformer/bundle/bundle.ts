import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, relative } from "node:path";
import type * as esbuild from "esbuild";
import type { DefinitionCall } from "../analysis/definition-calls.js";
import { codes, CompileError } from "../diagnostics.js";
import type { ComponentIR } from "../ir.js";
import { BundleCache } from "./bundle-cache.js";
import { entrySource } from "./entry.js";
import { isUserModule, portablePath, renameModulePaths, userSourceMap, type ModuleOrigins } from "./portable.js";

export interface Bundle {
  readonly component: ComponentIR;
  readonly code: string;
  /** The source map of the user's own modules (JSON, sources relative to the project root), if any. */
  readonly sourceMap?: string;
  /** Every module in the bundle, by its portable name (see {@link portablePath}). */
  readonly inputs: readonly string[];
  readonly bytes: number;
  /** The code and source map packed as an embedded command carries them, when the bundle cache holds them. */
  readonly packed?: { readonly code: string; readonly sourceMap?: string };
}

/** Packages that belong to the compiler and must never end up in a container. */
const compilerPackages = /^(ts-morph|typescript|esbuild|@ts-morph\/.*|kfp-ts\/compiler)(\/.*)?$/;
const entryFileName = "kfp-ts-entry.js";
const loaders: Record<string, esbuild.Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };

export interface BundleOptions extends ModuleOrigins {
  /** The directory of kfp-ts's DSL as the user's code resolves it; the runtime next to it is bundled. */
  readonly dslDirectory: string;
  readonly minify?: boolean;
  /** Module-level `component(…)` / `pipeline(…)` calls per file: marked pure, a bundle keeps only those it reaches. */
  readonly definitionCalls?: ReadonlyMap<string, readonly DefinitionCall[]>;
}

/**
 * Bundles one component with esbuild into a self-contained ES module: the code reachable from the
 * component (its siblings and the pipelines of its module are left out), its npm dependencies and the
 * kfp-ts container runtime, without the compiler. The same sources give the same bytes on every machine.
 */
export async function bundleComponent(component: ComponentIR, options: BundleOptions): Promise<Bundle> {
  const plan = bundlePlan(component, options);
  const cache = BundleCache.of(plan, options, `${esbuildVersion()}\n${bundleShaping}`);
  const cached = cache?.read(component);
  if (cached) return cached;
  // esbuild loads (10–25 ms) when a compile first bundles a component that is not in the cache: other commands, a
  // failed analysis and a compile of unchanged components never load it. Required, not imported: the request goes
  // out to esbuild's process before this returns, and bundles while the caller type-checks (../compile.ts).
  const bundler = load("esbuild") as typeof esbuild;
  const result = await plan.run(bundler.build(plan.esbuildOptions));
  const bundle = plan.finish(result);
  return cache?.write(bundle, Object.keys(result.metafile.inputs)) ?? bundle;
}

/** Made when called: a compile snapshot (src/cli/snapshot/) holds this module, and a `require` made while one is built would be that process's. */
const load = (id: string): unknown => createRequire(import.meta.url)(id);

/** The version of the esbuild that bundles, read without loading it. */
const esbuildVersion = () => (load("esbuild/package.json") as { version: string }).version;

/** What esbuild is asked to build for a component, and how its output becomes a {@link Bundle}. */
export interface BundlePlan {
  /** The generated entry module: when it changes, the bundle's esbuild options change. */
  readonly entry: string;
  readonly esbuildOptions: esbuild.BuildOptions & { write: false; metafile: true };
  /** Awaits a build of {@link esbuildOptions}, turning esbuild's failure into a located {@link CompileError}. */
  run(build: Promise<esbuild.BuildResult<{ write: false; metafile: true }>>): Promise<esbuild.BuildResult<{ write: false; metafile: true }>>;
  finish(result: esbuild.BuildResult<{ write: false; metafile: true }>): Bundle;
}

/**
 * The esbuild build of a component ({@link bundleComponent} runs it once; watch mode keeps it as an esbuild
 * context). `options.definitionCalls` is read when a module loads, so a context sees the latest analysis.
 */
export function bundlePlan(component: ComponentIR, options: BundleOptions): BundlePlan {
  const runtimeModule = join(options.dslDirectory, "..", "runtime", "index.js");
  const entry = entrySource(component, runtimeModule);
  const root = options.projectRoot;
  const rewritten = new Set([...entry.injected.byFile.keys(), ...(options.definitionCalls?.keys() ?? [])]);
  const esbuildOptions = {
    stdin: { contents: entry.source, resolveDir: dirname(component.binding.file), sourcefile: entryFileName, loader: "js" },
    absWorkingDir: root,
    outfile: join(root, "component.mjs"),
    sourcemap: "external",
    sourcesContent: false,
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
          // esbuild would read and compose dependencies' own source maps, only for the bundle's map to drop them
          // (it keeps the user's files): without their comments a rebuild takes about half as long.
          build.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args: esbuild.OnLoadArgs) => ({
            contents: (await readFile(args.path, "utf8")).replace(sourceMapComment, ""),
            loader: "js",
          }));
          if (rewritten.size === 0) return;
          const filter = new RegExp(`^(${[...rewritten].map(escapeRegExp).join("|")})$`);
          build.onLoad({ filter }, async (args: esbuild.OnLoadArgs) => {
            let contents = withPureDefinitions((await readFile(args.path, "utf8")).replace(/^\uFEFF/, ""), options.definitionCalls?.get(args.path) ?? []);
            const names = entry.injected.byFile.get(args.path);
            if (names) contents += `\nexport { ${[...names].map(([local, alias]) => `${local} as ${alias}`).join(", ")} };\n`;
            return { contents, loader: loaders[extname(args.path)] ?? "ts" };
          });
        },
      },
    ],
  } satisfies esbuild.BuildOptions;
  return {
    entry: entry.source,
    esbuildOptions,
    async run(build) {
      try {
        return await build;
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
    },
    finish(result) {
      const renames = new Map(Object.keys(result.metafile.inputs).map((path) => [path, portablePath(path, options)]));
      const code = renameModulePaths(result.outputFiles.find((f) => f.path.endsWith(".mjs"))!.text, renames);
      const mapFile = result.outputFiles.find((f) => f.path.endsWith(".map"));
      // The user's own modules, not the generated entry (nor sources that dependencies' own maps point at).
      const entryPath = relative(root, join(dirname(component.binding.file), entryFileName)).replaceAll("\\", "/");
      const userModules = new Map([...renames].filter(([path, portable]) => path !== entryPath && isUserModule(portable)));
      const sourceMap = mapFile && userSourceMap(mapFile.text, (source) => userModules.get(source));
      const inputs = [...renames.values()].sort();
      return { component, code, ...(sourceMap && { sourceMap }), inputs, bytes: Buffer.byteLength(code) };
    },
  };
}

/** The code that turns a component and esbuild's output into a bundle: stored bundles are kept only while it is the same. */
const bundleShaping = [bundlePlan, withPureDefinitions, entrySource, renameModulePaths, userSourceMap, portablePath, isUserModule].map(String).join("\n");

/**
 * The module's text with its definition calls marked `/* @__PURE__ *\/`, so esbuild drops those the
 * bundle does not reach. A call that is no longer where the analysis saw it (the file changed) is left alone.
 */
function withPureDefinitions(text: string, calls: readonly DefinitionCall[]): string {
  let result = text;
  for (const call of [...calls].sort((a, b) => b.start - a.start)) {
    if (result.startsWith(call.callee, call.start)) result = `${result.slice(0, call.start)}/* @__PURE__ */ ${result.slice(call.start)}`;
  }
  return result;
}

const sourceMapComment = /^[ \t]*\/\/[#@] sourceMappingURL=.*$/gm;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
