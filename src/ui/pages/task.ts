import { duration } from "../../cli/format.js";
import type { ArtifactRecord, TaskDetail } from "../../local/store.js";
import { html } from "../html.js";
import { page, pill, valueText } from "./layout.js";

export interface TaskView {
  readonly task: TaskDetail;
  readonly pipelineName: string;
  /** Bytes of each artifact's content, when it exists inside the root. */
  readonly sizes: ReadonlyMap<number, number | undefined>;
  readonly logTail: string | undefined;
  readonly cachedFrom: TaskDetail | undefined;
}

export function taskPage(view: TaskView, root: string): string {
  const { task } = view;
  const parameters = (values: Record<string, unknown>) => Object.keys(values).length === 0 ? html`<p class="muted">none</p>`
    : html`<table class="kv">${Object.entries(values).map(([k, v]) => html`<tr><th>${k}</th><td><code>${valueText(v)}</code></td></tr>`)}</table>`;
  const artifacts = (groups: Record<string, ArtifactRecord[]>) => Object.keys(groups).length === 0 ? html`<p class="muted">none</p>`
    : html`<table><thead><tr><th>Name</th><th>Type</th><th>URI</th><th>Size</th><th>Metadata</th><th></th></tr></thead><tbody>${Object.entries(groups).flatMap(([name, list]) => list.map((a) => html`<tr>
<td><a href="/artifacts/${a.id}">${name}</a></td><td>${a.schemaTitle}</td><td><code>${a.uri}</code></td>
<td class="num">${sizeText(view.sizes.get(a.id))}</td><td><code>${metadataText(a.metadata)}</code></td>
<td>${view.sizes.get(a.id) === undefined ? "" : html`<a href="/artifacts/${a.id}/content" download>download</a>`}</td></tr>`))}</tbody></table>`;
  const cacheKey = task.cacheKey ? safeJson(task.cacheKey) : undefined;
  const body = html`<p><a href="/runs/${encodeURIComponent(task.runId)}">← run ${task.runId}</a> <span class="muted">(${view.pipelineName})</span></p>
<h1>${task.path} ${pill(task.state)}</h1>
<table class="kv">
<tr><th>Component</th><td><code>${task.component}</code></td></tr>
<tr><th>Time</th><td>${task.startedAt ? task.startedAt.replace("T", " ").slice(0, 19) : ""} ${task.state === "cached" ? "" : duration(task.startedAt, task.finishedAt)}</td></tr>
<tr><th>Attempts</th><td>${task.attempts}</td></tr>
<tr><th>Exit code</th><td>${task.signal ?? task.exitCode ?? ""}</td></tr>
${task.error ? html`<tr><th>${task.state === "skipped" ? "Skipped because" : "Error"}</th><td>${task.error}</td></tr>` : ""}
<tr><th>Cache</th><td>${task.cacheNote ?? ""}${view.cachedFrom ? html` (<a href="/tasks/${view.cachedFrom.id}">the reused execution</a>)` : ""}</td></tr>
<tr><th>Cache fingerprint</th><td><code>${task.cacheFingerprint ?? ""}</code></td></tr>
</table>
<div class="cols"><div><h2>Input parameters</h2>${parameters(task.inputs)}</div><div><h2>Output parameters</h2>${parameters(task.outputs)}</div></div>
<h2>Input artifacts</h2>${artifacts(task.inputArtifacts)}
<h2>Output artifacts</h2>${artifacts(task.outputArtifacts)}
${cacheKey ? html`<h2>Cache key</h2><pre>${cacheKey}</pre>` : ""}
<h2>Log</h2>
${view.logTail === undefined ? html`<p class="muted">No log${task.logPath ? " file" : ""}.</p>` : html`<p><a href="/tasks/${task.id}/log" download>download the whole log</a></p><pre class="log">${view.logTail}</pre>`}`;
  return page(`${task.path} · ${task.runId}`, body, root);
}

export function sizeText(bytes: number | undefined): string {
  if (bytes === undefined) return "";
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function metadataText(metadata: Record<string, unknown>): string {
  const text = JSON.stringify(metadata);
  return text === "{}" ? "" : text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

function safeJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

