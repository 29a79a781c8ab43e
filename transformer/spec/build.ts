import type { ArtifactInputSpec, ComponentSpec, ContainerSpec, ExecutorSpec, ParameterInputSpec, PipelineSpec, TaskSpec } from "../../src/spec/pipeline-spec.js";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { ComponentIR, PipelineIR, ProgramIR, RuntimeSetting, ValueType } from "../ir.js";
import { sanitizeK8sName, uniqueName } from "../naming.js";
import { celOf } from "./groups/cel.js";
import { buildModel, fullName, inputName, isArtifact, isWithItems, rootName, runtimeInputs, type Channel, type GroupNode, type ImporterDefinition, type PipelineModel, type TaskNode } from "./groups/model.js";
import { wire, type Wiring } from "./groups/wiring.js";
import { interfaceSpec } from "./interface.js";
import { kubernetesExecutorConfig, platformDocument, type PlatformSpec } from "./platform.js";
import { pythonJsonDumps } from "../../src/spec/python-values.js";
import { resourcesFor } from "./resources.js";
import { withSourceMapInCommand } from "../../src/spec/embedded-command.js";

/** The container a component runs in before any task setting applies: image, command and args. */
export interface BaseContainer {
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  /** Set before the task's own `env` (kfp-ts's embedded bundles carry their source map here). */
  readonly env?: readonly { readonly name: string; readonly value: string }[];
}

export interface SpecContext {
  readonly program: ProgramIR;
  /** The base container of each component, by component key. */
  readonly containers: ReadonlyMap<string, BaseContainer>;
  readonly sdkVersion: string;
  /** Where mistakes in how tasks and groups connect are reported. */
  readonly diagnostics?: DiagnosticBag;
}

interface Graph {
  components: Map<string, ComponentSpec>;
  executors: Map<string, ExecutorSpec>;
  /** Kubernetes settings of executors, by executor label. */
  platform: Map<string, Record<string, unknown>>;
  root: ComponentSpec;
}

/** The PipelineSpec of a pipeline, and its platform document when a task has Kubernetes settings. */
export function buildPipelineSpec(pipeline: PipelineIR, context: SpecContext): { spec: PipelineSpec; platform?: PlatformSpec } {
  const graph = buildGraph(pipeline, context);
  const platform = platformDocument(graph.platform);
  return { spec: document(graph, pipeline, context), ...(platform && { platform }) };
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
    body: { kind: "root", id: 0, tasks: [0], groups: [], location: component.location },
    oneOfs: [],
    outputSources: component.outputs.map((output) => ({ name: output.name, source: { kind: "taskOutput", task: 0, output: output.name } })),
  };
  const graph = buildGraph(wrapper, context);
  // kfp 2.17's load_component_from_file reads a container's `env` list as a mapping and fails, and Python pipelines
  // load component YAML: its source map rides in the command instead.
  for (const [name, executor] of graph.executors) {
    if (executor.container) graph.executors.set(name, { ...executor, container: withSourceMapInCommand(executor.container) });
  }
  return document(graph, wrapper, context);
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
 * Components and executors for the pipeline's groups and tasks, in the order and with the names the
 * Python SDK gives them (`build_spec_by_group`): groups depth first, each group's subgroups before its
 * tasks; one component and executor per task; nested pipelines folded in with `-2`, `-3`, … renames.
 */
function buildGraph(pipeline: PipelineIR, context: SpecContext): Graph {
  const model = buildModel(context.program, pipeline);
  const wiring = wire(model, (message, location, hint) => context.diagnostics?.error(codes.invalidTopology, message, location, hint));
  const components = new Map<string, ComponentSpec>();
  const executors = new Map<string, ExecutorSpec>();
  const graph: Graph = { components, executors, platform: new Map(), root: { ...interfaceSpec(pipeline), dag: { tasks: {} } } };
  const root = graph.root;
  const specOf = new Map<string, ComponentSpec>([[rootName, root]]);

  const visit = (group: GroupNode) => {
    const spec = specOf.get(group.name)!;
    const siblings = [...group.groups.map((g) => g.name), ...group.tasks.map((t) => t.name)];
    const isRoot = group === model.root;
    // Subgroups before tasks, as `build_spec_by_group` adds them: the order decides `-2` renames.
    const dependOn = (name: string, task: TaskSpec) => {
      const dependencies = [...(wiring.dependencies.get(name) ?? [])].sort();
      if (dependencies.length > 0) task.dependentTasks = dependencies;
    };
    const add = (name: string, task: TaskSpec, component: ComponentSpec) => {
      const key = uniqueName(`comp-${sanitizeK8sName(name)}`, components);
      task.componentRef = { name: key };
      components.set(key, component);
      spec.dag!.tasks[name] = task;
    };
    for (const child of group.groups) {
      const { task, component } = groupSpecs(child, model, wiring, siblings, isRoot);
      specOf.set(child.name, component);
      dependOn(child.name, task);
      add(child.name, task, component);
    }
    for (const node of group.tasks) {
      const task = taskSpec(node, spec, siblings);
      const component = calleeComponent(node, context, graph);
      addKubernetesConfig(node, component, spec, siblings, graph, model);
      dependOn(node.name, task);
      ignoreUpstreamFailure(node, task);
      add(node.name, task, component);
    }
    group.groups.forEach(visit);
  };
  visit(model.root);

  for (const group of model.root.groups) {
    if (!group.exitTask) continue;
    const exit = group.exitTask;
    const task = taskSpec(exit, root, []);
    task.dependentTasks = [group.name];
    task.triggerPolicy = { strategy: "ALL_UPSTREAM_TASKS_COMPLETED" };
    setFinalStatus(exit, task, group.name);
    const component = calleeComponent(exit, context, graph);
    addKubernetesConfig(exit, component, root, [], graph, model);
    const key = uniqueName(`comp-${sanitizeK8sName(exit.name)}`, components);
    task.componentRef = { name: key };
    components.set(key, component);
    root.dag!.tasks[exit.name] = task;
  }

  const outputs = dagOutputs(model.outputs);
  if (outputs) root.dag!.outputs = outputs;
  return graph;
}

/** The component a task runs: its own container (one executor per task), an importer, or a nested pipeline folded in. */
function calleeComponent(node: TaskNode, context: SpecContext, graph: Graph): ComponentSpec {
  const { components, executors } = graph;
  const callee = node.callee;
  if (callee.kind === "importer") {
    const label = uniqueName(`exec-${sanitizeK8sName(node.name)}`, executors);
    executors.set(label, { importer: importerSpec(callee, node) });
    return {
      executorLabel: label,
      inputDefinitions: { parameters: { uri: { parameterType: "STRING" } } },
      outputDefinitions: { artifacts: { artifact: { artifactType: { schemaTitle: callee.artifact.schemaTitle, schemaVersion: callee.artifact.schemaVersion } } } },
    };
  }
  if (callee.kind === "component" && callee.implementation?.kind === "graph") {
    const sub = importedGraph(callee.implementation.spec);
    mergeExecutors(sub, graph);
    mergeComponents(sub, components);
    return sub.root;
  }
  if (callee.kind === "component") {
    const label = uniqueName(`exec-${sanitizeK8sName(node.name)}`, executors);
    executors.set(label, { container: containerFor(callee, node, context) });
    return { executorLabel: label, ...interfaceSpec(callee) };
  }
  const sub = buildGraph(callee, context);
  mergeExecutors(sub, graph);
  mergeComponents(sub, components);
  return sub.root;
}

/** The task's Kubernetes settings under its executor label, names read from parameters bound as its inputs would be. */
function addKubernetesConfig(node: TaskNode, component: ComponentSpec, parent: ComponentSpec, siblings: readonly string[], graph: Graph, model: PipelineModel): void {
  const kubernetes = node.ir.settings.kubernetes;
  if (!kubernetes || !component.executorLabel) return;
  const config = kubernetesExecutorConfig(kubernetes, (ref) => parameterBinding(model.channelOf(ref), parent, siblings));
  if (Object.keys(config).length > 0) graph.platform.set(component.executorLabel, config);
}

function importerSpec(importer: ImporterDefinition, node: TaskNode): unknown {
  const uri = node.inputs.get("uri");
  return {
    artifactUri: uri?.kind === "constant" && uri.channels.length === 0 ? { constant: uri.value } : { runtimeParameter: "uri" },
    typeSchema: { schemaTitle: importer.artifact.schemaTitle, schemaVersion: importer.artifact.schemaVersion },
    ...(importer.reimport && { reimport: true }),
    ...(importer.metadata && { metadata: importer.metadata }),
  };
}

/** A task's spec (`build_task_spec_for_task`): its settings and how each input is bound in the enclosing DAG. */
function taskSpec(node: TaskNode, parent: ComponentSpec, siblings: readonly string[]): TaskSpec {
  const { settings } = node.ir;
  const parameters: Record<string, ParameterInputSpec> = {};
  const artifacts: Record<string, ArtifactInputSpec> = {};
  const parentArtifacts = parent.inputDefinitions?.artifacts ?? {};
  const bind = (name: string, channel: Channel) => {
    const variant = channel.variant;
    if (variant.kind === "loopArgument") {
      if (isArtifact(channel)) artifacts[name] = { componentInputArtifact: inputName(channel) };
      else parameters[name] = { componentInputParameter: inputName(channel) };
    } else if (variant.kind === "loopVariable") {
      parameters[name] = { componentInputParameter: inputName(variant.argument), parameterExpressionSelector: `parseJson(string_value)["${variant.subvar}"]` };
    } else if (isArtifact(channel)) {
      if (channel.taskName && siblings.includes(channel.taskName)) artifacts[name] = { taskOutputArtifact: { producerTask: channel.taskName, outputArtifactKey: channel.name } };
      else if (channel.taskName) artifacts[name] = { componentInputArtifact: inputName(channel) };
      else artifacts[name] = { componentInputArtifact: fullName(channel) in parentArtifacts ? fullName(channel) : inputName(channel) };
    } else {
      parameters[name] = parameterBinding(channel, parent, siblings);
    }
  };
  for (const [name, value] of node.inputs) {
    if (value.kind === "channel") bind(name, value.channel);
    else if (value.kind === "constant") {
      for (const { channel } of value.channels) bind(inputName(channel), channel);
      parameters[name] = { runtimeValue: { constant: value.value } };
    }
  }
  const task: TaskSpec = {
    taskInfo: { name: settings.displayName ?? node.name },
    componentRef: { name: "" },
    ...inputsOf(parameters, artifacts),
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
  return task;
}

/** How a task in `parent` reads a parameter channel: from a sibling's output, or from an input of its DAG. */
function parameterBinding(channel: Channel, parent: ComponentSpec, siblings: readonly string[]): ParameterInputSpec {
  if (channel.taskName && siblings.includes(channel.taskName)) return { taskOutputParameter: { producerTask: channel.taskName, outputParameterKey: channel.name } };
  if (channel.taskName) return { componentInputParameter: inputName(channel) };
  return { componentInputParameter: fullName(channel) in (parent.inputDefinitions?.parameters ?? {}) ? fullName(channel) : inputName(channel) };
}

function inputsOf(parameters: Record<string, ParameterInputSpec>, artifacts: Record<string, ArtifactInputSpec>): Pick<TaskSpec, "inputs"> {
  const hasParameters = Object.keys(parameters).length > 0;
  const hasArtifacts = Object.keys(artifacts).length > 0;
  return hasParameters || hasArtifacts ? { inputs: { ...(hasParameters && { parameters }), ...(hasArtifacts && { artifacts }) } } : {};
}

/** Every `PipelineTaskFinalStatus` input of the task's component reports on `producer`. */
function setFinalStatus(node: TaskNode, task: TaskSpec, producer: string): void {
  if (node.callee.kind === "importer") return;
  for (const input of node.callee.inputs) {
    if (input.type.kind !== "finalStatus") continue;
    task.inputs = { ...task.inputs, parameters: { ...task.inputs?.parameters, [input.name]: { taskFinalStatus: { producerTask: producer } } } };
  }
}

/** `modify_task_for_ignore_upstream_failure`. */
function ignoreUpstreamFailure(node: TaskNode, task: TaskSpec): void {
  if (!node.ir.settings.ignoreUpstreamFailure || task.triggerPolicy?.strategy) return;
  task.triggerPolicy = { strategy: "ALL_UPSTREAM_TASKS_COMPLETED" };
  const upstream = task.dependentTasks ?? [];
  if (upstream.length === 1) setFinalStatus(node, task, upstream[0]!);
}

/** The task and component specs of a group (`build_task_spec_for_group`, `build_component_spec_for_group`). */
function groupSpecs(group: GroupNode, model: PipelineModel, wiring: Wiring, siblings: readonly string[], parentIsRoot: boolean): { task: TaskSpec; component: ComponentSpec } {
  const ir = group.ir;
  let channels = [...(wiring.inputs.get(group.name) ?? [])];
  if (ir.kind === "loop") {
    const argument = group.loopArgument!;
    channels = channels.filter((channel) => {
      if (!(channel.variant.kind === "loopArgument" || channel.variant.kind === "loopVariable") || !isWithItems(channel)) return true;
      // A literal list's variable enters only the loops it belongs to, or that are inside those.
      return [...(wiring.parents.get(group.name) ?? [])].reverse().some((name) => model.groupByName.get(name)?.loopArgument?.name.includes(channel.name));
    });
    if (argument.variant.kind === "loopArgument" && !argument.variant.withItems) channels.push(argument.variant.items as Channel);
    channels.push(argument);
  } else if (ir.kind === "condition") {
    channels.push(...(model.conditionChannels.get(group.name) ?? []));
  }
  const outputs = ir.kind === "exitHandler" ? new Map<string, Channel>() : (wiring.outputs.get(group.name) ?? new Map<string, Channel>());

  const component: ComponentSpec = { ...groupInterface(channels, outputs), dag: { tasks: {} } };
  const dag = dagOutputs(outputs, ir.kind === "branches");
  if (dag) component.dag!.outputs = dag;

  const parameters: Record<string, ParameterInputSpec> = {};
  const artifacts: Record<string, ArtifactInputSpec> = {};
  for (const channel of channels) {
    let channelFullName = fullName(channel);
    let channelName = channel.name;
    const name = inputName(channel);
    const selector = channel.variant.kind === "loopVariable" ? `parseJson(string_value)["${channel.variant.subvar}"]` : undefined;
    if (channel.variant.kind === "loopVariable") {
      channelFullName = fullName(channel.variant.argument);
      const items = channel.variant.argument.variant.kind === "loopArgument" ? channel.variant.argument.variant.items : undefined;
      if (!isWithItems(channel) && items && !Array.isArray(items)) channelName = (items as Channel).name;
    }
    const local = channel.taskName !== undefined && siblings.includes(channel.taskName);
    if (isArtifact(channel)) {
      artifacts[name] = local ? { taskOutputArtifact: { producerTask: channel.taskName!, outputArtifactKey: channelName } } : { componentInputArtifact: parentIsRoot ? channelFullName : name };
    } else {
      parameters[name] = local
        ? { taskOutputParameter: { producerTask: channel.taskName!, outputParameterKey: channelName } }
        : { componentInputParameter: parentIsRoot ? channelFullName : inputName(channelFullName) };
      if (selector) parameters[name] = { ...parameters[name], parameterExpressionSelector: selector };
    }
  }
  const task: TaskSpec = { taskInfo: { name: group.name }, componentRef: { name: "" }, ...inputsOf(parameters, artifacts) };

  if (ir.kind === "loop") loopTask(group, task);
  else if (ir.kind === "condition") task.triggerPolicy = { condition: celOf(ir.parts, model.channelOf) };
  return { task, component };
}

/** `_update_task_spec_for_loop_group`: the iterator, and the loop variable taken out of the inputs. */
function loopTask(group: GroupNode, task: TaskSpec): void {
  const ir = group.ir as Extract<GroupNode["ir"], { kind: "loop" }>;
  const argument = group.loopArgument!;
  const variant = argument.variant as Extract<Channel["variant"], { kind: "loopArgument" }>;
  const pop = (name: string) => {
    delete task.inputs?.parameters?.[name];
    delete task.inputs?.artifacts?.[name];
    if (task.inputs?.parameters && Object.keys(task.inputs.parameters).length === 0) delete task.inputs.parameters;
    if (task.inputs?.artifacts && Object.keys(task.inputs.artifacts).length === 0) delete task.inputs.artifacts;
    if (task.inputs && Object.keys(task.inputs).length === 0) delete task.inputs;
  };
  if (!variant.withItems) {
    const items = variant.items as Channel;
    const itemsInput = inputName(items);
    const itemInput = inputName(fullName(argument));
    if (isArtifact(argument)) task.artifactIterator = { items: { inputArtifact: itemsInput }, itemInput };
    else task.parameterIterator = { items: { inputParameter: itemsInput }, itemInput };
    pop(itemInput);
    if (items.variant.kind === "loopVariable") {
      task.inputs!.parameters![itemsInput] = {
        componentInputParameter: inputName(items.variant.argument),
        parameterExpressionSelector: `parseJson(string_value)["${items.variant.subvar}"]`,
      };
    }
  } else {
    const itemInput = inputName(argument);
    task.parameterIterator = { items: { raw: pythonJsonDumps(variant.items) }, itemInput };
    pop(itemInput);
  }
  if (ir.parallelism > 0) task.iteratorPolicy = { parallelismLimit: ir.parallelism };
}

/** A group's input and output definitions, from the channels crossing its boundary. */
function groupInterface(inputs: readonly Channel[], outputs: ReadonlyMap<string, Channel>): ComponentSpec {
  const definitions = (entries: [string, ValueType][]) => {
    const parameters: Record<string, { parameterType: string }> = {};
    const artifacts: Record<string, { artifactType: { schemaTitle: string; schemaVersion: string }; isArtifactList?: true }> = {};
    for (const [name, type] of entries) {
      if (type.kind === "artifact") artifacts[name] = { artifactType: { schemaTitle: type.artifact.schemaTitle, schemaVersion: type.artifact.schemaVersion }, ...(type.list && { isArtifactList: true as const }) };
      else parameters[name] = { parameterType: type.kind === "parameter" ? type.parameterType : "TASK_FINAL_STATUS" };
    }
    const result = { ...(Object.keys(parameters).length > 0 && { parameters }), ...(Object.keys(artifacts).length > 0 && { artifacts }) };
    return Object.keys(result).length > 0 ? result : undefined;
  };
  const inputDefinitions = definitions(inputs.map((c) => [inputName(c), c.type]));
  const outputDefinitions = definitions([...outputs].map(([name, c]) => [name, c.type]));
  return { ...(inputDefinitions && { inputDefinitions }), ...(outputDefinitions && { outputDefinitions }) } as ComponentSpec;
}

/** `dag.outputs` of a group or the root: each output from a subtask, or (in a branches group) from whichever branch ran. */
function dagOutputs(outputs: ReadonlyMap<string, Channel>, selectsBranch = false): NonNullable<ComponentSpec["dag"]>["outputs"] | undefined {
  const parameters: Record<string, unknown> = {};
  const artifacts: Record<string, { artifactSelectors: { producerSubtask: string; outputArtifactKey: string }[] }> = {};
  for (const [name, channel] of outputs) {
    const sources = selectsBranch && channel.variant.kind === "oneOf" ? channel.variant.channels : [channel];
    if (isArtifact(channel)) {
      artifacts[name] = { artifactSelectors: sources.map((c) => ({ producerSubtask: c.taskName!, outputArtifactKey: c.name })) };
    } else if (selectsBranch && channel.variant.kind === "oneOf") {
      parameters[name] = { valueFromOneof: { parameterSelectors: sources.map((c) => ({ producerSubtask: c.taskName!, outputParameterKey: c.name })) } };
    } else {
      parameters[name] = { valueFromParameter: { producerSubtask: channel.taskName!, outputParameterKey: channel.name } };
    }
  }
  const result = { ...(Object.keys(parameters).length > 0 && { parameters }), ...(Object.keys(artifacts).length > 0 && { artifacts }) };
  return Object.keys(result).length > 0 ? (result as NonNullable<ComponentSpec["dag"]>["outputs"]) : undefined;
}

/** An imported pipeline YAML as a graph to fold in, copied: folding renames in place. */
function importedGraph(spec: PipelineSpec): Graph {
  const copy = structuredClone(spec);
  return {
    components: new Map(Object.entries(copy.components ?? {})),
    executors: new Map(Object.entries((copy.deploymentSpec?.executors ?? {}) as Record<string, ExecutorSpec>)),
    platform: new Map(),
    root: copy.root as ComponentSpec,
  };
}

function containerFor(component: ComponentIR, node: TaskNode, context: SpecContext): ContainerSpec {
  const given = component.implementation?.kind === "container" ? component.implementation.container : undefined;
  const base = given ?? context.containers.get(component.key);
  if (!base) throw new Error(`internal error: component ${component.key} has no container`);
  const settings = node.ir.settings;
  const placeholders: Partial<Record<RuntimeSetting, string>> = {};
  for (const [setting, input] of Object.entries(runtimeInputs) as [RuntimeSetting, string][]) {
    const value = node.inputs.get(input);
    if (settings.runtime?.[setting] && value?.kind === "constant") placeholders[setting] = String(value.value);
  }
  const resources = resourcesFor(settings, placeholders);
  const env = [...(base.env ?? []), ...settings.env.map(([name, value]) => ({ name, value }))];
  return {
    ...given,
    image: placeholders.image ?? settings.image ?? base.image,
    ...(base.command && { command: [...base.command] }),
    ...(base.args && { args: [...base.args] }),
    ...(env.length > 0 && { env }),
    ...(resources && { resources }),
  };
}

/** Folds a nested pipeline's executors in, renaming labels that collide (`_merge_deployment_spec`). */
function mergeExecutors(sub: Graph, graph: Graph): void {
  for (const [label, executor] of sub.executors) {
    const unique = uniqueName(label, graph.executors);
    if (unique !== label) {
      for (const component of sub.components.values()) if (component.executorLabel === label) component.executorLabel = unique;
    }
    graph.executors.set(unique, executor);
    const kubernetes = sub.platform.get(label);
    if (kubernetes) graph.platform.set(unique, kubernetes);
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
