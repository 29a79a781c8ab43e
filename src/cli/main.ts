import { Command } from "commander";
import { kfpTsVersion } from "../../transformer/version.js";

const program = new Command("kfp-ts")
  .description("Typed TypeScript pipelines for Kubeflow Pipelines and Vertex AI Pipelines")
  .version(kfpTsVersion)
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

/** Each command's module, loaded only when it runs (or for help): `kfp-ts compile` loads no runner, console or client. */
const commands: Record<string, () => Promise<(program: Command) => void>> = {
  compile: async () => (await import("./compile-command.js")).registerCompile,
  build: async () => (await import("./build-command.js")).registerBuild,
  init: async () => (await import("./init-command.js")).registerInit,
  import: async () => (await import("./import-command.js")).registerImport,
  run: async () => (await import("./run-command.js")).registerRun,
  runs: async () => (await import("./runs-command.js")).registerRuns,
  ui: async () => (await import("./ui-command.js")).registerUi,
  graph: async () => (await import("./graph-command.js")).registerGraph,
  submit: async () => (await import("./submit-command.js")).registerSubmit,
  jobs: async () => (await import("./jobs-command.js")).registerJobs,
  upload: async () => (await import("./upload-command.js")).registerUpload,
};

const named = process.argv[2];
for (const register of named !== undefined && Object.hasOwn(commands, named) ? [commands[named]!] : Object.values(commands)) (await register())(program);

await program.parseAsync(process.argv);
