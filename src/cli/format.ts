import { existsSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { isRemoteUri, localPathForUri } from "../dsl/uri.js";

/** A path relative to the working directory when that is shorter, else as given. */
export function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel && rel.length < path.length ? rel : path;
}

/** Where an artifact is, as a path that exists; undefined for an artifact that is only metadata (no file was written). */
export function artifactLocation(uri: string): string | undefined {
  if (isRemoteUri(uri)) return uri;
  return existsSync(localPathForUri(uri)) ? displayPath(uri) : undefined;
}

/** Columns padded to their widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  return [header, ...rows].map((r) => r.map((c, i) => (c ?? "").padEnd(widths[i]!)).join("  ").trimEnd()).join("\n") + "\n";
}

/** Seconds between two ISO timestamps, as `1.23s`; empty when either is missing. */
export function duration(start: string | null | undefined, end: string | null | undefined): string {
  return start && end ? `${((Date.parse(end) - Date.parse(start)) / 1000).toFixed(2)}s` : "";
}

/** An output value in one line: an artifact as its path, type and scalar metadata; anything else as JSON. */
export function formatValue(value: unknown): string {
  if (value && typeof value === "object" && "uri" in value && "schemaTitle" in value) {
    const artifact = value as { uri: string; schemaTitle: string; metadata?: Record<string, unknown> };
    const entries = Object.entries(artifact.metadata ?? {});
    const scalars = entries.every(([, v]) => typeof v === "number" || typeof v === "string" || typeof v === "boolean");
    const metadata = entries.length === 0 ? "" : scalars ? `  ${entries.map(([k, v]) => `${k}=${String(v)}`).join(" ")}` : ` ${JSON.stringify(artifact.metadata).slice(0, 200)}`;
    const where = artifactLocation(artifact.uri);
    return `${where === undefined ? `${artifact.schemaTitle}, metadata only (no file)` : `${where} (${artifact.schemaTitle})`}${metadata}`;
  }
  return JSON.stringify(value);
}

/** What a task's row says beside its state: why it was skipped, or how it used the cache. */
export function taskNote(task: { state: string; kind: string; error: string | null; cacheNote: string | null }): string {
  if (task.state === "skipped") return task.error ?? "";
  return task.kind === "dag" ? "" : task.cacheNote ?? "";
}
