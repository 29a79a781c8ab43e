// The pipeline as the Python SDK's compiler sees it: tasks and groups holding channels. Channel objects
// are shared and changed in place while outputs are surfaced (as `dsl.Collected` is), so the wiring
// code reads like, and gives the same IR as, `kfp.compiler` (compiler_utils.py, pipeline_spec_builder.py).
import type { ArgumentIR, CallableDefinition, ChannelRef, ConditionIR, GroupIR, ImporterIR, JsonValue, PipelineIR, ProgramIR, RuntimeSetting, SourceLocation, TaskIR, ValueType } from "../../ir.js";
import { sanitizeK8sName, uniqueName } from "../../naming.js";
import { kubernetesChannels } from "../platform.js";

export type ChannelVariant =
  | { readonly kind: "plain" }
  /** The variable of a loop: over a list written in the source (`withItems`) or over a channel. */
  | { readonly kind: "loopArgument"; readonly items: Channel | readonly JsonValue[]; readonly withItems: boolean }
  /** One field of a loop variable (`item.lr`). */
  | { readonly kind: "loopVariable"; readonly argument: Channel; readonly subvar: string }
  /** A task output gathered out of loops; `output` is the task's own output channel. */
  | { readonly kind: "collected"; readonly output: Channel }
  | { readonly kind: "oneOf"; channels: Channel[]; readonly branches: string };

export interface Channel {
  name: string;
  taskName: string | undefined;
  readonly type: ValueType;
  readonly variant: ChannelVariant;
}

export const fullName = (channel: Channel): string => (channel.taskName ? `${channel.taskName}-${channel.name}` : channel.name);
/** The compiler-made input name of a channel (`additional_input_name_for_pipeline_channel`). */
export const inputName = (channel: Channel | string): string => `pipelinechannel--${typeof channel === "string" ? channel : fullName(channel)}`;
export const isLoopChannel = (channel: Channel): boolean => channel.variant.kind === "loopArgument" || channel.variant.kind === "loopVariable";
export const isWithItems = (channel: Channel): boolean =>
  channel.variant.kind === "loopArgument" ? channel.variant.withItems : channel.variant.kind === "loopVariable" ? isWithItems(channel.variant.argument) : false;
export const isArtifact = (channel: Channel): boolean => channel.type.kind === "artifact";

/** A task argument: a channel, a constant (whose text may hold channels, from a template literal), or the final status. */
export type InputValue =
  | { readonly kind: "channel"; readonly channel: Channel }
  | { readonly kind: "constant"; readonly value: JsonValue; readonly channels: readonly { readonly channel: Channel; readonly placeholder: string }[] }
  | { readonly kind: "finalStatus" };

export interface ImporterDefinition extends ImporterIR {
  readonly name: "importer";
}

export interface TaskNode {
  readonly name: string;
  readonly ir: TaskIR;
  readonly callee: CallableDefinition | ImporterDefinition;
  readonly inputs: ReadonlyMap<string, InputValue>;
  /** Every channel the task reads: arguments first, then channels inside constants, then names its Kubernetes settings read. */
  readonly channelInputs: readonly Channel[];
  /** Names of the tasks in `after`. */
  readonly after: readonly string[];
  readonly isExitTask: boolean;
  readonly location: SourceLocation;
  parent: GroupNode | undefined;
}

export interface GroupNode {
  readonly ir: GroupIR;
  readonly name: string;
  readonly tasks: TaskNode[];
  readonly groups: GroupNode[];
  parent: GroupNode | undefined;
  readonly loopArgument?: Channel;
  readonly exitTask?: TaskNode;
}

export interface PipelineModel {
  readonly pipeline: PipelineIR;
  /** Every task, in the order they were made (the exit task before its handler's body). */
  readonly tasks: readonly TaskNode[];
  readonly root: GroupNode;
  readonly outputs: Map<string, Channel>;
  readonly taskByName: ReadonlyMap<string, TaskNode>;
  readonly groupByName: ReadonlyMap<string, GroupNode>;
  /** Channels read by the conditions of a group, by group name. */
  readonly conditionChannels: ReadonlyMap<string, readonly Channel[]>;
  /** The channel of a value (a new one for each gathered list, which surfacing renames for its consumer). */
  readonly channelOf: (ref: ChannelRef) => Channel;
}

export const rootName = "(root)";

/**
 * The task input that carries a setting taken from a channel, as the Python SDK names it. (The SDK leaves
 * these channels out of the task's dependencies and of its groups' inputs; kfp-ts counts them, so the
 * producer runs first and the value crosses group boundaries.)
 */
export const runtimeInputs: Readonly<Record<RuntimeSetting, string>> = {
  cpuRequest: "cpu_request", cpuLimit: "cpu_limit", memoryRequest: "memory_request", memoryLimit: "memory_limit",
  acceleratorType: "accelerator_type", acceleratorCount: "accelerator_count", image: "base_image",
};

const groupPrefix: Record<GroupIR["kind"], string> = { root: "", condition: "condition", branches: "condition-branches", loop: "for-loop", exitHandler: "exit-handler" };

export function calleeOf(program: ProgramIR, task: TaskIR): CallableDefinition | ImporterDefinition {
  if (task.callee.kind === "importer") return { ...task.callee, name: "importer" };
  const callee = task.callee.kind === "component" ? program.components.get(task.callee.key) : program.pipelines.get(task.callee.key);
  if (!callee) throw new Error(`internal error: ${task.callee.kind} ${task.callee.key} was not analysed`);
  return callee;
}

/** Builds the task and group model of a pipeline, with one channel object per value as the Python SDK has them. */
export function buildModel(program: ProgramIR, pipeline: PipelineIR): PipelineModel {
  const taken = new Set<string>();
  const callees = pipeline.tasks.map((task) => calleeOf(program, task));
  const names = callees.map((callee) => {
    const name = uniqueName(sanitizeK8sName(callee.name) || "task", taken);
    taken.add(name);
    return name;
  });

  const pipelineInputs = new Map(pipeline.inputs.map((input) => [input.name, plain(input.name, undefined, input.type)]));
  const taskOutputs = new Map<string, Channel>();
  const taskOutput = (task: number, output: string): Channel => {
    const key = `${task}\u0000${output}`;
    let channel = taskOutputs.get(key);
    if (!channel) {
      const callee = callees[task]!;
      const type = callee.kind === "importer" ? { kind: "artifact" as const, artifact: callee.artifact, list: false } : callee.outputs.find((o) => o.name === output)!.type;
      channel = plain(output, names[task], type);
      taskOutputs.set(key, channel);
    }
    return channel;
  };

  const loops = new Map<number, { ir: Extract<GroupIR, { kind: "loop" }>; argument: Channel; fields: Map<string, Channel> }>();
  const oneOfs: Channel[] = [];
  const oneOfCount = new Map<number, number>();

  const channelOf = (ref: ChannelRef): Channel => {
    switch (ref.kind) {
      case "pipelineInput":
        return pipelineInputs.get(ref.name)!;
      case "taskOutput":
        return taskOutput(ref.task, ref.output);
      case "loopItem": {
        const loop = loops.get(ref.loop)!;
        if (ref.field === undefined) return loop.argument;
        let variable = loop.fields.get(ref.field);
        if (!variable) {
          const type = loop.ir.fieldTypes[ref.field] ?? { kind: "parameter", parameterType: "STRING" };
          variable = { name: `${loop.argument.name}-subvar-${ref.field}`, taskName: loop.argument.taskName, type, variant: { kind: "loopVariable", argument: loop.argument, subvar: ref.field } };
          loop.fields.set(ref.field, variable);
        }
        return variable;
      }
      case "collected": {
        const output = taskOutput(ref.task, ref.output);
        const type: ValueType = output.type.kind === "artifact" ? { ...output.type, list: true } : { kind: "parameter", parameterType: "LIST" };
        // One per use: surfacing renames it for its consumer.
        return { name: output.name, taskName: output.taskName, type, variant: { kind: "collected", output } };
      }
      case "oneOf":
        return oneOfs[ref.oneOf]!;
    }
  };

  const groupByName = new Map<string, GroupNode>();
  const conditionChannels = new Map<string, Channel[]>();
  const nameOf = (group: GroupIR) => (group.kind === "root" ? rootName : `${groupPrefix[group.kind]}-${group.id}`);

  // Groups first (loop arguments and OneOfs are made as their groups are), then tasks.
  const makeGroup = (ir: GroupIR, parent: GroupNode | undefined): GroupNode => {
    let loopArgument: Channel | undefined;
    if (ir.kind === "loop") {
      if (ir.items.kind === "raw") {
        loopArgument = { name: `loop-item-param-${ir.items.itemId}`, taskName: undefined, type: ir.itemType, variant: { kind: "loopArgument", items: ir.items.values, withItems: true } };
      } else {
        const items = channelOf(ir.items.ref);
        loopArgument = { name: `${items.name}-loop-item`, taskName: items.taskName, type: ir.itemType, variant: { kind: "loopArgument", items, withItems: false } };
      }
      loops.set(ir.id, { ir, argument: loopArgument, fields: new Map() });
    }
    const node: GroupNode = { ir, name: nameOf(ir), tasks: [], groups: [], parent, ...(loopArgument && { loopArgument }) };
    groupByName.set(node.name, node);
    for (const child of ir.groups) node.groups.push(makeGroup(child, node));
    return node;
  };
  const root = makeGroup(pipeline.body, undefined);

  for (const oneOf of pipeline.oneOfs) {
    const branches = `condition-branches-${oneOf.branches}`;
    const count = (oneOfCount.get(oneOf.branches) ?? 0) + 1;
    oneOfCount.set(oneOf.branches, count);
    const channels = oneOf.sources.map((source) => channelOf(source));
    oneOfs.push({ name: inputName(`${branches}-oneof-${count}`), taskName: branches, type: oneOf.type, variant: { kind: "oneOf", channels, branches } });
  }

  for (const group of groupByName.values()) {
    if (group.ir.kind !== "condition") continue;
    conditionChannels.set(group.name, group.ir.parts.flatMap((part) => channelsOfCondition(part.condition, channelOf)));
  }

  const exitTasks = new Set<number>();
  const visit = (group: GroupIR) => {
    if (group.kind === "exitHandler") exitTasks.add(group.exitTask);
    group.groups.forEach(visit);
  };
  visit(pipeline.body);

  const tasks = pipeline.tasks.map((task, index): TaskNode => {
    const inputs = new Map<string, InputValue>();
    const direct: Channel[] = [];
    const embedded: Channel[] = [];
    const runtime = Object.entries(task.settings.runtime ?? {}).map(([setting, ref]): [string, ArgumentIR] => [runtimeInputs[setting as RuntimeSetting], { kind: "template", parts: [ref] }]);
    for (const [name, argument] of [...task.arguments, ...runtime]) {
      const value = inputValue(argument, channelOf);
      inputs.set(name, value);
      if (value.kind === "channel") direct.push(value.channel);
      else if (value.kind === "constant") embedded.push(...value.channels.map((c) => c.channel));
    }
    return {
      name: names[index]!, ir: task, callee: callees[index]!, inputs, channelInputs: [...direct, ...embedded, ...kubernetesChannels(task.settings.kubernetes).map(channelOf)],
      after: task.after.map((i) => names[i]!), isExitTask: exitTasks.has(index), location: task.location, parent: undefined,
    };
  });
  const place = (group: GroupNode) => {
    for (const index of group.ir.tasks) {
      group.tasks.push(tasks[index]!);
      tasks[index]!.parent = group;
    }
    if (group.ir.kind === "exitHandler") (group as { exitTask?: TaskNode }).exitTask = tasks[group.ir.exitTask];
    group.groups.forEach(place);
  };
  place(root);

  const outputs = new Map(pipeline.outputSources.map(({ name, source }) => [name, channelOf(source)]));
  return { pipeline, tasks, root, outputs, taskByName: new Map(tasks.map((t) => [t.name, t])), groupByName, conditionChannels, channelOf };
}

function plain(name: string, taskName: string | undefined, type: ValueType): Channel {
  return { name, taskName, type, variant: { kind: "plain" } };
}

function inputValue(argument: ArgumentIR, channelOf: (ref: ChannelRef) => Channel): InputValue {
  switch (argument.kind) {
    case "constant":
      return { kind: "constant", value: argument.value, channels: [] };
    case "finalStatus":
      return { kind: "finalStatus" };
    case "template": {
      // A channel inside a string is read again from the text, as a plain channel (`extract_pipeline_channels_from_string`).
      const channels: { channel: Channel; placeholder: string }[] = [];
      let text = "";
      for (const part of argument.parts) {
        if (typeof part === "string") {
          text += part;
          continue;
        }
        const source = channelOf(part);
        const channel = plain(source.name, source.taskName, source.type);
        const placeholder = `{{$.inputs.parameters['${inputName(channel)}']}}`;
        if (!channels.some((c) => c.placeholder === placeholder)) channels.push({ channel, placeholder });
        text += placeholder;
      }
      return { kind: "constant", value: text, channels };
    }
    default:
      return { kind: "channel", channel: channelOf(argument) };
  }
}

function channelsOfCondition(condition: ConditionIR, channelOf: (ref: ChannelRef) => Channel): Channel[] {
  switch (condition.kind) {
    case "compare":
      return [condition.left, condition.right].flatMap((operand) => (operand.kind === "channel" ? [channelOf(operand.ref)] : []));
    case "and":
    case "or":
      return [...channelsOfCondition(condition.left, channelOf), ...channelsOfCondition(condition.right, channelOf)];
    case "not":
      return channelsOfCondition(condition.operand, channelOf);
  }
}
