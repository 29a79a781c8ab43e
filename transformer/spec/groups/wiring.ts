// Which channels cross each group's boundary, what each group surfaces, and which sibling waits for
// which: `get_inputs_for_all_groups`, `get_outputs_for_all_groups` and `get_dependencies` of the
// Python SDK's compiler, on the model of ./model.ts.
import type { SourceLocation } from "../../ir.js";
import { fullName, inputName, isLoopChannel, isWithItems, rootName, type Channel, type GroupNode, type PipelineModel, type TaskNode } from "./model.js";

export interface Wiring {
  /** Parent group names of each task and group, from the root down, ending with itself. */
  readonly parents: ReadonlyMap<string, readonly string[]>;
  /** The channels each group takes in. */
  readonly inputs: ReadonlyMap<string, readonly Channel[]>;
  /** The channels each group surfaces, by output key. */
  readonly outputs: ReadonlyMap<string, ReadonlyMap<string, Channel>>;
  /** The siblings each task or group waits for. */
  readonly dependencies: ReadonlyMap<string, ReadonlySet<string>>;
}

export type TopologyReport = (message: string, location: SourceLocation, hint?: string) => void;

export function wire(model: PipelineModel, report: TopologyReport): Wiring {
  const parents = parentGroups(model.root);
  const conditions = conditionChannelsOfTasks(model);
  const inputs = groupInputs(model, parents, conditions);
  const outputs = groupOutputs(model, parents, report);
  const dependencies = taskDependencies(model, parents, conditions, report);
  return { parents, inputs, outputs, dependencies };
}

function parentGroups(root: GroupNode): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  const visit = (group: GroupNode, trail: string[]) => {
    for (const child of group.groups) {
      parents.set(child.name, [...trail, child.name]);
      visit(child, [...trail, child.name]);
    }
    for (const task of group.tasks) parents.set(task.name, [...trail, task.name]);
  };
  visit(root, [rootName]);
  return parents;
}

/** The channels of the conditions around each task. */
function conditionChannelsOfTasks(model: PipelineModel): Map<string, Channel[]> {
  const result = new Map<string, Channel[]>();
  const visit = (group: GroupNode, channels: readonly Channel[]) => {
    const here = [...channels, ...(model.conditionChannels.get(group.name) ?? [])];
    for (const task of group.tasks) result.set(task.name, [...new Set([...(result.get(task.name) ?? []), ...here])]);
    group.groups.forEach((child) => visit(child, here));
  };
  visit(model.root, []);
  return result;
}

/** The task or group a channel is produced by (`PipelineChannel.task`). */
function producerOf(model: PipelineModel, channel: Channel): { name: string } | undefined {
  if (!channel.taskName) return undefined;
  return model.taskByName.get(channel.taskName) ?? model.groupByName.get(channel.taskName);
}

/** The ancestors of two tasks or groups below their last common one, each list ending with the task itself. */
export function uncommonAncestors(parents: ReadonlyMap<string, readonly string[]>, first: string, second: string): [string[], string[]] {
  const a = parents.get(first) ?? [];
  const b = parents.get(second) ?? [];
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [a.slice(common), b.slice(common)];
}

function groupInputs(model: PipelineModel, parents: ReadonlyMap<string, readonly string[]>, conditions: ReadonlyMap<string, readonly Channel[]>): Map<string, Channel[]> {
  const inputs = new Map<string, Channel[]>();
  const add = (group: string, channel: Channel) => {
    const list = inputs.get(group) ?? [];
    if (!list.includes(channel)) list.push(channel);
    inputs.set(group, list);
  };
  /** Adds the chain's channel to each group of the path; past the loop it belongs to, the next channel of the chain goes on. */
  const pass = (path: readonly string[], chain: Channel[], fromInside: boolean) => {
    for (const group of path) {
      const channel = fromInside ? chain[0]! : chain[chain.length - 1]!;
      add(group, channel);
      const argument = model.groupByName.get(group)?.loopArgument;
      if (argument && fullName(argument).includes(fullName(channel))) {
        if (fromInside) chain.shift();
        else chain.pop();
        if (chain.length === 0) break;
      }
    }
  };
  for (const task of model.tasks) {
    for (const channel of [...task.channelInputs, ...(conditions.get(task.name) ?? [])]) {
      // A channel of a loop variable is needed as itself inside the loop, and as the list (or the
      // outer loop's variable) further out: `chain` holds it from the most specific out.
      const chain: Channel[] = [];
      for (let current: Channel | undefined = channel; current; ) {
        chain.push(current);
        const variant: Channel["variant"] = current.variant;
        current = variant.kind === "loopVariable" ? variant.argument : variant.kind === "loopArgument" && !Array.isArray(variant.items) ? (variant.items as Channel) : undefined;
      }

      const producer = producerOf(model, channel);
      if (producer) pass(uncommonAncestors(parents, producer.name, task.name)[1], chain, false);
      else if (task.isExitTask) continue;
      // A loop over a literal list starts inside the pipeline: its variable is passed from the task up.
      else if (isLoopChannel(channel) && isWithItems(channel)) pass([...(parents.get(task.name) ?? [])].reverse(), chain, true);
      else pass(parents.get(task.name) ?? [], chain, false);
    }
  }
  return inputs;
}

/** The list channel a group surfaces for a gathered output (`make_new_channel_for_collected_outputs`). */
function collectedOutput(name: string, output: Channel, taskName: string): Channel {
  return { name, taskName, type: output.type.kind === "artifact" ? { ...output.type, list: true } : { kind: "parameter", parameterType: "LIST" }, variant: { kind: "plain" } };
}

function groupOutputs(model: PipelineModel, parents: ReadonlyMap<string, readonly string[]>, report: TopologyReport): Map<string, Map<string, Channel>> {
  const outputs = new Map<string, Map<string, Channel>>();
  const set = (group: string, key: string, channel: Channel) => {
    const map = outputs.get(group) ?? new Map<string, Channel>();
    map.set(key, channel);
    outputs.set(group, map);
  };
  const children = (group: string) => {
    const node = model.groupByName.get(group);
    return node ? [...node.groups.map((g) => g.name), ...node.tasks.map((t) => t.name)] : [];
  };
  const processed = new Set<Channel>();

  /** Re-exports each branch's channel from its condition group up to the branches group, which outputs the OneOf. */
  const surfaceOneOf = (oneOf: Channel, upstreamOf: (inner: Channel) => string[]) => {
    if (oneOf.variant.kind !== "oneOf" || processed.has(oneOf)) return;
    const variant = oneOf.variant;
    variant.channels = variant.channels.map((c) => ({ ...c }));
    for (const inner of variant.channels) {
      const producer = inner.taskName;
      const surfaced = inputName(inner);
      for (const upstream of [...upstreamOf(inner)].reverse()) {
        if (upstream === producer) continue;
        if (upstream === variant.branches) {
          set(upstream, oneOf.name, oneOf);
          break;
        }
        set(upstream, surfaced, { ...inner });
        inner.name = surfaced;
        inner.taskName = upstream;
      }
    }
    processed.add(oneOf);
  };

  for (const task of model.tasks) {
    for (const channel of task.channelInputs) {
      if (channel.variant.kind === "collected") {
        const producer = channel.taskName!;
        const [upstream, downstream] = uncommonAncestors(parents, producer, task.name);
        if (!fanInIsLegal(model, task, upstream, report)) continue;
        const surfaced = inputName(channel);
        const consumer = downstream[0]!;
        let producerName = upstream.pop()!;
        for (const group of [...upstream].reverse()) {
          set(group, surfaced, collectedOutput(channel.name, channel.variant.output, producerName));
          channel.name = surfaced;
          channel.taskName = group;
          producerName = group;
          const parentOfSurfacer = parents.get(group)!.at(-2)!;
          if (children(parentOfSurfacer).includes(consumer)) break;
        }
      } else if (channel.variant.kind === "oneOf") {
        surfaceOneOf(channel, (inner) => uncommonAncestors(parents, inner.taskName!, task.name)[0]);
      }
    }
  }

  for (const [key, channel] of model.outputs) {
    if (channel.variant.kind === "collected") {
      const surfaced = inputName(channel);
      const upstream = (parents.get(channel.taskName!) ?? []).slice(1);
      let producerName = upstream.pop()!;
      let last = producerName;
      for (const group of [...upstream].reverse()) {
        set(group, surfaced, collectedOutput(channel.name, channel.variant.output, producerName));
        channel.name = surfaced;
        channel.taskName = group;
        producerName = group;
        last = group;
      }
      model.outputs.set(key, collectedOutput(surfaced, channel.variant.output, last));
    } else if (channel.variant.kind === "oneOf") {
      surfaceOneOf(channel, (inner) => (parents.get(inner.taskName!) ?? []).slice(1));
    }
  }
  return outputs;
}

/** `validate_parallel_for_fan_in_consumption_legal`. */
function fanInIsLegal(model: PipelineModel, consumer: TaskNode, upstream: readonly string[], report: TopologyReport): boolean {
  const groups = upstream.slice(0, -1).map((name) => model.groupByName.get(name));
  if (!groups.some((g) => g?.ir.kind === "loop")) {
    report(`task '${consumer.name}' gathers the outputs of '${upstream.at(-1)}' as a list, but that task is not in a loop that '${consumer.name}' is outside of`, consumer.location, "gather results from a loop with `items.map((x) => step(x))` and use the list after the loop");
    return false;
  }
  const outermost = groups[0];
  if (outermost && (outermost.ir.kind === "condition" || outermost.ir.kind === "exitHandler")) {
    report(`task '${consumer.name}' gathers outputs from a loop inside a condition or \`try\` that it is outside of: the loop may not run`, consumer.location, "use the gathered list inside the same `if` or `try`");
    return false;
  }
  return true;
}

function taskDependencies(model: PipelineModel, parents: ReadonlyMap<string, readonly string[]>, conditions: ReadonlyMap<string, readonly Channel[]>, report: TopologyReport): Map<string, Set<string>> {
  const dependencies = new Map<string, Set<string>>();
  for (const task of model.tasks) {
    const upstream = new Set<string>();
    for (const channel of [...task.channelInputs, ...(conditions.get(task.name) ?? [])]) {
      const producer = producerOf(model, channel);
      if (producer) upstream.add(producer.name);
    }
    task.after.forEach((name) => upstream.add(name));
    const dataProducers = new Set(task.channelInputs.map((c) => c.taskName).filter((n) => n !== undefined));
    for (const producer of upstream) {
      const [upstreamNames, downstreamNames] = uncommonAncestors(parents, producer, task.name);
      const enclosing = upstreamNames.filter((name) => name !== producer)[0];
      const group = enclosing ? model.groupByName.get(enclosing) : undefined;
      if (group && (group.ir.kind === "condition" || group.ir.kind === "exitHandler")) {
        report(`task '${task.name}' depends on '${producer}', which runs inside ${group.ir.kind === "condition" ? "an `if` branch" : "a `try` block"} that '${task.name}' is outside of`, task.location, "move the task into the same block, or use a value of whichever branch ran");
        continue;
      }
      if (group && group.ir.kind === "loop" && dataProducers.has(producer)) {
        report(`task '${task.name}' takes an output of '${producer}' from inside a loop that it is outside of`, task.location, "gather the loop's results into a list with `items.map((x) => step(x))` and pass the list");
        continue;
      }
      if (downstreamNames[0] === undefined || upstreamNames[0] === undefined) continue;
      const set = dependencies.get(downstreamNames[0]) ?? new Set<string>();
      set.add(upstreamNames[0]);
      dependencies.set(downstreamNames[0], set);
    }
  }
  return dependencies;
}
