import type { Command } from "commander";
import { UserError } from "../errors.js";
import { parseParameterArguments } from "../host/parameters.js";
import { loadPipeline } from "../host/pipeline-file.js";
import { parseHeaders, parsePairs } from "../submit/validate.js";
import { follow, JobProgress } from "./job-progress.js";
import { action, printDiagnostics } from "./report.js";

const collect = (value: string, all: string[]) => [...all, value];

interface SubmitFlags {
  pipeline?: string;
  project?: string;
  region?: string;
  root?: string;
  param: string[];
  serviceAccount?: string;
  network?: string;
  label: string[];
  cache?: boolean;
  displayName?: string;
  jobId?: string;
  wait?: boolean;
  pollInterval: string;
  apiEndpoint?: string;
  kfpHost?: string;
  token?: string;
  kfpUpload?: boolean;
  experiment?: string;
  experimentId?: string;
  namespace?: string;
  header: string[];
  dropPlatform?: boolean;
}

export function registerSubmit(program: Command): void {
  program
    .command("submit")
    .description("submit a pipeline to Vertex AI Pipelines (or, with --kfp-host, to Kubeflow Pipelines)")
    .argument("<file>", "a TypeScript file (compiled first) or a compiled spec (.yaml, .json)")
    .option("-p, --pipeline <export>", "the pipeline to submit, when the file exports several")
    .option("--project <project>", "Google Cloud project (Vertex AI)")
    .option("--region <region>", "Vertex AI region, such as us-central1")
    .option("--root <uri>", "pipeline root (gs://… on Vertex AI); default: the spec's")
    .option("--param <key=value>", "a pipeline parameter, parsed by its declared type (repeatable)", collect, [])
    .option("--service-account <email>", "the service account the job runs as")
    .option("--network <name>", "VPC network: projects/<number>/global/networks/<name>")
    .option("--label <key=value>", "a label of the job (repeatable)", collect, [])
    .option("--cache", "cache every task, whatever the spec says")
    .option("--no-cache", "cache no task, whatever the spec says")
    .option("--display-name <name>", "default: as the Python SDK names jobs")
    .option("--job-id <id>", "default: <pipeline name>-<YYYYMMDDHHMMSS>")
    .option("--wait", "follow the job to its end; exit non-zero unless it succeeds")
    .option("--poll-interval <seconds>", "seconds between polls with --wait", "5")
    .option("--api-endpoint <url>", "Vertex AI endpoint: HOST[:PORT] or https://… (default <region>-aiplatform.googleapis.com; env KFP_TS_VERTEX_ENDPOINT)")
    .option("--kfp-host <url>", "a Kubeflow Pipelines API, such as http://localhost:8888 (instead of Vertex AI)")
    .option("--token <token>", "bearer token for Kubeflow Pipelines (env KFP_TS_ACCESS_TOKEN)")
    .option("--kfp-upload", "upload the pipeline (or a new version) before the run, instead of sending the spec inline")
    .option("--experiment <name>", "Kubeflow Pipelines experiment, found or created by name as kfp.Client does (default: env KF_PIPELINES_DEFAULT_EXPERIMENT_NAME, else Default)")
    .option("--experiment-id <id>", "Kubeflow Pipelines experiment of the run, by id")
    .option("--namespace <namespace>", "Kubernetes namespace of a multi-user Kubeflow Pipelines (for the experiment)")
    .option("--drop-platform", "submit to Vertex AI without the tasks' Kubernetes settings, which it refuses")
    .option("--header <name:value>", "an extra HTTP header for Kubeflow Pipelines, such as a proxy's cookie (repeatable)", collect, [])
    .action(action(async (file: string, flags: SubmitFlags) => {
      const vertexOnly = { project: flags.project, region: flags.region, network: flags.network, "job-id": flags.jobId, "api-endpoint": flags.apiEndpoint, label: flags.label[0], "drop-platform": flags.dropPlatform };
      const kfpOnly = { token: flags.token, "kfp-upload": flags.kfpUpload, experiment: flags.experiment, "experiment-id": flags.experimentId, namespace: flags.namespace, header: flags.header[0] };
      const misplaced = Object.entries(flags.kfpHost ? vertexOnly : kfpOnly).filter(([, value]) => value !== undefined).map(([name]) => `--${name}`);
      if (misplaced.length > 0) {
        const verb = misplaced.length === 1 ? "applies" : "apply";
        throw new UserError(`${misplaced.join(", ")} ${verb} to ${flags.kfpHost ? "Vertex AI, not to --kfp-host" : "Kubeflow Pipelines: add --kfp-host URL"}`, 2);
      }
      const pollSeconds = Number(flags.pollInterval);
      if (!(pollSeconds > 0)) throw new UserError(`--poll-interval takes a number of seconds, not '${flags.pollInterval}'`, 2);
      const loaded = await loadPipeline(file, flags.pipeline ? { pipeline: flags.pipeline } : {});
      printDiagnostics(loaded.warnings);
      const parameters = parseParameterArguments(flags.param, loaded.spec);
      const common = {
        parameters,
        ...(flags.root && { root: flags.root }),
        ...(flags.cache !== undefined && { cache: flags.cache }),
        ...(flags.displayName && { displayName: flags.displayName }),
        ...(flags.serviceAccount && { serviceAccount: flags.serviceAccount }),
      };
      if (flags.kfpHost) {
        const { submitToKfp, waitForKfpRun } = await import("../submit/kfp/runs.js");
        const token = flags.token ?? process.env.KFP_TS_ACCESS_TOKEN;
        const target = { host: flags.kfpHost, ...(token && { token }), headers: parseHeaders(flags.header) };
        const progress = new JobProgress("run");
        const run = await submitToKfp(loaded.spec, {
          ...target,
          ...common,
          ...(flags.kfpUpload && { upload: true }),
          ...(flags.experiment !== undefined && { experiment: flags.experiment }),
          ...(flags.experimentId !== undefined && { experimentId: flags.experimentId }),
          ...(flags.namespace && { namespace: flags.namespace }),
          specText: loaded.text,
          ...(loaded.platformSpec && { platformSpec: loaded.platformSpec }),
          onRetry: progress.retrying,
          onNotice: (message) => process.stderr.write(`  (${message})\n`),
        });
        process.stderr.write(`created run ${run.runId} ('${run.displayName}') on ${flags.kfpHost}\n  ${run.url}\n`);
        process.stdout.write(`${run.runId}\n`);
        if (flags.wait) await follow("run", run.runId, "SUCCEEDED", (p) => waitForKfpRun(target, run.runId, { pollSeconds, onUpdate: p.update, onRetry: p.retrying }));
        return;
      }
      if (!flags.project || !flags.region) throw new UserError("Vertex AI needs --project and --region (or submit to Kubeflow Pipelines with --kfp-host)", 2);
      const { submitToVertex, waitForVertexJob } = await import("../submit/vertex/jobs.js");
      const location = { project: flags.project, region: flags.region, ...(flags.apiEndpoint && { endpoint: flags.apiEndpoint }) };
      const progress = new JobProgress("job");
      const job = await submitToVertex(loaded.spec, {
        ...location,
        ...common,
        labels: parsePairs(flags.label, "--label"),
        ...(flags.network && { network: flags.network }),
        ...(flags.jobId && { jobId: flags.jobId }),
        ...(loaded.platformSpec && { platformSpec: loaded.platformSpec, source: file }),
        ...(flags.dropPlatform && { dropPlatform: true }),
        onNotice: (message) => process.stderr.write(`notice: ${message}\n`),
        onRetry: progress.retrying,
      });
      process.stderr.write(`created pipeline job ${job.jobId} ('${job.displayName}')\n  ${job.consoleUrl}\n`);
      process.stdout.write(`${job.name}\n`);
      if (flags.wait) await follow("job", job.jobId, "PIPELINE_STATE_SUCCEEDED", (p) => waitForVertexJob(location, job.name, { pollSeconds, onUpdate: p.update, onRetry: p.retrying }));
    }));
}
