// Positions for a pipeline graph, computed by dagre: shared by `kfp-ts graph` and the console.
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from "@dagrejs/dagre";
import type { GraphEdge, GraphNode, PipelineGraph } from "./pipeline-graph.js";

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidOutGraph {
  readonly width: number;
  readonly height: number;
  /** Tasks and collapsed groups, with their centres and sizes. */
  readonly nodes: readonly (GraphNode & Box)[];
  /** Expanded groups, outermost first, drawn as boxes around their tasks. */
  readonly clusters: readonly (GraphNode & Box)[];
  readonly edges: readonly (GraphEdge & { readonly points: readonly { x: number; y: number }[]; readonly labelAt?: { x: number; y: number } })[];
}

/** Text widths are estimated (no fonts on a server): about this many pixels per character at the node font size. */
const charWidth = 7.4;
const edgeCharWidth = 6.4;
export const nodeHeight = 46;

export function layoutGraph(graph: PipelineGraph): LaidOutGraph {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: "TB", nodesep: 36, ranksep: 54, edgesep: 16, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const clusterIds = new Set(graph.nodes.filter((n) => n.kind === "group" && !n.collapsed).map((n) => n.id));
  for (const node of graph.nodes) {
    if (clusterIds.has(node.id)) g.setNode(node.id, { label: node.label, paddingTop: 28 } as NodeLabel);
    else g.setNode(node.id, { width: nodeWidth(node), height: nodeHeight });
  }
  for (const node of graph.nodes) if (node.parent !== undefined && g.hasNode(node.parent)) g.setParent(node.id, node.parent);
  // An empty group (a skipped condition, a loop with no iteration yet) still needs a size.
  for (const id of clusterIds) if ((g.children(id) ?? []).length === 0) g.setNode(id, { width: nodeWidth(graph.nodes.find((n) => n.id === id)!), height: nodeHeight });
  for (const edge of graph.edges) {
    if (!g.hasNode(edge.from) || !g.hasNode(edge.to)) continue;
    g.setEdge(edge.from, edge.to, edge.label ? { width: edge.label.length * edgeCharWidth + 8, height: 16, labelpos: "c" } : {});
  }
  dagre.layout(g);
  const box = (id: string): Box => {
    const n = g.node(id) as NodeLabel;
    return { x: n.x ?? 0, y: n.y ?? 0, width: n.width, height: n.height };
  };
  const depth = (n: GraphNode) => n.id.split("/").length;
  const { width = 0, height = 0 } = g.graph() as GraphLabel;
  return {
    width: Math.ceil(width),
    height: Math.ceil(height),
    nodes: graph.nodes.filter((n) => !clusterIds.has(n.id) || (g.children(n.id) ?? []).length === 0).map((n) => ({ ...n, ...box(n.id) })),
    clusters: graph.nodes.filter((n) => clusterIds.has(n.id) && (g.children(n.id) ?? []).length > 0).sort((a, b) => depth(a) - depth(b)).map((n) => ({ ...n, ...box(n.id) })),
    edges: graph.edges.filter((e) => g.hasEdge(e.from, e.to)).map((e) => {
      const label = g.edge(e.from, e.to) as EdgeLabel;
      return { ...e, points: label.points ?? [], ...(e.label && label.x !== undefined && label.y !== undefined && { labelAt: { x: label.x, y: label.y } }) };
    }),
  };
}

export function nodeWidth(node: GraphNode): number {
  const text = Math.max(node.label.length, node.component.length * 0.85);
  return Math.max(120, Math.round(text * charWidth + 32));
}
