// The console's read-only view of the run history: the queries its pages need, over the runner's store.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { withLiveness, type RunRowWithLiveness } from "../local/liveness.js";
import { artifactRow, MetadataStore, runRow, type ArtifactRecord, type TaskDetail, type TaskRow } from "../local/store.js";
import { pipelineSpecSchema, type PipelineSpec } from "../spec/pipeline-spec.js";

export interface RunSummary extends RunRowWithLiveness {
  readonly tasks: number;
  readonly cached: number;
  readonly failed: number;
  /** Scalar metrics of the run's `Metrics` outputs, as `task.output.name` → value. */
  readonly metrics: Record<string, number>;
}

export interface RunFilter {
  /** Only these runs. */
  readonly ids?: readonly string[];
  readonly pipeline?: string;
  readonly status?: string;
  readonly limit?: number;
}

export interface ArtifactView {
  readonly artifact: ArtifactRecord;
  readonly hasContent: boolean;
  readonly producer: { taskId: number; runId: string; path: string; name: string } | undefined;
  /** Tasks that list it as an output without producing it: cache hits that reused it. */
  readonly reusedBy: { taskId: number; runId: string; path: string; name: string }[];
  readonly consumers: { taskId: number; runId: string; path: string; name: string }[];
}

/** Why the console cannot read the history: no file yet, or one SQLite cannot read. */
export class StoreUnavailable extends Error {
  constructor(readonly kind: "missing" | "unreadable", message: string) {
    super(message);
  }
}

export class ConsoleStore {
  private constructor(private readonly store: MetadataStore) {}

  static open(root: string): ConsoleStore {
    const path = join(root, "metadata.sqlite");
    if (!existsSync(path)) throw new StoreUnavailable("missing", `no run history at ${path} yet`);
    let store: MetadataStore | undefined;
    try {
      store = MetadataStore.openReadOnly(root);
      store.select("SELECT id FROM runs LIMIT 1");
      return new ConsoleStore(store);
    } catch (error) {
      store?.close();
      throw new StoreUnavailable("unreadable", `cannot read the run history ${path}: ${(error as Error).message}`);
    }
  }

  close(): void {
    this.store.close();
  }

  pipelines(): string[] {
    return this.store.select<{ name: string }>("SELECT DISTINCT pipeline_name AS name FROM runs ORDER BY name").map((r) => r.name);
  }

  runs(filter: RunFilter = {}): RunSummary[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.ids) (where.push(`r.id IN (${filter.ids.map(() => "?").join(",")})`), args.push(...filter.ids));
    if (filter.pipeline) (where.push("r.pipeline_name = ?"), args.push(filter.pipeline));
    // `interrupted` is derived (a running run whose process is gone), so filter it after reading.
    if (filter.status && filter.status !== "interrupted") (where.push("r.status = ?"), args.push(filter.status));
    if (filter.status === "interrupted") where.push("r.status = 'running'");
    const rows = this.store.select<Record<string, unknown> & { n_tasks: number; n_cached: number; n_failed: number }>(
      `SELECT r.*, COUNT(t.id) AS n_tasks, COALESCE(SUM(t.state = 'cached'), 0) AS n_cached, COALESCE(SUM(t.state = 'failed'), 0) AS n_failed
       FROM runs r LEFT JOIN tasks t ON t.run_id = r.id AND t.kind = 'container'
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       GROUP BY r.id ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
      ...args, filter.limit ?? 500,
    );
    const metrics = this.metricsOf(rows.map((r) => r.id as string));
    return rows
      .map((row) => ({ ...withLiveness(runRow(row)), tasks: row.n_tasks, cached: row.n_cached, failed: row.n_failed, metrics: metrics.get(row.id as string) ?? {} }))
      .filter((run) => !filter.status || run.status === filter.status);
  }

  /** Scalar metrics of each run's `Metrics` outputs. */
  private metricsOf(runIds: readonly string[]): Map<string, Record<string, number>> {
    const found = new Map<string, Record<string, number>>();
    for (let i = 0; i < runIds.length; i += 500) {
      const chunk = runIds.slice(i, i + 500);
      const rows = this.store.select<{ runId: string; path: string; name: string; metadata: string }>(
        `SELECT t.run_id AS runId, t.path, e.name, a.metadata FROM tasks t
         JOIN events e ON e.task_id = t.id AND e.kind = 'output'
         JOIN artifacts a ON a.id = e.artifact_id AND a.schema_title = 'system.Metrics'
         WHERE t.kind = 'container' AND t.run_id IN (${chunk.map(() => "?").join(",")}) ORDER BY t.id`,
        ...chunk,
      );
      for (const row of rows) {
        const values = (found.get(row.runId) ?? {}) as Record<string, number>;
        for (const [key, value] of Object.entries(JSON.parse(row.metadata) as Record<string, unknown>)) {
          if (typeof value === "number") values[`${row.path}.${row.name}.${key}`] = value;
        }
        found.set(row.runId, values);
      }
    }
    return found;
  }

  run(id: string): RunRowWithLiveness | undefined {
    const row = this.store.run(id);
    return row && withLiveness(row);
  }

  tasks(runId: string): TaskDetail[] {
    return this.store.tasksOf(runId);
  }

  /** The lightweight task rows of a run, for live updates. */
  taskStates(runId: string): Pick<TaskRow, "id" | "path" | "state" | "startedAt" | "finishedAt" | "attempts" | "error">[] {
    return this.store.select(
      "SELECT id, path, state, started_at AS startedAt, finished_at AS finishedAt, attempts, error FROM tasks WHERE run_id = ? ORDER BY id",
      runId,
    );
  }

  task(id: number): TaskDetail | undefined {
    return this.store.task(id);
  }

  /** The spec the run executed, when the history kept it (runs recorded before it did have none). */
  spec(runId: string): PipelineSpec | undefined {
    const row = this.store.select<{ spec: string }>("SELECT s.spec FROM runs r JOIN specs s ON s.sha256 = r.spec_sha256 WHERE r.id = ?", runId)[0];
    if (!row) return undefined;
    const parsed = pipelineSpecSchema.safeParse(JSON.parse(row.spec));
    return parsed.success ? parsed.data : undefined;
  }

  artifact(id: number): ArtifactView | undefined {
    const row = this.store.select<Record<string, unknown>>("SELECT * FROM artifacts WHERE id = ?", id)[0];
    if (!row) return undefined;
    const outputs = this.store.select<{ taskId: number; runId: string; path: string; name: string }>(
      "SELECT t.id AS taskId, t.run_id AS runId, t.path, e.name FROM events e JOIN tasks t ON t.id = e.task_id WHERE e.artifact_id = ? AND e.kind = 'output' ORDER BY t.id",
      id,
    );
    const producerTask = row.producer_task as number | null;
    const producer = outputs.find((o) => o.taskId === producerTask);
    return {
      artifact: artifactRow(row, producer?.name ?? ""),
      hasContent: row.has_content === 1,
      producer,
      reusedBy: outputs.filter((o) => o.taskId !== producerTask),
      consumers: this.store.consumersOf(id),
    };
  }
}
