// A laid-out pipeline graph as SVG: standalone for documentation, or inline in the console with task states.
import { escapeHtml as e } from "../html.js";
import type { LaidOutGraph } from "./layout.js";

export interface NodeStatus {
  readonly state: string;
  /** A tooltip line, such as the reason a task was skipped. */
  readonly note?: string;
}

export interface SvgOptions {
  /** Task states by path: each node gets `state-<state>` and its colour. */
  readonly states?: ReadonlyMap<string, NodeStatus>;
  /** A link for a node (the console's task pages). */
  readonly href?: (path: string) => string | undefined;
  /** A title above the graph (the pipeline name in documentation). */
  readonly title?: string;
}

const titleHeight = 34;

export const graphStyle = `
.kfp-graph { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.kfp-graph .title { font-size: 16px; font-weight: 600; fill: #202124; }
.kfp-graph .node rect { fill: #ffffff; stroke: #5f6368; stroke-width: 1.4; }
.kfp-graph .node .name { font-size: 13px; font-weight: 600; fill: #202124; }
.kfp-graph .node .component { font-size: 11px; fill: #5f6368; }
.kfp-graph .node.group rect { stroke-dasharray: 4 3; fill: #f8f9fa; }
.kfp-graph .cluster rect { fill: #f8f9fa; stroke: #9aa0a6; stroke-width: 1; stroke-dasharray: 5 4; }
.kfp-graph .cluster .name { font-size: 12px; font-weight: 600; fill: #3c4043; }
.kfp-graph .edge path { fill: none; stroke: #5f6368; stroke-width: 1.4; }
.kfp-graph .edge.after path { stroke-dasharray: 6 4; }
.kfp-graph .edge text { font-size: 11px; fill: #3c4043; }
.kfp-graph .edge .label-bg { fill: #ffffff; opacity: 0.85; }
.kfp-graph .state-pending rect { fill: #f1f3f4; stroke: #9aa0a6; }
.kfp-graph .state-running rect { fill: #fef7e0; stroke: #f9ab00; stroke-width: 2.2; }
.kfp-graph .state-succeeded rect { fill: #e6f4ea; stroke: #188038; }
.kfp-graph .state-cached rect { fill: #e8f0fe; stroke: #1a73e8; }
.kfp-graph .state-failed rect { fill: #fce8e6; stroke: #d93025; stroke-width: 2.2; }
.kfp-graph .state-skipped rect { fill: #f8f9fa; stroke: #bdc1c6; stroke-dasharray: 3 3; }
.kfp-graph .state-skipped .name { fill: #80868b; }
.kfp-graph g.cluster rect { fill-opacity: 0.35; }
`;

export function renderSvg(graph: LaidOutGraph, options: SvgOptions = {}): string {
  const top = options.title ? titleHeight : 0;
  const width = Math.max(graph.width, 160);
  const height = graph.height + top;
  const stateOf = (id: string) => options.states?.get(id);
  const classes = (kind: string, id: string) => {
    const status = stateOf(id);
    return `${kind}${status ? ` state-${status.state}` : ""}`;
  };
  const tooltip = (node: { id: string; label: string; condition?: string }) => {
    const status = stateOf(node.id);
    const state = status ? `: ${status.state}${status.note ? ` (${status.note})` : ""}` : node.label !== node.id.split("/").at(-1) ? ` (${node.label})` : "";
    return `<title>${e(`${node.id}${state}${node.condition ? `\nruns if ${node.condition}` : ""}`)}</title>`;
  };
  const link = (id: string, inner: string) => {
    const href = options.href?.(id);
    return href ? `<a href="${e(href)}">${inner}</a>` : inner;
  };
  const clusters = graph.clusters.map((c) => {
    const x = c.x - c.width / 2;
    const y = c.y - c.height / 2 + top;
    return `<g class="${classes("cluster", c.id)}" data-path="${e(c.id)}">${tooltip(c)}<rect x="${r(x)}" y="${r(y)}" width="${r(c.width)}" height="${r(c.height)}" rx="8"/>` +
      `<text class="name toggle" x="${r(x + 10)}" y="${r(y + 17)}">${options.href ? "▾ " : ""}${e(c.label)}</text></g>`;
  });
  const edges = graph.edges.map((edge) => {
    const label = edge.labelAt && edge.label
      ? `<rect class="label-bg" x="${r(edge.labelAt.x - (edge.label.length * 6.4) / 2 - 2)}" y="${r(edge.labelAt.y + top - 9)}" width="${r(edge.label.length * 6.4 + 4)}" height="15" rx="3"/>` +
        `<text x="${r(edge.labelAt.x)}" y="${r(edge.labelAt.y + top + 3)}" text-anchor="middle">${e(edge.label)}</text>`
      : "";
    return `<g class="edge ${edge.kind}" data-from="${e(edge.from)}" data-to="${e(edge.to)}"><path d="${pathOf(edge.points, top)}" marker-end="url(#kfp-arrow)"/>${label}</g>`;
  });
  const nodes = graph.nodes.map((n) => {
    const x = n.x - n.width / 2;
    const y = n.y - n.height / 2 + top;
    const sub = n.kind === "group" ? `${n.collapsed ? "▸ " : ""}group` : n.component && n.component !== `comp-${n.label}` ? n.component.replace(/^comp-/, "") : "";
    const text = sub
      ? `<text class="name" x="${r(n.x)}" y="${r(y + 20)}" text-anchor="middle">${e(n.label)}</text><text class="component" x="${r(n.x)}" y="${r(y + 36)}" text-anchor="middle">${e(sub)}</text>`
      : `<text class="name" x="${r(n.x)}" y="${r(y + n.height / 2 + 4.5)}" text-anchor="middle">${e(n.label)}</text>`;
    return `<g class="${classes(`node ${n.kind}`, n.id)}" data-path="${e(n.id)}">${link(n.id, `${tooltip(n)}<rect x="${r(x)}" y="${r(y)}" width="${r(n.width)}" height="${r(n.height)}" rx="8"/>${text}`)}</g>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="kfp-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${e(options.title ?? "pipeline graph")}">`,
    `<style>${graphStyle}</style>`,
    `<defs><marker id="kfp-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#5f6368"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    options.title ? `<text class="title" x="16" y="24">${e(options.title)}</text>` : "",
    ...clusters,
    ...edges,
    ...nodes,
    `</svg>`,
  ].filter(Boolean).join("\n") + "\n";
}

const r = (n: number) => String(Math.round(n * 10) / 10);

/** A smooth path through dagre's edge points: straight ends, quadratic curves between midpoints. */
function pathOf(points: readonly { x: number; y: number }[], top: number): string {
  const p = points.map((q) => ({ x: q.x, y: q.y + top }));
  if (p.length === 0) return "";
  if (p.length < 3) return `M ${p.map((q) => `${r(q.x)} ${r(q.y)}`).join(" L ")}`;
  let d = `M ${r(p[0]!.x)} ${r(p[0]!.y)}`;
  for (let i = 1; i < p.length - 1; i++) {
    const mid = { x: (p[i]!.x + p[i + 1]!.x) / 2, y: (p[i]!.y + p[i + 1]!.y) / 2 };
    d += ` Q ${r(p[i]!.x)} ${r(p[i]!.y)} ${i === p.length - 2 ? `${r(p.at(-1)!.x)} ${r(p.at(-1)!.y)}` : `${r(mid.x)} ${r(mid.y)}`}`;
  }
  return d;
}
