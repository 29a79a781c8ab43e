import type { Command } from "commander";
import { loadPipeline } from "../host/pipeline-file.js";
import { action, printDiagnostics } from "./report.js";

export function registerUpload(program: Command): void {
  program
    .command("upload")
    .description("upload a pipeline template to an Artifact Registry KFP repository")
    .argument("<file>", "a TypeScript file (compiled first) or a compiled spec (.yaml, .json)")
    .requiredOption("--registry <url>", "https://REGION-kfp.pkg.dev/PROJECT/REPOSITORY")
    .option("-p, --pipeline <export>", "the pipeline to upload, when the file exports several")
    .option("--tag <tag>", "a tag of the uploaded version (repeatable)", (value: string, all: string[]) => [...all, value], [])
    .option("--token <token>", "access token (default: Application Default Credentials; env KFP_TS_ACCESS_TOKEN)")
    .option("--header <name:value>", "an extra HTTP header (repeatable)", (value: string, all: string[]) => [...all, value], [])
    .action(action(async (file: string, flags: { registry: string; pipeline?: string; tag: string[]; token?: string; header: string[] }) => {
      const loaded = await loadPipeline(file, flags.pipeline ? { pipeline: flags.pipeline } : {});
      printDiagnostics(loaded.warnings);
      const { uploadTemplate } = await import("../submit/registry.js");
      const { parseHeaders } = await import("../submit/validate.js");
      const uploaded = await uploadTemplate(loaded.spec, { registry: flags.registry, tags: flags.tag, text: loaded.text, headers: parseHeaders(flags.header), ...(flags.token && { token: flags.token }) });
      process.stderr.write(`uploaded ${uploaded.packageName} version ${uploaded.version}${flags.tag.length ? ` (tags: ${flags.tag.join(", ")})` : ""}\n`);
      process.stdout.write(`${uploaded.url}\n`);
    }));
}
