import type { Command } from "commander";
import { UserError } from "../errors.js";
import type { VertexJob } from "../submit/vertex/jobs.js";
import { formatTable } from "./format.js";
import { action } from "./report.js";

interface JobsFlags {
  project?: string;
  region?: string;
  apiEndpoint?: string;
  json?: boolean;
  filter?: string;
  limit: string;
  all?: boolean;
}

function location(flags: JobsFlags) {
  if (!flags.project || !flags.region) throw new UserError("give --project and --region", 2);
  return { project: flags.project, region: flags.region, ...(flags.apiEndpoint && { endpoint: flags.apiEndpoint }) };
}

function withLocation(command: Command): Command {
  return command
    .option("--project <project>", "Google Cloud project")
    .option("--region <region>", "Vertex AI region")
    .option("--api-endpoint <url>", "Vertex AI endpoint: HOST[:PORT] or https://… (default <region>-aiplatform.googleapis.com; env KFP_TS_VERTEX_ENDPOINT)")
    .option("--json", "print JSON");
}

const short = (state: string) => state.replace(/^PIPELINE_STATE_/, "");

export function registerJobs(program: Command): void {
  const jobs = program.command("jobs").description("list, inspect and cancel Vertex AI pipeline jobs");
  withLocation(jobs.command("list").description("recent pipeline jobs, newest first"))
    .option("--filter <filter>", 'a Vertex AI filter, such as \'pipeline_name="my-pipeline"\'')
    .option("--limit <n>", "how many jobs (fetched page by page)", "20")
    .option("--all", "every job")
    .action(action(async (flags: JobsFlags) => {
      const limit = flags.all ? Infinity : Number(flags.limit);
      if (!flags.all && !(Number.isInteger(limit) && limit > 0)) throw new UserError(`--limit takes a positive whole number, not '${flags.limit}'`, 2);
      const { listVertexJobs } = await import("../submit/vertex/jobs.js");
      const list = await listVertexJobs(location(flags), { limit, ...(flags.filter && { filter: flags.filter }) });
      if (flags.json) return void process.stdout.write(JSON.stringify(list, null, 2) + "\n");
      process.stdout.write(formatTable(["JOB", "STATE", "CREATED", "DISPLAY NAME"], list.map((j) => [j.jobId, short(j.state), j.createTime ?? "", j.displayName])));
    }));
  withLocation(jobs.command("get").description("a job: its state, tasks and errors").argument("<job>", "job id or full name"))
    .action(action(async (id: string, flags: JobsFlags) => {
      const { getVertexJob } = await import("../submit/vertex/jobs.js");
      const job = await getVertexJob(location(flags), id);
      if (flags.json) return void process.stdout.write(JSON.stringify(job, null, 2) + "\n");
      process.stdout.write(describe(job));
    }));
  withLocation(jobs.command("cancel").description("ask Vertex AI to cancel a job").argument("<job>", "job id or full name"))
    .action(action(async (id: string, flags: JobsFlags) => {
      const { cancelVertexJob } = await import("../submit/vertex/jobs.js");
      await cancelVertexJob(location(flags), id);
      process.stderr.write(`cancelling ${id}: Vertex AI stops it shortly (kfp-ts jobs get ${id} shows when)\n`);
    }));
}

function describe(job: VertexJob): string {
  const lines = [`${job.jobId}: ${short(job.state)}`, `  display name  ${job.displayName}`, `  created       ${job.createTime ?? ""}`];
  if (job.endTime) lines.push(`  ended         ${job.endTime}`);
  if (job.error) lines.push(`  error         ${job.error}`);
  lines.push(`  console       ${job.consoleUrl}`, "");
  if (job.tasks.length > 0) lines.push(formatTable(["TASK", "STATE", "ERROR"], job.tasks.map((t) => [t.name, t.state, t.error ?? ""])).trimEnd());
  return lines.join("\n") + "\n";
}
