// The container command of a kfp-ts component whose bundle is embedded in the spec (the default mode):
// `node -e <loader> <packed bundle>`, where the bundle is brotli-compressed and base64-encoded. Node
// itself unpacks it at start (nothing is installed), so the command is several times smaller than the
// bundle and holds no `{{` (which Argo would interpolate). The source map travels, packed the same
// way, in an environment variable: KFP's cache key covers the image, command and args, not the
// environment, so a line added above a component moves its map but keeps its cache hits. Component
// YAML carries it as a last command element instead (`sourcemap:<packed>`): Python pipelines load
// component YAML, and kfp 2.17 cannot load a container's `env` back.
// Shared by the compiler, which writes the command, and the local runner, which recognises it.
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import type { ContainerSpec } from "./pipeline-spec.js";

/** The environment variable holding the packed source map of an embedded bundle. */
export const sourceMapVariable = "KFP_TS_SOURCE_MAP";
/** The prefix of the command element holding the packed source map instead (base64 has no `:`). */
const sourceMapPrefix = "sourcemap:";

/**
 * Run by `node -e` with the packed bundle as its first argument: writes the program (with its source
 * map inline, rooted at `/`, the project's root) to a temporary file and imports it as
 * `node <file> <args>` would. CommonJS, for `-e`; no `{{`, `<`, `>` or `&`, which JSON writers escape.
 */
export const loaderScript = [
  // kfp.local's SubprocessRunner runs only commands that name the Python executor; this one honours its contract.
  "// runs the component under node as kfp.dsl.executor_main runs a Python one: executor input in, executor output out",
  'const z=require("node:zlib"),fs=require("node:fs"),path=require("node:path"),os=require("node:os"),url=require("node:url");',
  'const unpack=(text)=>z.brotliDecompressSync(Buffer.from(text,"base64")).toString("utf8");',
  `let packedMap=process.env.${sourceMapVariable};`,
  `delete process.env.${sourceMapVariable};`,
  `if(process.argv[2]?.startsWith("${sourceMapPrefix}"))packedMap=process.argv.splice(2,1)[0].slice(${sourceMapPrefix.length});`,
  'let program=unpack(process.argv[1]);',
  "if(packedMap){",
  'const map=JSON.parse(unpack(packedMap));map.sourceRoot="/";',
  'program+="\\n//# sourceMappingURL=data:application/json;base64,"+Buffer.from(JSON.stringify(map)).toString("base64")+"\\n";',
  "process.setSourceMapsEnabled(true);",
  "}",
  'const file=path.join(fs.mkdtempSync(path.join(os.tmpdir(),"kfp-ts-")),"component.mjs");',
  "fs.writeFileSync(file,program);",
  "process.argv.splice(1,1,file);",
  "import(url.pathToFileURL(file).href);",
].join("\n");

/**
 * Text → base64 of its brotli compression. Quality 5 is within 15% of brotli's best ratio on bundles
 * at a fiftieth of its time (about 20 ms against 1 s for a 260 kB bundle).
 */
export function packText(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).toString("base64");
}

export function unpackText(packed: string): string {
  return brotliDecompressSync(Buffer.from(packed, "base64")).toString("utf8");
}

/** The container command that runs `bundle`. */
export function embeddedCommand(bundle: string, pack = packText): string[] {
  return ["node", "-e", loaderScript, pack(bundle)];
}

/** An embedded container with its source map moved from `env` into its command (for component YAML). */
export function withSourceMapInCommand<C extends Pick<ContainerSpec, "command" | "env">>(container: C): C {
  const packedMap = container.env?.find((e) => e.name === sourceMapVariable)?.value;
  if (!isEmbeddedCommand(container.command) || packedMap === undefined) return container;
  const { env, ...rest } = container;
  const others = env!.filter((e) => e.name !== sourceMapVariable);
  return { ...rest, command: [...container.command, sourceMapPrefix + packedMap], ...(others.length > 0 && { env: others }) } as C;
}

/** The environment entry carrying a bundle's source map. */
export function sourceMapEnv(sourceMap: string, pack = packText): { name: string; value: string } {
  return { name: sourceMapVariable, value: pack(sourceMap) };
}

export interface EmbeddedProgram {
  readonly code: string;
  /** The source map (JSON, sources relative to the project root), when the container carries one. */
  readonly sourceMap?: string;
}

/** True for a command written by {@link embeddedCommand}. */
export function isEmbeddedCommand(command: readonly string[] | undefined): command is readonly [string, string, string, string, ...string[]] {
  if (!command || command[0] !== "node" || command[1] !== "-e" || command[2] !== loaderScript) return false;
  return command.length === 4 || (command.length === 5 && command[4]!.startsWith(sourceMapPrefix));
}

const unpacked = new WeakMap<object, EmbeddedProgram>();

/** The program of a container written by {@link embeddedCommand} (unpacked once per container), or undefined for any other container. */
export function embeddedProgram(container: Pick<ContainerSpec, "command" | "env">): EmbeddedProgram | undefined {
  if (!isEmbeddedCommand(container.command)) return undefined;
  let program = unpacked.get(container);
  if (!program) {
    const packedMap = container.env?.find((e) => e.name === sourceMapVariable)?.value ?? container.command[4]?.slice(sourceMapPrefix.length);
    program = { code: unpackText(container.command[3]), ...(packedMap && { sourceMap: unpackText(packedMap) }) };
    unpacked.set(container, program);
  }
  return program;
}

/** The program file's text, as the loader writes it: the code, and its source map inline with `sourceRoot`. */
export function programText(program: EmbeddedProgram, sourceRoot: string): string {
  if (!program.sourceMap) return program.code;
  const map = { ...(JSON.parse(program.sourceMap) as object), sourceRoot };
  return `${program.code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
}
