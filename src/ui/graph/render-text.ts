// A pipeline graph as Graphviz DOT or a Mermaid flowchart: the same nodes, clusters and edges as the SVG.
import type { GraphNode, PipelineGraph } from "./pipeline-graph.js";

export function renderDot(graph: PipelineGraph): string {
  const q = (text: string) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const lines = [`digraph ${q(graph.name)} {`, `  rankdir=TB;`, `  node [shape=box, style="rounded", fontname="Helvetica"];`, `  edge [fontname="Helvetica", fontsize=10];`];
  const emit = (parent: string | undefined, indent: string) => {
    for (const node of childrenOf(graph, parent)) {
      if (node.kind === "group" && !node.collapsed) {
        lines.push(`${indent}subgraph ${q(`cluster_${node.id}`)} {`, `${indent}  label=${q(node.label)}; style="rounded,dashed";`);
        emit(node.id, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}${q(node.id)} [label=${q(node.label)}];`);
      }
    }
  };
  emit(undefined, "  ");
  for (const edge of graph.edges) {
    const attributes = [edge.label && `label=${q(edge.label)}`, edge.kind === "after" && "style=dashed"].filter(Boolean);
    lines.push(`  ${q(edge.from)} -> ${q(edge.to)}${attributes.length ? ` [${attributes.join(", ")}]` : ""};`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

export function renderMermaid(graph: PipelineGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const text = (label: string) => `"${label.replace(/"/g, "#quot;")}"`;
  const lines = ["flowchart TB"];
  const emit = (parent: string | undefined, indent: string) => {
    for (const node of childrenOf(graph, parent)) {
      if (node.kind === "group" && !node.collapsed) {
        lines.push(`${indent}subgraph ${ids.get(node.id)}[${text(node.label)}]`);
        emit(node.id, `${indent}  `);
        lines.push(`${indent}end`);
      } else {
        lines.push(`${indent}${ids.get(node.id)}(${text(node.label)})`);
      }
    }
  };
  emit(undefined, "  ");
  for (const edge of graph.edges) {
    const arrow = edge.kind === "after" ? "-.->" : "-->";
    lines.push(`  ${ids.get(edge.from)} ${arrow}${edge.label ? `|${text(edge.label)}|` : ""} ${ids.get(edge.to)}`);
  }
  return lines.join("\n") + "\n";
}

function childrenOf(graph: PipelineGraph, parent: string | undefined): GraphNode[] {
  return graph.nodes.filter((n) => n.parent === parent);
}
