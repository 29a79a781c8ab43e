import { duration } from "../../cli/format.js";
import type { RunRowWithLiveness } from "../../local/liveness.js";
import type { TaskDetail } from "../../local/store.js";
import type { PipelineSpec } from "../../spec/pipeline-spec.js";
import { layoutGraph } from "../graph/layout.js";
import { collapseGroups, pipelineGraph, withRunPaths } from "../graph/pipeline-graph.js";
import { renderSvg, type NodeStatus } from "../graph/render-svg.js";
import { html, raw, type Html } from "../html.js";
import { page, pill, valueText } from "./layout.js";
import { ganttChart } from "./gantt.js";

const states = ["pending", "running", "succeeded", "cached", "failed", "skipped"];

export interface RunView {
  readonly run: RunRowWithLiveness;
  readonly tasks: readonly TaskDetail[];
  readonly spec: PipelineSpec | undefined;
  readonly collapsed: ReadonlySet<string>;
}

export function runPage(view: RunView, root: string): string {
  const { run } = view;
  const live = run.status === "running";
  const id = encodeURIComponent(run.id);
  const body = html`<h1>${run.pipelineName} ${pill(run.status)}</h1>
<table class="kv">
<tr><th>Run</th><td><code>${run.id}</code></td></tr>
<tr><th>Source</th><td><code>${run.source}</code></td></tr>
<tr><th>Started (UTC)</th><td>${run.createdAt.replace("T", " ").slice(0, 19)}${run.finishedAt ? `, took ${duration(run.createdAt, run.finishedAt)}` : ""}</td></tr>
<tr><th>Parameters</th><td>${Object.entries(run.parameters).map(([k, v]) => html`<code>${k}</code> = <code>${valueText(v)}</code><br>`)}</td></tr>
<tr><th>Directory</th><td><code>${run.runDir}</code></td></tr>
${run.error ? html`<tr><th>Error</th><td>${run.error}</td></tr>` : ""}
</table>
<div data-live="/runs/${id}/live" ${live ? html`data-events="/runs/${id}/events"` : ""}>${liveSection(view)}</div>`;
  return page(`${run.pipelineName} ${run.id}`, body, root);
}

/** The part of the Run page that follows the run: graph, timeline, tasks. */
export function liveSection(view: RunView): Html {
  const { run, tasks } = view;
  const byPath = new Map(tasks.map((t) => [t.path, t]));
  const base = view.spec ? pipelineGraph(view.spec) : { name: run.pipelineName, nodes: [], edges: [] };
  const graph = collapseGroups(withRunPaths(base, tasks.map((t) => t.path)), view.collapsed);
  // A task never recorded inside a skipped group (a condition that was false) is skipped with it.
  const skippedAncestor = (id: string) => {
    const parts = id.split("/");
    for (let i = parts.length - 1; i > 0; i--) {
      const group = byPath.get(parts.slice(0, i).join("/"));
      if (group?.state === "skipped") return group;
    }
    return undefined;
  };
  const statuses = new Map<string, NodeStatus>(graph.nodes.map((n) => {
    const task = byPath.get(n.id);
    const state = task ? (run.status === "interrupted" && (task.state === "running" || task.state === "pending") ? "failed" : task.state)
      : skippedAncestor(n.id) ? "skipped"
      : n.kind === "group" ? groupState(tasks.filter((t) => t.path.startsWith(`${n.id}/`)).map((t) => t.state)) : "pending";
    const note = task?.error ?? (task ? undefined : skippedAncestor(n.id)?.error);
    return [n.id, { state, ...(note && { note }) }];
  }));
  const svg = renderSvg(layoutGraph(graph), {
    states: statuses,
    href: (path) => {
      const task = byPath.get(path);
      return task && task.kind === "container" ? `/tasks/${task.id}` : undefined;
    },
  });
  const containers = tasks.filter((t) => t.kind === "container");
  return html`<h2>Graph</h2>
<div class="legend">${states.map((s) => pill(s))}<span class="muted">${graph.nodes.some((n) => n.kind === "group") ? "click a group's title to fold it" : ""}</span></div>
<div class="graph">${raw(svg)}</div>
<h2>Timeline</h2>
${containers.some((t) => t.startedAt) ? html`<div class="gantt">${ganttChart(containers, run.createdAt, run.finishedAt)}</div>` : html`<p class="muted">No task has started yet.</p>`}
<h2>Tasks</h2>
<table class="tasks"><thead><tr><th>Task</th><th>State</th><th>Time</th><th>Attempts</th><th>Exit</th><th>Cache / reason</th></tr></thead>
<tbody>${tasks.map((t) => html`<tr data-path="${t.path}">
<td>${t.kind === "container" ? html`<a href="/tasks/${t.id}">${t.path}</a>` : t.path}</td><td>${pill(t.state)}</td>
<td class="num">${t.state === "cached" || t.state === "skipped" ? "" : duration(t.startedAt, t.finishedAt)}</td>
<td class="num">${t.kind === "dag" ? "" : t.attempts}</td><td class="num">${t.signal ?? t.exitCode ?? ""}</td>
<td>${t.state === "skipped" || t.state === "failed" ? (t.error ?? "") : t.kind === "container" ? (t.cacheNote ?? "") : ""}</td></tr>`)}</tbody></table>`;
}

/** The state of a group the run recorded no row for (a loop iteration), from its tasks'. */
function groupState(states: readonly string[]): string {
  if (states.length === 0) return "pending";
  if (states.includes("failed")) return "failed";
  if (states.includes("running") || states.includes("pending")) return "running";
  if (states.every((s) => s === "skipped")) return "skipped";
  return states.every((s) => s === "cached") ? "cached" : "succeeded";
}
