import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { UserError } from "../errors.js";

export type RunStatus = "running" | "succeeded" | "failed" | "cancelled";
export type TaskState = "pending" | "running" | "succeeded" | "cached" | "failed" | "skipped";

/** An artifact as the store records it; `id` is its identity for caching and lineage. */
export interface ArtifactRecord {
  readonly id: number;
  readonly name: string;
  readonly uri: string;
  readonly schemaTitle: string;
  readonly schemaVersion: string;
  readonly metadata: Record<string, unknown>;
}

export interface RunRow {
  id: string;
  pipelineName: string;
  source: string;
  status: RunStatus;
  createdAt: string;
  finishedAt: string | null;
  runDir: string;
  parameters: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  error: string | null;
  pid: number;
}

export interface TaskRow {
  id: number;
  runId: string;
  path: string;
  name: string;
  displayName: string | null;
  component: string;
  kind: "container" | "dag" | "importer";
  state: TaskState;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  logPath: string | null;
  cacheFingerprint: string | null;
  cacheKey: string | null;
  cachedFrom: number | null;
  cacheNote: string | null;
}

export interface TaskDetail extends TaskRow {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  inputArtifacts: Record<string, ArtifactRecord[]>;
  outputArtifacts: Record<string, ArtifactRecord[]>;
}

const schema = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  pipeline_name TEXT NOT NULL,
  source TEXT NOT NULL,
  spec_sha256 TEXT NOT NULL,
  parameters TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  pid INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  run_dir TEXT NOT NULL,
  outputs TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline_name, created_at);
CREATE TABLE IF NOT EXISTS tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL REFERENCES runs (id),
  path TEXT NOT NULL,
  name TEXT NOT NULL,
  display_name TEXT,
  component TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  exit_code INTEGER,
  signal TEXT,
  error TEXT,
  log_path TEXT,
  cache_fingerprint TEXT,
  cache_key TEXT,
  cached_from INTEGER REFERENCES tasks (id),
  cache_note TEXT,
  UNIQUE (run_id, path)
);
CREATE INDEX IF NOT EXISTS tasks_by_fingerprint ON tasks (cache_fingerprint, state);
CREATE TABLE IF NOT EXISTS parameters (
  task_id INTEGER NOT NULL REFERENCES tasks (id),
  direction TEXT NOT NULL CHECK (direction IN ('input', 'output')),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (task_id, direction, name)
);
CREATE TABLE IF NOT EXISTS artifacts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uri TEXT NOT NULL,
  schema_title TEXT NOT NULL,
  schema_version TEXT NOT NULL,
  metadata TEXT NOT NULL,
  has_content INTEGER NOT NULL DEFAULT 0,
  producer_task INTEGER REFERENCES tasks (id),
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  task_id INTEGER NOT NULL REFERENCES tasks (id),
  artifact_id INTEGER NOT NULL REFERENCES artifacts (id),
  kind TEXT NOT NULL CHECK (kind IN ('input', 'output')),
  name TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (task_id, kind, name, position)
);
CREATE INDEX IF NOT EXISTS events_by_artifact ON events (artifact_id);
CREATE TABLE IF NOT EXISTS specs (
  sha256 TEXT PRIMARY KEY,
  spec TEXT NOT NULL
);
`;

type Database = BetterSqlite3.Database;

function loadDriver(): typeof BetterSqlite3 {
  try {
    return createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
  } catch (error) {
    throw new UserError(
      `cannot load better-sqlite3, which keeps the local run history (${(error as Error).message.split("\n")[0]}).\n` +
        "  npm may have skipped its install script: run `npm install-scripts approve better-sqlite3 && npm rebuild better-sqlite3`",
    );
  }
}

const now = () => new Date().toISOString();
const json = (value: unknown) => JSON.stringify(value ?? null);

/**
 * The local metadata store: one SQLite file under the pipeline root with runs, tasks, parameters,
 * artifacts and lineage. WAL mode and a busy timeout let several runs share it safely.
 */
export class MetadataStore {
  readonly path: string;
  private readonly db: Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  private constructor(path: string, db: Database) {
    this.path = path;
    this.db = db;
  }

  /**
   * The store of an existing root, for reading only (the console): no schema change, no write, safe
   * while runs write to it. Fails when the file is missing.
   */
  static openReadOnly(root: string): MetadataStore {
    const path = join(root, "metadata.sqlite");
    const db = new (loadDriver())(path, { readonly: true, fileMustExist: true, timeout: 5_000 });
    return new MetadataStore(path, db);
  }

  static open(root: string): MetadataStore {
    try {
      mkdirSync(root, { recursive: true });
    } catch (error) {
      throw new UserError(`cannot use ${root} as the pipeline root: ${(error as NodeJS.ErrnoException).code === "EEXIST" ? "it is a file" : (error as Error).message}; pass --root with a directory`, 2);
    }
    const path = join(root, "metadata.sqlite");
    const Driver = loadDriver();
    let db: Database;
    try {
      db = new Driver(path, { timeout: 30_000 });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      db.transaction(() => db.exec(schema)).immediate();
    } catch (error) {
      throw new UserError(`cannot open the run history ${path}: ${(error as Error).message}\n  if the file is damaged, move it away; a new one is created on the next run`);
    }
    return new MetadataStore(path, db);
  }

  close(): void {
    this.db.close();
  }

  /** A prepared statement, prepared once per store. */
  private sql(text: string): BetterSqlite3.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `fn` in one write transaction (taken at once, so concurrent writers queue instead of deadlocking). */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Records a new run; `spec` is kept once per distinct spec, for the console to draw the run's DAG. */
  createRun(run: { id: string; pipelineName: string; source: string; specSha256: string; parameters: Record<string, unknown>; runDir: string; spec?: unknown }): void {
    this.write(() => {
      if (run.spec !== undefined) this.sql(`INSERT OR IGNORE INTO specs (sha256, spec) VALUES (?, ?)`).run(run.specSha256, json(run.spec));
      this
        .sql(`INSERT INTO runs (id, pipeline_name, source, spec_sha256, parameters, status, pid, created_at, run_dir) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)`)
        .run(run.id, run.pipelineName, run.source, run.specSha256, json(run.parameters), process.pid, now(), run.runDir);
    });
  }

  /** Rows of a read query, for queries of other modules (the console) that the methods here do not cover. */
  select<T>(text: string, ...parameters: unknown[]): T[] {
    return this.sql(text).all(...parameters) as T[];
  }

  finishRun(id: string, status: RunStatus, outputs: Record<string, unknown> | null, error?: string): void {
    this.write(() =>
      this.sql(`UPDATE runs SET status = ?, outputs = ?, error = ?, finished_at = ? WHERE id = ?`).run(status, outputs && json(outputs), error ?? null, now(), id),
    );
  }

  /** A new task of a run; in a resumed run, the unfinished task at the same path starts over (its old record goes). */
  createTask(task: { runId: string; path: string; name: string; displayName?: string; component: string; kind: TaskRow["kind"] }): number {
    return this.write(() => {
      const earlier = this.sql(`SELECT id FROM tasks WHERE run_id = ? AND path = ?`).get(task.runId, task.path) as { id: number } | undefined;
      if (earlier) {
        this.sql(`DELETE FROM parameters WHERE task_id = ?`).run(earlier.id);
        this.sql(`DELETE FROM events WHERE task_id = ?`).run(earlier.id);
        this.sql(`DELETE FROM tasks WHERE id = ?`).run(earlier.id);
      }
      return Number(
        this
          .sql(`INSERT INTO tasks (run_id, path, name, display_name, component, kind, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')`)
          .run(task.runId, task.path, task.name, task.displayName ?? null, task.component, task.kind).lastInsertRowid,
      );
    });
  }

  /** Marks a run as running again, in this process: `kfp-ts run --resume`. */
  reopenRun(id: string): void {
    this.write(() => this.sql(`UPDATE runs SET status = 'running', error = NULL, finished_at = NULL, pid = ? WHERE id = ?`).run(process.pid, id));
  }

  updateTask(id: number, patch: Partial<Pick<TaskRow, "state" | "startedAt" | "finishedAt" | "attempts" | "exitCode" | "signal" | "error" | "logPath" | "cacheFingerprint" | "cacheKey" | "cachedFrom" | "cacheNote">>): void {
    const columns: Record<string, string> = {
      state: "state", startedAt: "started_at", finishedAt: "finished_at", attempts: "attempts", exitCode: "exit_code", signal: "signal",
      error: "error", logPath: "log_path", cacheFingerprint: "cache_fingerprint", cacheKey: "cache_key", cachedFrom: "cached_from", cacheNote: "cache_note",
    };
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    const sql = `UPDATE tasks SET ${entries.map(([k]) => `${columns[k]} = ?`).join(", ")} WHERE id = ?`;
    this.write(() => this.sql(sql).run(...entries.map(([, v]) => v as string | number | null), id));
  }

  recordParameters(taskId: number, direction: "input" | "output", values: Record<string, unknown>): void {
    this.write(() => {
      const insert = this.sql(`INSERT OR REPLACE INTO parameters (task_id, direction, name, value) VALUES (?, ?, ?, ?)`);
      for (const [name, value] of Object.entries(values)) insert.run(taskId, direction, name, json(value));
    });
  }

  /** Records new output artifacts of a task, returning them with their ids. `hasContent`: a file or directory was written at the URI. */
  recordOutputArtifacts(taskId: number, outputs: Record<string, (Omit<ArtifactRecord, "id"> & { hasContent: boolean })[]>): Record<string, ArtifactRecord[]> {
    return this.write(() => {
      const insert = this.sql(`INSERT INTO artifacts (uri, schema_title, schema_version, metadata, has_content, producer_task, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
      const recorded: Record<string, ArtifactRecord[]> = {};
      for (const [name, list] of Object.entries(outputs)) {
        recorded[name] = list.map(({ hasContent, ...a }) => ({ ...a, id: Number(insert.run(a.uri, a.schemaTitle, a.schemaVersion, json(a.metadata), hasContent ? 1 : 0, taskId, now()).lastInsertRowid) }));
      }
      this.linkArtifacts(taskId, "output", recorded);
      return recorded;
    });
  }

  /** Lineage: the task consumed (`input`) or produced / reused (`output`) these artifacts. */
  linkArtifacts(taskId: number, kind: "input" | "output", artifacts: Record<string, readonly ArtifactRecord[]>): void {
    this.write(() => {
      const insert = this.sql(`INSERT OR REPLACE INTO events (task_id, artifact_id, kind, name, position) VALUES (?, ?, ?, ?, ?)`);
      for (const [name, list] of Object.entries(artifacts)) list.forEach((a, i) => insert.run(taskId, a.id, kind, name, i));
    });
  }

  /** The newest successful execution with this fingerprint in a run of `pipelineName`. */
  findCachedExecution(pipelineName: string, fingerprint: string): TaskDetail | undefined {
    const row = this
      .sql(
        `SELECT t.id FROM tasks t JOIN runs r ON r.id = t.run_id
         WHERE t.cache_fingerprint = ? AND t.state = 'succeeded' AND r.pipeline_name = ?
         ORDER BY t.finished_at DESC, t.id DESC LIMIT 1`,
      )
      .get(fingerprint, pipelineName) as { id: number } | undefined;
    return row ? this.task(row.id) : undefined;
  }

  /** The newest artifact recorded at `uri` with this type (what an importer without reimport reuses). */
  findArtifact(uri: string, schemaTitle: string): ArtifactRecord | undefined {
    const row = this.sql(`SELECT * FROM artifacts WHERE uri = ? AND schema_title = ? ORDER BY id DESC LIMIT 1`).get(uri, schemaTitle) as Record<string, unknown> | undefined;
    return row && artifactRow(row, "artifact");
  }

  /** URIs of a task's output artifacts that held content when they were written. */
  contentUris(taskId: number): string[] {
    return (this.sql(`SELECT a.uri FROM events e JOIN artifacts a ON a.id = e.artifact_id WHERE e.task_id = ? AND e.kind = 'output' AND a.has_content = 1`).all(taskId) as { uri: string }[]).map((r) => r.uri);
  }

  /** The newest earlier execution of the task at `path` in a run of `pipelineName`, to explain a cache miss. */
  previousExecution(pipelineName: string, path: string, beforeRun: string): TaskRow | undefined {
    const row = this
      .sql(
        `SELECT t.id FROM tasks t JOIN runs r ON r.id = t.run_id
         WHERE r.pipeline_name = ? AND t.path = ? AND t.run_id <> ? AND t.cache_key IS NOT NULL
         ORDER BY r.created_at DESC, t.id DESC LIMIT 1`,
      )
      .get(pipelineName, path, beforeRun) as { id: number } | undefined;
    return row ? this.task(row.id) : undefined;
  }

  listRuns(limit = 50): RunRow[] {
    return (this.sql(`SELECT * FROM runs ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit) as Record<string, unknown>[]).map(runRow);
  }

  run(id: string): RunRow | undefined {
    const row = this.sql(`SELECT * FROM runs WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return row && runRow(row);
  }

  /** Runs whose id starts with `prefix`, so a unique prefix names a run. */
  findRuns(prefix: string): RunRow[] {
    return (this.sql(`SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY created_at DESC`).all(prefix.replace(/[\\%_]/g, "\\$&") + "%") as Record<string, unknown>[]).map(runRow);
  }

  tasksOf(runId: string): TaskDetail[] {
    const ids = this.sql(`SELECT id FROM tasks WHERE run_id = ? ORDER BY id`).all(runId) as { id: number }[];
    return ids.map(({ id }) => this.task(id)!);
  }

  task(id: number): TaskDetail | undefined {
    const row = this.sql(`SELECT * FROM tasks WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    const parameters = this.sql(`SELECT direction, name, value FROM parameters WHERE task_id = ? ORDER BY name`).all(id) as { direction: string; name: string; value: string }[];
    const events = this
      .sql(`SELECT e.kind, e.name, e.position, a.* FROM events e JOIN artifacts a ON a.id = e.artifact_id WHERE e.task_id = ? ORDER BY e.name, e.position`)
      .all(id) as ({ kind: string; name: string } & Record<string, unknown>)[];
    const pick = (direction: string) => Object.fromEntries(parameters.filter((p) => p.direction === direction).map((p) => [p.name, JSON.parse(p.value) as unknown]));
    const artifacts = (kind: string) => {
      const grouped: Record<string, ArtifactRecord[]> = {};
      for (const e of events.filter((e) => e.kind === kind)) (grouped[e.name] ??= []).push(artifactRow(e, e.name));
      return grouped;
    };
    return { ...taskRow(row), inputs: pick("input"), outputs: pick("output"), inputArtifacts: artifacts("input"), outputArtifacts: artifacts("output") };
  }

  /** The tasks that consumed an artifact: its downstream lineage. */
  consumersOf(artifactId: number): { taskId: number; runId: string; path: string; name: string }[] {
    return this
      .sql(`SELECT t.id AS taskId, t.run_id AS runId, t.path, e.name FROM events e JOIN tasks t ON t.id = e.task_id WHERE e.artifact_id = ? AND e.kind = 'input' ORDER BY t.id`)
      .all(artifactId) as { taskId: number; runId: string; path: string; name: string }[];
  }

  /** The newest run, if any. */
  latestRun(): RunRow | undefined {
    return this.listRuns(1)[0];
  }

  /** Every run, oldest first. */
  allRuns(): RunRow[] {
    return (this.sql(`SELECT * FROM runs ORDER BY created_at, rowid`).all() as Record<string, unknown>[]).map(runRow);
  }

  /**
   * The other runs that use what `runId` produced: its artifacts (as inputs, or as outputs taken from the
   * cache) or its tasks (as cache sources). Removing `runId` would break them.
   */
  runsDependingOn(runId: string): string[] {
    return (this.sql(
      `SELECT DISTINCT t.run_id AS runId FROM events e
         JOIN tasks t ON t.id = e.task_id
         JOIN artifacts a ON a.id = e.artifact_id
         JOIN tasks producer ON producer.id = a.producer_task
       WHERE producer.run_id = @run AND t.run_id <> @run
       UNION
       SELECT DISTINCT t.run_id FROM tasks t JOIN tasks source ON source.id = t.cached_from
       WHERE source.run_id = @run AND t.run_id <> @run
       ORDER BY runId`,
    ).all({ run: runId }) as { runId: string }[]).map((r) => r.runId);
  }

  /**
   * Removes a run's rows, all in one transaction: the run, its tasks, their parameters and lineage events, and the
   * artifacts its tasks produced. Rows of other runs are never touched: refused while {@link runsDependingOn} has any.
   */
  removeRun(runId: string): void {
    this.write(() => {
      const dependents = this.runsDependingOn(runId);
      if (dependents.length > 0) throw new UserError(`run ${runId} cannot be removed: runs ${dependents.join(", ")} use its outputs`);
      const tasks = `SELECT id FROM tasks WHERE run_id = @run`;
      this.sql(`DELETE FROM events WHERE task_id IN (${tasks}) OR artifact_id IN (SELECT id FROM artifacts WHERE producer_task IN (${tasks}))`).run({ run: runId });
      this.sql(`DELETE FROM parameters WHERE task_id IN (${tasks})`).run({ run: runId });
      this.sql(`DELETE FROM artifacts WHERE producer_task IN (${tasks})`).run({ run: runId });
      this.sql(`UPDATE tasks SET cached_from = NULL WHERE run_id = @run`).run({ run: runId });
      this.sql(`DELETE FROM tasks WHERE run_id = @run`).run({ run: runId });
      this.sql(`DELETE FROM runs WHERE id = @run`).run({ run: runId });
    });
  }

  /** The task that produced an artifact. */
  producerOf(artifactId: number): { taskId: number; runId: string; path: string } | undefined {
    return this
      .sql(`SELECT t.id AS taskId, t.run_id AS runId, t.path FROM artifacts a JOIN tasks t ON t.id = a.producer_task WHERE a.id = ?`)
      .get(artifactId) as { taskId: number; runId: string; path: string } | undefined;
  }
}

export function runRow(row: Record<string, unknown>): RunRow {
  return {
    id: row.id as string,
    pipelineName: row.pipeline_name as string,
    source: row.source as string,
    status: row.status as RunStatus,
    createdAt: row.created_at as string,
    finishedAt: (row.finished_at as string | null) ?? null,
    runDir: row.run_dir as string,
    parameters: JSON.parse(row.parameters as string) as Record<string, unknown>,
    outputs: row.outputs ? (JSON.parse(row.outputs as string) as Record<string, unknown>) : null,
    error: (row.error as string | null) ?? null,
    pid: row.pid as number,
  };
}

export function taskRow(row: Record<string, unknown>): TaskRow {
  return {
    id: row.id as number,
    runId: row.run_id as string,
    path: row.path as string,
    name: row.name as string,
    displayName: (row.display_name as string | null) ?? null,
    component: row.component as string,
    kind: row.kind as TaskRow["kind"],
    state: row.state as TaskState,
    startedAt: (row.started_at as string | null) ?? null,
    finishedAt: (row.finished_at as string | null) ?? null,
    attempts: row.attempts as number,
    exitCode: (row.exit_code as number | null) ?? null,
    signal: (row.signal as string | null) ?? null,
    error: (row.error as string | null) ?? null,
    logPath: (row.log_path as string | null) ?? null,
    cacheFingerprint: (row.cache_fingerprint as string | null) ?? null,
    cacheKey: (row.cache_key as string | null) ?? null,
    cachedFrom: (row.cached_from as number | null) ?? null,
    cacheNote: (row.cache_note as string | null) ?? null,
  };
}

export function artifactRow(row: Record<string, unknown>, name: string): ArtifactRecord {
  return {
    id: row.id as number,
    name,
    uri: row.uri as string,
    schemaTitle: row.schema_title as string,
    schemaVersion: row.schema_version as string,
    metadata: JSON.parse(row.metadata as string) as Record<string, unknown>,
  };
}
