import { Command } from "commander";
import { kfpTsVersion } from "../../transformer/version.js";
import { registerBuild } from "./build-command.js";
import { registerCompile } from "./compile-command.js";
import { registerInit } from "./init-command.js";
import { registerImport } from "./import-command.js";
import { registerRun } from "./run-command.js";
import { registerRuns } from "./runs-command.js";
import { registerGraph } from "./graph-command.js";
import { registerUi } from "./ui-command.js";
import { registerJobs } from "./jobs-command.js";
import { registerSubmit } from "./submit-command.js";
import { registerUpload } from "./upload-command.js";

const program = new Command("kfp-ts")
  .description("Typed TypeScript pipelines for Kubeflow Pipelines and Vertex AI Pipelines")
  .version(kfpTsVersion)
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

registerCompile(program);
registerBuild(program);
registerInit(program);
registerImport(program);
registerRun(program);
registerRuns(program);
registerUi(program);
registerGraph(program);
registerSubmit(program);
registerJobs(program);
registerUpload(program);

await program.parseAsync(process.argv);
