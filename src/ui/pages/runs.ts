import { duration } from "../../cli/format.js";
import type { RunFilter, RunSummary } from "../console-store.js";
import { html } from "../html.js";
import { numberText, page, pill } from "./layout.js";

const statuses = ["running", "succeeded", "failed", "cancelled", "interrupted"];

export function runsPage(runs: readonly RunSummary[], pipelines: readonly string[], filter: RunFilter, root: string): string {
  const option = (value: string, selected: string | undefined, label = value) => html`<option value="${value}" ${value === (selected ?? "") ? html`selected` : ""}>${label}</option>`;
  const metricNames = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].slice(0, 4);
  const body = html`<h1>Runs</h1>
<form class="filters" method="get" action="/">
  <label>Pipeline <select name="pipeline">${option("", filter.pipeline, "all")}${pipelines.map((p) => option(p, filter.pipeline))}</select></label>
  <label>State <select name="status">${option("", filter.status, "all")}${statuses.map((s) => option(s, filter.status))}</select></label>
  <noscript><button>Filter</button></noscript>
  <span class="muted">${runs.length} run${runs.length === 1 ? "" : "s"}</span>
</form>
${runs.length === 0
    ? html`<p class="muted">No runs${filter.pipeline || filter.status ? " match these filters" : " yet"}. Start one with <code>kfp-ts run &lt;pipeline.ts&gt;</code>.</p>`
    : html`<form method="get" action="/compare">
<table class="runs">
<thead><tr><th></th><th>Run</th><th>Pipeline</th><th>State</th><th>Started (UTC)</th><th>Duration</th><th>Tasks</th><th>Cache hits</th>${metricNames.map((m) => html`<th title="${m}">${m.split(".").at(-1)}</th>`)}</tr></thead>
<tbody>${runs.map((run) => html`<tr data-run="${run.id}">
<td><input type="checkbox" name="run" value="${run.id}" aria-label="select ${run.id}"></td>
<td><a href="/runs/${encodeURIComponent(run.id)}">${run.id}</a></td><td>${run.pipelineName}</td><td>${pill(run.status)}</td>
<td>${run.createdAt.replace("T", " ").slice(0, 19)}</td><td class="num">${duration(run.createdAt, run.finishedAt)}</td>
<td class="num">${run.tasks}</td><td class="num">${run.cached || ""}</td>
${metricNames.map((m) => html`<td class="num">${run.metrics[m] === undefined ? "" : numberText(run.metrics[m])}</td>`)}
</tr>`)}</tbody></table>
<button id="compare" type="submit">Compare selected runs</button>
</form>`}`;
  return page("Runs", body, root);
}
