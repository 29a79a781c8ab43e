// The console's graph model: loop iterations recorded by a run, folded groups, and dagre's placement of clusters.
import { describe, expect, it } from "vitest";
import { layoutGraph } from "../src/ui/graph/layout.js";
import { collapseGroups, withRunPaths, type PipelineGraph } from "../src/ui/graph/pipeline-graph.js";

// A spec's graph with a loop group: prep → for-loop-2/{train → score} → report.
const looped: PipelineGraph = {
  name: "looped",
  nodes: [
    { id: "prep", label: "prep", component: "comp-prep", kind: "task" },
    { id: "for-loop-2", label: "for-loop-2", component: "comp-for-loop-2", kind: "group" },
    { id: "for-loop-2/train", label: "train", component: "comp-train", kind: "task", parent: "for-loop-2" },
    { id: "for-loop-2/score", label: "score", component: "comp-score", kind: "task", parent: "for-loop-2" },
    { id: "report", label: "report", component: "comp-report", kind: "task" },
  ],
  edges: [
    { from: "prep", to: "for-loop-2/train", kind: "data", label: "data" },
    { from: "for-loop-2/train", to: "for-loop-2/score", kind: "data", label: "model" },
    { from: "for-loop-2/score", to: "report", kind: "after", label: "" },
  ],
};

describe("the run graph", () => {
  it("repeats a loop group's tasks once per iteration the run recorded, each iteration a cluster", () => {
    const graph = withRunPaths(looped, ["prep", "for-loop-2", "for-loop-2/0/train", "for-loop-2/1/train", "for-loop-2/0/score"]);
    expect(graph.nodes.map((n) => [n.id, n.parent ?? "", n.kind])).toEqual([
      ["prep", "", "task"],
      ["for-loop-2", "", "group"],
      ["report", "", "task"],
      ["for-loop-2/0", "for-loop-2", "group"],
      ["for-loop-2/0/train", "for-loop-2/0", "task"],
      ["for-loop-2/0/score", "for-loop-2/0", "task"],
      ["for-loop-2/1", "for-loop-2", "group"],
      ["for-loop-2/1/train", "for-loop-2/1", "task"],
      ["for-loop-2/1/score", "for-loop-2/1", "task"],
    ]);
    expect(graph.edges.map((e) => `${e.from}→${e.to}`)).toEqual([
      "prep→for-loop-2/0/train", "prep→for-loop-2/1/train",
      "for-loop-2/0/train→for-loop-2/0/score", "for-loop-2/1/train→for-loop-2/1/score",
      "for-loop-2/0/score→report", "for-loop-2/1/score→report",
    ]);
  });

  it("adds tasks a run recorded that its spec does not have, under their parents", () => {
    const graph = withRunPaths({ name: "none", nodes: [], edges: [] }, ["outer", "outer/inner"]);
    expect(graph.nodes).toEqual([
      { id: "outer", label: "outer", component: "", kind: "group" },
      { id: "outer/inner", label: "inner", component: "", kind: "task", parent: "outer" },
    ]);
  });

  it("folds a group into one node, its edges attached to the group once each", () => {
    const graph = collapseGroups(withRunPaths(looped, ["for-loop-2/0/train", "for-loop-2/1/train"]), new Set(["for-loop-2"]));
    expect(graph.nodes.map((n) => [n.id, n.collapsed ?? false])).toEqual([["prep", false], ["for-loop-2", true], ["report", false]]);
    expect(graph.edges).toEqual([
      { from: "prep", to: "for-loop-2", kind: "data", label: "data" },
      { from: "for-loop-2", to: "report", kind: "after", label: "" },
    ]);
  });

  it("lays clusters out around their tasks, outermost first", () => {
    const laid = layoutGraph(withRunPaths(looped, ["for-loop-2/0/train", "for-loop-2/1/train"]));
    expect(laid.clusters.map((c) => c.id)).toEqual(["for-loop-2", "for-loop-2/0", "for-loop-2/1"]);
    const contains = (outer: { x: number; y: number; width: number; height: number }, inner: typeof outer) =>
      inner.x - inner.width / 2 >= outer.x - outer.width / 2 && inner.x + inner.width / 2 <= outer.x + outer.width / 2 &&
      inner.y - inner.height / 2 >= outer.y - outer.height / 2 && inner.y + inner.height / 2 <= outer.y + outer.height / 2;
    for (const node of laid.nodes.filter((n) => n.parent)) expect(contains(laid.clusters.find((c) => c.id === node.parent)!, node), node.id).toBe(true);
    expect(laid.nodes.map((n) => n.id).sort()).toEqual(["for-loop-2/0/score", "for-loop-2/0/train", "for-loop-2/1/score", "for-loop-2/1/train", "prep", "report"]);
    expect(laid.edges).toHaveLength(6);
  });
});
