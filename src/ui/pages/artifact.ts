import type { ArtifactView } from "../console-store.js";
import { html, raw, type Html } from "../html.js";
import { page } from "./layout.js";
import { sizeText } from "./task.js";

export interface ArtifactPageView extends ArtifactView {
  /** Bytes at the URI, when it exists inside the root. */
  readonly size: number | undefined;
  /** Files of a directory artifact, relative to it. */
  readonly files: readonly string[] | undefined;
  /** The type-specific rendering (metrics, a preview, a page). */
  readonly rendered: Html;
}

export function artifactPage(view: ArtifactPageView, root: string): string {
  const { artifact } = view;
  const taskLink = (t: { taskId: number; runId: string; path: string; name: string }) =>
    html`<tr><td><a href="/tasks/${t.taskId}">${t.path}</a> <span class="muted">.${t.name}</span></td><td><a href="/runs/${encodeURIComponent(t.runId)}">${t.runId}</a></td></tr>`;
  const lineage = (title: string, list: readonly { taskId: number; runId: string; path: string; name: string }[], empty: string) =>
    html`<h3>${title}</h3>${list.length === 0 ? html`<p class="muted">${empty}</p>` : html`<table><thead><tr><th>Task</th><th>Run</th></tr></thead><tbody>${list.map(taskLink)}</tbody></table>`}`;
  const name = view.producer?.name ?? artifact.name;
  const body = html`${view.producer ? html`<p><a href="/tasks/${view.producer.taskId}">← ${view.producer.path}</a></p>` : ""}
<h1>${name || `artifact ${artifact.id}`} <span class="pill">${artifact.schemaTitle}</span></h1>
<table class="kv">
<tr><th>URI</th><td><code>${artifact.uri}</code></td></tr>
<tr><th>Type</th><td>${artifact.schemaTitle} ${artifact.schemaVersion}</td></tr>
<tr><th>Size</th><td>${view.size === undefined ? html`<span class="muted">${view.hasContent ? "the file is gone" : "no content"}</span>` : html`${sizeText(view.size)} ${view.files ? "" : html`<a href="/artifacts/${artifact.id}/content" download>download</a>`}`}</td></tr>
<tr><th>Metadata</th><td><pre>${JSON.stringify(artifact.metadata, null, 2)}</pre></td></tr>
</table>
${view.files ? html`<h2>Files</h2><ul>${view.files.map((f) => html`<li><a href="/artifacts/${artifact.id}/content?file=${encodeURIComponent(f)}">${f}</a></li>`)}</ul>` : ""}
<section class="rendered">${view.rendered}</section>
<h2>Lineage</h2>
${lineage("Produced by", view.producer ? [view.producer] : [], "no recorded producer")}
${view.reusedBy.length > 0 ? lineage("Reused from the cache by", view.reusedBy, "") : ""}
${lineage("Consumed by", view.consumers, "no task has read it yet")}`;
  return page(`${name} · artifact ${artifact.id}`, body, root);
}

/** An HTML artifact: in a sandboxed frame with its own opaque origin, so its scripts cannot reach the console. */
export function htmlFrame(id: number): Html {
  return html`<h2>Page</h2><iframe class="artifact" sandbox="allow-scripts" referrerpolicy="no-referrer" src="/artifacts/${id}/content" title="HTML artifact"></iframe>`;
}

export function markdownSection(rendered: string): Html {
  return html`<h2>Document</h2><div class="markdown">${raw(rendered)}</div>`;
}
