import type { ComponentSpec, ContainerSpec, ExecutorSpec, PipelineSpec, TaskSpec } from "../../src/spec/pipeline-spec.js";
import type { ComponentIR, PipelineIR, ProgramIR, TaskSettingsIR } from "../ir.js";
import { sanitizeK8sName, uniqueName } from "../naming.js";
import { buildDag, type DagTask } from "./dag.js";
import { interfaceSpec } from "./interface.js";
import { resourcesFor } from "./resources.js";

/** The container a component runs in before any task setting applies: image, command and args. */
export interface BaseContainer {
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
}

export interface SpecContext {
  readonly program: ProgramIR;
  /** The base container of each component, by component key. */
  readonly containers: ReadonlyMap<string, BaseContainer>;
  readonly sdkVersion: string;
}

interface Graph {
  components: Map<string, ComponentSpec>;
  executors: Map<string, ExecutorSpec>;
  root: ComponentSpec;
}

/** The PipelineSpec of a pipeline. */
export function buildPipelineSpec(pipeline: PipelineIR, context: SpecContext): PipelineSpec {
  const graph = buildGraph(pipeline, context);
  return document(graph, pipeline, context);
}

/** A single component compiled on its own: a one-task pipeline named after it, as the Python SDK does. */
export function buildComponentSpec(component: ComponentIR, context: SpecContext): PipelineSpec {
  const wrapper: PipelineIR = {
    kind: "pipeline",
    key: `${component.key}#pipeline`,
    name: sanitizeK8sName(component.name),
    exportName: component.functionName,
    inputs: component.inputs,
    outputs: component.outputs,
    returns: component.returns,
    location: component.location,
    tasks: [{
      callee: { kind: "component", key: component.key },
      arguments: new Map(component.inputs.map((input) => [input.name, { kind: "pipelineInput", name: input.name }])),
      after: [],
      settings: { caching: true, env: [] },
      location: component.location,
    }],
    outputSources: component.outputs.map((output) => ({ name: output.name, source: { kind: "taskOutput", task: 0, output: output.name } })),
  };
  return document(buildGraph(wrapper, context), wrapper, context);
}

function document(graph: Graph, pipeline: PipelineIR, context: SpecContext): PipelineSpec {
  return {
    components: Object.fromEntries(graph.components),
    deploymentSpec: { executors: Object.fromEntries(graph.executors) },
    pipelineInfo: {
      name: pipeline.name,
      ...(pipeline.displayName && { displayName: pipeline.displayName }),
      ...(pipeline.description && { description: pipeline.description }),
    },
    root: graph.root as PipelineSpec["root"],
    schemaVersion: "2.1.0",
    sdkVersion: context.sdkVersion,
    ...(pipeline.root && { defaultPipelineRoot: pipeline.root }),
  };
}

/**
 * Components and executors for the pipeline's tasks, in the order and with the names the Python
 * SDK gives them (`build_spec_by_group`): one component and executor per task, nested pipelines
 * folded in with `-2`, `-3`, … renames on collision.
 */
function buildGraph(pipeline: PipelineIR, context: SpecContext): Graph {
  const dag = buildDag(context.program, pipeline);
  const components = new Map<string, ComponentSpec>();
  const executors = new Map<string, ExecutorSpec>();
  const tasks: Record<string, TaskSpec> = {};
  for (const node of dag.tasks) {
    let component: ComponentSpec;
    if (node.callee.kind === "component") {
      const label = uniqueName(`exec-${sanitizeK8sName(node.callee.name)}`, executors);
      executors.set(label, { container: containerFor(node.callee, node.task.settings, context) });
      component = { executorLabel: label, ...interfaceSpec(node.callee) };
    } else {
      const sub = buildGraph(node.callee, context);
      mergeExecutors(sub, executors);
      mergeComponents(sub, components);
      component = sub.root;
    }
    const key = uniqueName(`comp-${node.name}`, components);
    components.set(key, component);
    tasks[node.name] = taskSpec(node, key);
  }
  const outputs = {
    ...(Object.keys(dag.outputs.parameters).length > 0 && { parameters: dag.outputs.parameters }),
    ...(Object.keys(dag.outputs.artifacts).length > 0 && { artifacts: dag.outputs.artifacts }),
  };
  const root: ComponentSpec = {
    ...interfaceSpec(pipeline),
    dag: { tasks, ...(Object.keys(outputs).length > 0 && { outputs }) },
  };
  return { components, executors, root };
}

function taskSpec(node: DagTask, componentKey: string): TaskSpec {
  const { settings } = node.task;
  const hasParameters = Object.keys(node.parameters).length > 0;
  const hasArtifacts = Object.keys(node.artifacts).length > 0;
  return {
    taskInfo: { name: settings.displayName ?? node.name },
    componentRef: { name: componentKey },
    ...((hasParameters || hasArtifacts) && {
      inputs: { ...(hasParameters && { parameters: node.parameters }), ...(hasArtifacts && { artifacts: node.artifacts }) },
    }),
    ...(node.dependencies.length > 0 && { dependentTasks: [...node.dependencies] }),
    cachingOptions: { ...(settings.caching && { enableCache: true }), ...(settings.cacheKey && { cacheKey: settings.cacheKey }) },
    ...(settings.retry && {
      retryPolicy: {
        maxRetryCount: settings.retry.count,
        backoffDuration: `${settings.retry.backoffSeconds}s`,
        backoffFactor: settings.retry.backoffFactor,
        backoffMaxDuration: `${settings.retry.backoffMaxSeconds}s`,
      },
    }),
  };
}

function containerFor(component: ComponentIR, settings: TaskSettingsIR, context: SpecContext): ContainerSpec {
  const base = context.containers.get(component.key);
  if (!base) throw new Error(`internal error: component ${component.key} has no container`);
  const resources = resourcesFor(settings);
  return {
    image: settings.image ?? base.image,
    command: [...base.command],
    args: [...base.args],
    ...(settings.env.length > 0 && { env: settings.env.map(([name, value]) => ({ name, value })) }),
    ...(resources && { resources }),
  };
}

/** Folds a nested pipeline's executors in, renaming labels that collide (`_merge_deployment_spec`). */
function mergeExecutors(sub: Graph, executors: Map<string, ExecutorSpec>): void {
  for (const [label, executor] of sub.executors) {
    const unique = uniqueName(label, executors);
    if (unique !== label) {
      for (const component of sub.components.values()) if (component.executorLabel === label) component.executorLabel = unique;
    }
    executors.set(unique, executor);
  }
}

/** Folds a nested pipeline's components in, renaming keys that collide in LIFO order (`_merge_component_spec`). */
function mergeComponents(sub: Graph, components: Map<string, ComponentSpec>): void {
  const renames = new Map<string, string>();
  for (const key of sub.components.keys()) {
    const taken = new Set([...components.keys(), ...[...renames].flat()]);
    renames.set(key, uniqueName(key, taken));
  }
  for (const [from, to] of [...renames].reverse()) {
    if (from === to) continue;
    const dags = [...[...sub.components.values()].map((c) => c.dag), sub.root.dag];
    for (const dag of dags) {
      for (const task of Object.values(dag?.tasks ?? {})) if (task.componentRef.name === from) task.componentRef.name = to;
    }
  }
  for (const [key, component] of sub.components) components.set(renames.get(key)!, component);
}
