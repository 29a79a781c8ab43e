// A pipeline's DAG as nodes, clusters and edges: what `kfp-ts graph` draws and the console's Run page colours.
import type { DagSpec, PipelineSpec, TaskSpec } from "../../spec/pipeline-spec.js";

export interface GraphNode {
  /** The task path, `/` between nesting levels (`outer/inner/train`), as the run history records it. */
  readonly id: string;
  readonly label: string;
  readonly component: string;
  /** `group`: a nested pipeline, condition or loop, drawn as a cluster around its tasks. */
  readonly kind: "task" | "group";
  /** The enclosing group's id. */
  readonly parent?: string;
  /** A group drawn as one node: its tasks are hidden. */
  readonly collapsed?: boolean;
  /** When the task runs only if a condition holds: the condition (CEL), shown as a tooltip. */
  readonly condition?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** `data`: an output feeds an input (labelled with the output names); `after`: ordering only. */
  readonly kind: "data" | "after";
  readonly label: string;
}

export interface PipelineGraph {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/**
 * The DAG of a spec: one node per task, one cluster per nested DAG, one edge per dependency. An edge
 * into or out of a nested DAG goes to the tasks inside that use the input or make the output.
 */
export function pipelineGraph(spec: PipelineSpec): PipelineGraph {
  const nodes: GraphNode[] = [];
  const edges = new Map<string, { from: string; to: string; kind: "data" | "after"; names: string[] }>();
  const nestedDag = (task: TaskSpec) => spec.components?.[task.componentRef.name]?.dag;

  // The tasks that make output `key` of the task at `path` (itself, or the producers inside it), with their own output names.
  const producers = (dag: DagSpec, prefix: string, name: string, key: string | undefined): { id: string; key: string | undefined }[] => {
    const inner = nestedDag(dag.tasks[name]!);
    if (!inner) return [{ id: prefix + name, key }];
    const selectors: { task: string; key: string }[] = [];
    for (const [name, output] of Object.entries(inner.outputs?.parameters ?? {})) {
      if ((key === undefined || name === key) && output.valueFromParameter) selectors.push({ task: output.valueFromParameter.producerSubtask, key: output.valueFromParameter.outputParameterKey });
    }
    for (const [name, output] of Object.entries(inner.outputs?.artifacts ?? {})) {
      if (key === undefined || name === key) for (const s of output.artifactSelectors) selectors.push({ task: s.producerSubtask, key: s.outputArtifactKey });
    }
    const found = selectors.filter((s) => inner.tasks[s.task]).flatMap((s) => producers(inner, `${prefix}${name}/`, s.task, s.key));
    return found.length > 0 ? found : sinks(inner, `${prefix}${name}/`);
  };
  // The tasks that read input `input` of the task at `path` (itself, or the consumers inside it).
  const consumers = (dag: DagSpec, prefix: string, name: string, input: string | undefined): string[] => {
    const inner = nestedDag(dag.tasks[name]!);
    if (!inner) return [prefix + name];
    const found = Object.entries(inner.tasks).flatMap(([innerName, t]) =>
      input !== undefined && usesInput(t, input) ? consumers(inner, `${prefix}${name}/`, innerName, innerInputsFrom(t, input)) : []);
    return found.length > 0 ? found : sources(inner, `${prefix}${name}/`);
  };
  const sources = (dag: DagSpec, prefix: string) =>
    Object.entries(dag.tasks).filter(([, t]) => (t.dependentTasks ?? []).length === 0).flatMap(([n]) => consumers(dag, prefix, n, undefined));
  const sinks = (dag: DagSpec, prefix: string) => {
    const used = new Set(Object.values(dag.tasks).flatMap((t) => t.dependentTasks ?? []));
    return Object.keys(dag.tasks).filter((n) => !used.has(n)).flatMap((n) => producers(dag, prefix, n, undefined));
  };
  const connect = (from: { id: string; key: string | undefined }[], to: string[], kind: "data" | "after") => {
    for (const { id: f, key: name } of from) for (const t of to) {
      const key = `${f}\u0000${t}`;
      const edge = edges.get(key) ?? { from: f, to: t, kind, names: [] };
      if (kind === "data") edge.kind = "data";
      if (name !== undefined && !edge.names.includes(name)) edge.names.push(name);
      edges.set(key, edge);
    }
  };

  const walk = (dag: DagSpec, prefix: string, parent: string | undefined) => {
    for (const [name, task] of Object.entries(dag.tasks)) {
      const id = prefix + name;
      const inner = nestedDag(task);
      nodes.push({
        id, label: task.taskInfo.name || name, component: task.componentRef.name, kind: inner ? "group" : "task",
        ...(parent !== undefined && { parent }), ...(task.triggerPolicy?.condition && { condition: task.triggerPolicy.condition }),
      });
      const fed = new Set<string>();
      for (const [input, source] of [...Object.entries(task.inputs?.parameters ?? {}), ...Object.entries(task.inputs?.artifacts ?? {})]) {
        const upstream = "taskOutputParameter" in source && source.taskOutputParameter
          ? { task: source.taskOutputParameter.producerTask, key: source.taskOutputParameter.outputParameterKey }
          : "taskOutputArtifact" in source && source.taskOutputArtifact
            ? { task: source.taskOutputArtifact.producerTask, key: source.taskOutputArtifact.outputArtifactKey }
            : undefined;
        if (!upstream || !dag.tasks[upstream.task]) continue;
        fed.add(upstream.task);
        connect(producers(dag, prefix, upstream.task, upstream.key), consumers(dag, prefix, name, input), "data");
      }
      for (const dependency of task.dependentTasks ?? []) {
        if (!fed.has(dependency) && dag.tasks[dependency]) {
          connect(producers(dag, prefix, dependency, undefined).map((p) => ({ id: p.id, key: undefined })), consumers(dag, prefix, name, undefined), "after");
        }
      }
      if (inner) walk(inner, `${id}/`, id);
    }
  };
  walk(spec.root.dag, "", undefined);
  return {
    name: spec.pipelineInfo.name,
    nodes,
    edges: [...edges.values()].map(({ names, ...e }) => ({ ...e, label: e.kind === "data" ? names.sort().join(", ") : "" })),
  };
}

function usesInput(task: TaskSpec, input: string): boolean {
  return innerInputsFrom(task, input) !== undefined;
}

/** The input of `task` fed by its DAG's input `input`, if any. */
function innerInputsFrom(task: TaskSpec, input: string): string | undefined {
  for (const [name, source] of Object.entries(task.inputs?.parameters ?? {})) if (source.componentInputParameter === input) return name;
  for (const [name, source] of Object.entries(task.inputs?.artifacts ?? {})) if (source.componentInputArtifact === input) return name;
  return undefined;
}

/** Groups drawn as single nodes: their tasks go, and edges to them attach to the group. */
export function collapseGroups(graph: PipelineGraph, collapsed: ReadonlySet<string>): PipelineGraph {
  if (collapsed.size === 0) return graph;
  // The outermost collapsed group holding an id, or the id itself.
  const visible = (id: string): string => {
    const parts = id.split("/");
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      if (collapsed.has(prefix)) return prefix;
    }
    return id;
  };
  const nodes = graph.nodes.filter((n) => visible(n.id) === n.id).map((n) => (collapsed.has(n.id) && n.kind === "group" ? { ...n, collapsed: true } : n));
  const edges = new Map<string, GraphEdge>();
  for (const edge of graph.edges) {
    const from = visible(edge.from);
    const to = visible(edge.to);
    if (from === to) continue;
    const key = `${from}\u0000${to}`;
    const seen = edges.get(key);
    const labels = new Set([...(seen?.label ? seen.label.split(", ") : []), ...(edge.label ? [edge.label] : [])]);
    edges.set(key, { from, to, kind: seen?.kind === "data" || edge.kind === "data" ? "data" : "after", label: [...labels].sort().join(", ") });
  }
  return { ...graph, nodes, edges: [...edges.values()] };
}

/**
 * The graph of a run: loop groups are repeated per iteration the run recorded (`loop/0/train`,
 * `loop/1/train`), and tasks the spec does not have (an older spec, or none) are added from their paths.
 */
export function withRunPaths(graph: PipelineGraph, paths: readonly string[]): PipelineGraph {
  let nodes = [...graph.nodes];
  let edges = [...graph.edges];
  const has = (id: string) => nodes.some((n) => n.id === id);
  for (let changed = true; changed;) {
    changed = false;
    const missing = paths.filter((p) => !has(p));
    for (const path of missing) {
      const parts = path.split("/");
      const at = parts.findIndex((part, i) => /^\d+$/.test(part) && i > 0 && has(parts.slice(0, i).join("/")) && !has(parts.slice(0, i + 1).join("/")));
      if (at < 0) continue;
      const group = parts.slice(0, at).join("/");
      const iterations = [...new Set(paths.filter((p) => p.startsWith(`${group}/`)).map((p) => p.slice(group.length + 1).split("/")[0]!).filter((s) => /^\d+$/.test(s)))]
        .sort((a, b) => Number(a) - Number(b));
      ({ nodes, edges } = repeatGroup(nodes, edges, group, iterations));
      changed = true;
      break;
    }
  }
  for (const path of paths) {
    if (has(path)) continue;
    const parts = path.split("/");
    const parent = parts.length > 1 ? parts.slice(0, -1).join("/") : undefined;
    nodes.push({ id: path, label: parts.at(-1)!, component: "", kind: paths.some((p) => p.startsWith(`${path}/`)) ? "group" : "task", ...(parent !== undefined && { parent }) });
  }
  // A parent recorded after its children (or not in the spec) still encloses them.
  const groups = new Set(nodes.filter((n) => n.parent !== undefined).map((n) => n.parent!));
  nodes = nodes.map((n) => (groups.has(n.id) && n.kind === "task" ? { ...n, kind: "group" } : n));
  return { ...graph, nodes, edges };
}

/** A group's contents once per iteration, each copy in its own cluster `group/i`. */
function repeatGroup(nodes: GraphNode[], edges: GraphEdge[], group: string, iterations: readonly string[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const inside = (id: string) => id.startsWith(`${group}/`);
  const copy = (id: string, i: string) => `${group}/${i}/${id.slice(group.length + 1)}`;
  const repeated: GraphNode[] = nodes.filter((n) => !inside(n.id));
  for (const i of iterations) {
    repeated.push({ id: `${group}/${i}`, label: `iteration ${i}`, component: "", kind: "group", parent: group });
    for (const n of nodes.filter((n) => inside(n.id))) repeated.push({ ...n, id: copy(n.id, i), parent: n.parent === group ? `${group}/${i}` : copy(n.parent!, i) });
  }
  const newEdges = edges.flatMap((e) => {
    if (!inside(e.from) && !inside(e.to)) return [e];
    return iterations.map((i) => ({ ...e, from: inside(e.from) ? copy(e.from, i) : e.from, to: inside(e.to) ? copy(e.to, i) : e.to }));
  });
  return { nodes: repeated, edges: newEdges };
}
