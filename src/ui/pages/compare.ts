import type { RunSummary } from "../console-store.js";
import { html } from "../html.js";
import { numberText, page, pill, valueText } from "./layout.js";

/** Runs side by side: parameters and metrics, rows whose values differ highlighted. */
export function comparePage(runs: readonly RunSummary[], root: string): string {
  const table = (title: string, names: readonly string[], valueOf: (run: RunSummary, name: string) => string | undefined) => {
    if (names.length === 0) return html`<h2>${title}</h2><p class="muted">none</p>`;
    return html`<h2>${title}</h2><table class="compare ${title.toLowerCase()}"><thead><tr><th></th>${runs.map((r) => html`<th><a href="/runs/${encodeURIComponent(r.id)}">${r.id}</a></th>`)}</tr></thead><tbody>${names.map((name) => {
      const values = runs.map((r) => valueOf(r, name));
      const differs = new Set(values).size > 1;
      return html`<tr class="${differs ? "differs" : "same"}" data-name="${name}"><th>${name}</th>${values.map((v) => html`<td class="${differs ? "diff" : ""}">${v ?? html`<span class="muted">—</span>`}</td>`)}</tr>`;
    })}</tbody></table>`;
  };
  const parameterNames = [...new Set(runs.flatMap((r) => Object.keys(r.parameters)))].sort();
  const metricNames = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const body = html`<h1>Comparing ${runs.length} runs</h1>
<table class="compare runs"><thead><tr><th></th>${runs.map((r) => html`<th>${r.id}</th>`)}</tr></thead><tbody>
<tr><th>Pipeline</th>${runs.map((r) => html`<td>${r.pipelineName}</td>`)}</tr>
<tr><th>State</th>${runs.map((r) => html`<td>${pill(r.status)}</td>`)}</tr>
<tr><th>Started (UTC)</th>${runs.map((r) => html`<td>${r.createdAt.replace("T", " ").slice(0, 19)}</td>`)}</tr>
<tr><th>Cache hits</th>${runs.map((r) => html`<td>${r.cached} of ${r.tasks}</td>`)}</tr>
</tbody></table>
${table("Parameters", parameterNames, (r, n) => (n in r.parameters ? valueText(r.parameters[n]) : undefined))}
${table("Metrics", metricNames, (r, n) => (r.metrics[n] === undefined ? undefined : numberText(r.metrics[n])))}`;
  return page("Compare runs", body, root);
}
