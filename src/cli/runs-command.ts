import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { isAlive } from "../local/resume.js";
import { MetadataStore, type ArtifactRecord, type RunRow, type TaskDetail } from "../local/store.js";
import { displayPath, duration, formatTable, formatValue, taskNote } from "./format.js";
import { action } from "./report.js";

interface RunsFlags {
  root: string;
  json?: boolean;
  limit?: string;
}

export function registerRuns(program: Command): void {
  const runs = program.command("runs").description("inspect local runs recorded in the run history");
  runs
    .command("list")
    .description("list recent runs, newest first")
    .option("--root <dir>", "the pipeline root the runs used", ".kfp-ts")
    .option("--limit <n>", "how many runs to show", "20")
    .option("--json", "print JSON")
    .action(action(async (flags: RunsFlags) => {
      const store = openExisting(flags.root);
      try {
        const rows = store.listRuns(Number(flags.limit) || 20).map((run) => ({ ...withLiveness(run), tasks: store.tasksOf(run.id) }));
        if (flags.json) {
          process.stdout.write(JSON.stringify(rows.map(({ tasks, ...run }) => ({ ...run, tasks: tasks.length, cached: tasks.filter((t) => t.state === "cached").length })), null, 2) + "\n");
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(`No runs yet in ${flags.root}. Start one with: kfp-ts run <pipeline.ts>\n`);
          return;
        }
        const table = rows.map((run) => [
          run.id, run.pipelineName, run.status, run.createdAt.replace("T", " ").slice(0, 19), duration(run.createdAt, run.finishedAt),
          `${run.tasks.length}${run.tasks.some((t) => t.state === "cached") ? ` (${run.tasks.filter((t) => t.state === "cached").length} cached)` : ""}`,
        ]);
        process.stdout.write(formatTable(["RUN", "PIPELINE", "STATUS", "STARTED (UTC)", "TIME", "TASKS"], table));
      } finally {
        store.close();
      }
    }));
  runs
    .command("show")
    .description("show a run: its tasks, parameters, outputs, metrics and lineage")
    .argument("<run-id>", "the run id, or a unique prefix of it")
    .option("--root <dir>", "the pipeline root the run used", ".kfp-ts")
    .option("--json", "print JSON")
    .action(action(async (id: string, flags: RunsFlags) => {
      const store = openExisting(flags.root);
      try {
        const matches = store.findRuns(id);
        if (matches.length === 0) throw new UserError(`no run '${id}' in ${flags.root}; list them with: kfp-ts runs list --root ${flags.root}`);
        if (matches.length > 1) throw new UserError(`'${id}' matches ${matches.length} runs (${matches.slice(0, 5).map((r) => r.id).join(", ")}…): give more of the id`, 2);
        const run = withLiveness(matches[0]!);
        const tasks = store.tasksOf(run.id);
        if (flags.json) {
          process.stdout.write(JSON.stringify({ ...run, tasks }, null, 2) + "\n");
          return;
        }
        process.stdout.write(describeRun(run, tasks, store));
      } finally {
        store.close();
      }
    }));
}

function openExisting(root: string): MetadataStore {
  if (!existsSync(join(resolve(root), "metadata.sqlite"))) throw new UserError(`no run history in ${root}: runs are recorded there by kfp-ts run${root === ".kfp-ts" ? "" : ` --root ${root}`}`);
  return MetadataStore.open(resolve(root));
}

/** A run still marked running whose process is gone was interrupted (killed, or the machine stopped). */
function withLiveness(run: RunRow): Omit<RunRow, "status"> & { status: RunRow["status"] | "interrupted" } {
  return run.status !== "running" || isAlive(run.pid) ? run : { ...run, status: "interrupted" };
}

function describeRun(run: Omit<RunRow, "status"> & { status: string }, tasks: TaskDetail[], store: MetadataStore): string {
  const out: string[] = [];
  out.push(`Run ${run.id}: ${run.pipelineName}, ${run.status}${run.error ? ` (${run.error})` : ""}`);
  out.push(`  source      ${run.source}`);
  out.push(`  started     ${run.createdAt}${run.finishedAt ? `, took ${duration(run.createdAt, run.finishedAt)}` : ""}`);
  out.push(`  parameters  ${Object.entries(run.parameters).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ") || "(none)"}`);
  out.push(`  directory   ${displayPath(run.runDir)}`, "");
  const stopped = run.status === "interrupted";
  out.push(formatTable(["TASK", "STATE", "TIME", "ATTEMPTS", "EXIT", "CACHE / WHY SKIPPED"], tasks.map((t) => [
    t.path, stopped && (t.state === "running" || t.state === "pending") ? "interrupted" : t.state, t.state === "cached" || t.state === "skipped" ? "" : duration(t.startedAt, t.finishedAt), t.kind === "container" ? String(t.attempts) : "",
    t.signal ?? (t.exitCode === null ? "" : String(t.exitCode)), taskNote(t),
  ])).trimEnd());
  for (const task of tasks.filter((t) => t.state === "failed")) {
    out.push("", `Task '${task.path}' failed: ${task.error}${task.logPath ? `\n  log: ${displayPath(task.logPath)}` : ""}`);
  }
  if (run.outputs && Object.keys(run.outputs).length > 0) {
    out.push("", "Outputs:");
    const width = Math.max(...Object.keys(run.outputs).map((k) => k.length));
    for (const [name, value] of Object.entries(run.outputs)) out.push(`  ${name.padEnd(width)}  ${formatValue(value)}`);
  }
  const parameterOutputs = tasks.filter((t) => t.kind !== "dag" && Object.keys(t.outputs).length > 0);
  if (parameterOutputs.length > 0) {
    out.push("", "Task outputs:");
    for (const task of parameterOutputs) for (const [name, value] of Object.entries(task.outputs)) out.push(`  ${task.path}.${name} = ${truncate(JSON.stringify(value), 120)}`);
  }
  const metrics = tasks.filter((t) => t.kind !== "dag").flatMap((t) => Object.entries(t.outputArtifacts).flatMap(([name, list]) => list.map((a) => [`${t.path}.${name}`, a] as const)))
    .filter(([, a]) => a.schemaTitle.endsWith("Metrics"));
  if (metrics.length > 0) {
    out.push("", "Metrics:");
    for (const [where, artifact] of metrics) out.push(...describeMetrics(where, artifact));
  }
  const lineage = tasks.flatMap((t) => Object.entries(t.inputArtifacts).flatMap(([name, list]) => list.map((a) => {
    const producer = store.producerOf(a.id);
    return `  ${producer ? `${producer.path}${producer.runId === run.id ? "" : ` (run ${producer.runId})`}` : "?"} ─ ${a.schemaTitle} ${displayPath(a.uri)} → ${t.path}.${name}`;
  })));
  if (lineage.length > 0) out.push("", "Lineage (producer ─ artifact → consumer input):", ...lineage);
  return out.join("\n") + "\n";
}

function describeMetrics(where: string, artifact: ArtifactRecord): string[] {
  const { confusionMatrix, confidenceMetrics, evaluationSlices, ...scalars } = artifact.metadata as Record<string, unknown> & {
    confusionMatrix?: { annotationSpecs: { displayName: string }[]; rows: { row: number[] }[] };
    confidenceMetrics?: unknown[];
    evaluationSlices?: { slice: string }[];
  };
  const lines = [`  ${where} (${artifact.schemaTitle})`];
  const entries = Object.entries(scalars);
  if (entries.length > 0) lines.push(`    ${entries.map(([k, v]) => `${k}=${typeof v === "number" ? +v.toFixed(6) : JSON.stringify(v)}`).join("  ")}`);
  if (confusionMatrix) {
    const names = confusionMatrix.annotationSpecs.map((s) => s.displayName);
    const rows = confusionMatrix.rows.map((r, i) => [`actual ${names[i]}`, ...r.row.map(String)]);
    lines.push(...formatTable(["", ...names.map((n) => `predicted ${n}`)], rows).trimEnd().split("\n").map((l) => `    ${l}`));
  }
  if (confidenceMetrics) lines.push(`    ROC curve: ${confidenceMetrics.length} points`);
  if (evaluationSlices) lines.push(`    slices: ${evaluationSlices.map((s) => s.slice).join(", ")}`);
  return lines;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
