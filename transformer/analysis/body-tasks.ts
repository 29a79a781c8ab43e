// Component and pipeline calls in a pipeline body: each is a task (with its settings, `after`, arguments).
import { Node, type CallExpression } from "ts-morph";
import { codes } from "../diagnostics.js";
import type { ArgumentIR, CallableDefinition, ChannelRef, ComponentIR, InputIR, JsonValue, RuntimeSetting, TaskIR, TaskSettingsIR } from "../ir.js";
import { parameterValueProblem } from "../../src/spec/parameter-type.js";
import { describeValue, incompatibility, invalid, type Value } from "./body-values.js";
import { loopForms, type BodyContext } from "./body-context.js";
import { declarationOf } from "./dsl.js";
import { evaluateConstant, propertyName, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import { createPvcComponent, createPvcInputs, deletePvcComponent } from "./pvc-components.js";
import { analyzeTaskSettings, defaultTaskSettings } from "./task-settings.js";
import { mapType } from "./types.js";
import { matchArguments } from "./call-arguments.js";
import { integerHint } from "./hints.js";
import { readMap } from "./body-loops.js";

const arrayMethods = new Set(["filter", "reduce", "reduceRight", "flatMap", "some", "every", "find", "findIndex", "flat", "slice", "concat", "sort", "reverse", "join", "includes", "indexOf", "at", "entries", "keys", "values", "push"]);

export function evaluateCall(ctx: BodyContext, call: CallExpression): Value {
  let callee: Node = unwrapTransparent(call.getExpression());
  let settings: TaskSettingsIR = defaultTaskSettings;
  let afterNodes: Node[] = [];
  if (Node.isCallExpression(callee) && ctx.analyzer.dsl.functionKind(callee.getExpression()) === "task") {
    const [target, settingsNode] = callee.getArguments();
    if (settingsNode) ({ settings, after: afterNodes } = analyzeTaskSettings(settingsNode, ctx.diagnostics, (node, setting) => readRuntimeSetting(ctx, node, setting), (node) => readSettingName(ctx, node)));
    if (!target) return invalid;
    callee = unwrapTransparent(target);
  }
  if (Node.isPropertyAccessExpression(callee)) {
    const method = callee.getName();
    const receiver = unwrapTransparent(callee.getExpression());
    if (Node.isIdentifier(receiver) && receiver.getText() === "Promise") {
      const [argument] = call.getArguments();
      if (method === "all" && argument && call.getArguments().length === 1) return ctx.evaluate(argument);
      ctx.diagnostics.error(codes.invalidLoop, `'Promise.${method}' cannot be compiled here`, locationOf(call), `write \`await Promise.all(items.map((x) => step(x)))\` or ${loopForms}`);
      return invalid;
    }
    if (method === "map" || method === "forEach") {
      const target = loopTarget(ctx, receiver);
      if (target) return readMap(ctx, call, receiver, method, target);
    }
    const target = evaluateReceiver(ctx, receiver);
    if (target) {
      const hint = arrayMethods.has(method) ? `loops are written ${loopForms}; anything else on a list runs inside a component` : "move the computation into a component and pass it the value";
      ctx.diagnostics.error(codes.computation, `calling '${method}' on a ${describeValue(target)} happens at run time, inside a component`, locationOf(call), hint);
      return invalid;
    }
  }
  if (!Node.isIdentifier(callee) && !Node.isPropertyAccessExpression(callee)) {
    ctx.diagnostics.error(codes.notACallable, "only components and pipelines can be called in a pipeline body", locationOf(call), "call a component by its name");
    return invalid;
  }
  switch (ctx.analyzer.dsl.functionKind(callee)) {
    case "finalStatus":
      return { kind: "finalStatus" };
    case "importArtifact":
      return readImporter(ctx, call, settings);
    case "createPvc":
      return readCreatePvc(ctx, call, settings, afterNodes);
    case "deletePvc": {
      const [name] = call.getArguments();
      return name ? readStubCall(ctx, deletePvcComponent, [["pvc_name", name]], call, settings, afterNodes) : invalid;
    }
    case "parallel":
      ctx.diagnostics.error(codes.invalidLoop, "`parallel(…)` gives the items of a loop", locationOf(call), `write ${loopForms}`);
      return invalid;
    case "component":
    case "pipeline":
    case "task":
      ctx.diagnostics.error(codes.notACallable, `'${callee.getText()}' defines a component or pipeline; it cannot run in a pipeline body`, locationOf(call), "define components and pipelines at the top level of a module and call them here");
      return invalid;
  }
  const site = ctx.analyzer.siteAt(callee);
  if (!site) {
    ctx.diagnostics.error(codes.notACallable, `'${callee.getText()}' is not a component or a pipeline`, locationOf(callee), "a pipeline body runs nothing itself; wrap the code in component(…) to run it as a task");
    return invalid;
  }
  if (site.kind === "pipeline" && (ctx.analyzer.keyOf(site) === ctx.selfKey || ctx.analyzer.isInProgress(site))) {
    ctx.diagnostics.error(codes.recursion, `pipeline '${site.path}' calls itself`, locationOf(call), "a pipeline cannot contain itself");
    return invalid;
  }
  const definition: CallableDefinition | undefined = site.kind === "pipeline" ? ctx.analyzer.pipeline(site) : ctx.analyzer.component(site);
  if (!definition) return invalid;

  const args = new Map<string, ArgumentIR>();
  const upstream = new Set<number>();
  const { matched, covered } = matchArguments(definition, call, site.path, ctx.diagnostics);
  for (const { input, node: arg } of matched) {
    const value = ctx.evaluate(arg);
    const argument = toArgument(ctx, value, input, arg, site.path, settings);
    if (!argument) continue;
    args.set(input.name, argument);
    const producer = producerOf(value);
    if (producer !== undefined) {
      upstream.add(producer);
      if (settings.ignoreUpstreamFailure && !input.optional) {
        ctx.diagnostics.error(codes.invalidTaskSetting, `input '${input.name}' of '${site.path}' comes from an upstream task, which may fail before producing it; with \`ignoreUpstreamFailure\` such inputs need a default`, locationOf(arg), `give '${input.name}' a default value in the component`);
      }
    }
  }
  for (const input of definition.inputs) {
    if (args.has(input.name)) continue;
    if (input.type.kind === "finalStatus" && (ctx.readingExitTask || settings.ignoreUpstreamFailure)) args.set(input.name, { kind: "finalStatus" });
    else if (!input.optional && !covered.has(input)) ctx.diagnostics.error(codes.argumentMismatch, `'${site.path}' needs its input '${input.name}'`, locationOf(call));
  }
  const after = readAfter(ctx, afterNodes);
  if (ctx.readingExitTask && (upstream.size > 0 || after.length > 0)) {
    ctx.diagnostics.error(codes.invalidExitHandler, "the task in `finally` cannot depend on other tasks: it runs however they end", locationOf(call), "pass it pipeline parameters and constants only");
  }
  if (settings.ignoreUpstreamFailure && [...args.values()].some((a) => a.kind === "finalStatus") && new Set([...upstream, ...after]).size !== 1) {
    ctx.diagnostics.error(codes.invalidTaskSetting, "a task with `ignoreUpstreamFailure` that takes a final status must have exactly one upstream task", locationOf(call), "add the one task whose status it reports to `after`");
  }
  const index = addTask(ctx, { callee: { kind: definition.kind, key: definition.key }, arguments: args, after, settings, location: locationOf(call) });
  if (definition.returns === "single") {
    const output = definition.outputs[0]!;
    return { kind: "channel", ref: { kind: "taskOutput", task: index, output: output.name }, type: output.type, label: `output '${output.name}'` };
  }
  return { kind: "task", task: index, outputs: definition.outputs };
}

/** A task setting taken from a pipeline parameter or a task output (`task(train, { cpuLimit: cpu })`). */
export function readRuntimeSetting(ctx: BodyContext, node: Node, setting: RuntimeSetting): ChannelRef | undefined {
  const value = ctx.evaluate(node);
  if (value.kind === "invalid") return undefined;
  const types: readonly string[] = setting === "acceleratorCount" ? ["NUMBER_INTEGER"] : setting === "cpuRequest" || setting === "cpuLimit" ? ["STRING", "NUMBER_DOUBLE", "NUMBER_INTEGER"] : ["STRING"];
  if (value.kind === "channel" && value.type.kind === "parameter" && types.includes(value.type.parameterType) && value.ref.kind !== "collected") return value.ref;
  ctx.diagnostics.error(codes.invalidTaskSetting, `task setting '${setting}' takes a literal, or a pipeline parameter or task output of type ${types.join(" or ")}; this is a ${describeValue(value)}`, locationOf(node));
  return undefined;
}

export function readAfter(ctx: BodyContext, afterNodes: readonly Node[]): number[] {
  const after: number[] = [];
  for (const node of afterNodes) {
    const producer = producerOf(ctx.evaluate(node));
    if (producer !== undefined) after.push(producer);
    else ctx.diagnostics.error(codes.invalidAfter, "`after` takes the results of earlier calls", locationOf(node));
  }
  return after;
}

/** A name in Kubernetes settings that is not a literal: a string pipeline parameter or task output. */
export function readSettingName(ctx: BodyContext, node: Node): ChannelRef | undefined {
  const value = ctx.evaluate(node);
  if (value.kind === "channel" && (value.ref.kind === "pipelineInput" || value.ref.kind === "taskOutput") && value.type.kind === "parameter" && value.type.parameterType === "STRING") return value.ref;
  if (value.kind !== "invalid") {
    ctx.diagnostics.error(codes.invalidTaskSetting, `a Kubernetes setting takes literals, string pipeline parameters or string task outputs, not a ${describeValue(value)}`, locationOf(node), "loop items and values of branches cannot name Kubernetes objects; pass them to a pipeline parameter instead");
  }
  return undefined;
}

export function addTask(ctx: BodyContext, task: TaskIR): number {
  const index = ctx.tasks.length;
  ctx.tasks.push(task);
  if (!ctx.readingExitTask) ctx.groups.addTask(index);
  return index;
}

/** `createPvc({ size, accessModes, pvcNameSuffix, … })`: kfp-kubernetes' CreatePVC task; its value is the claim's name. */
export function readCreatePvc(ctx: BodyContext, call: CallExpression, settings: TaskSettingsIR, afterNodes: readonly Node[]): Value {
  const options = call.getArguments()[0] && unwrapTransparent(call.getArguments()[0]!);
  const fail = (message: string) => {
    ctx.diagnostics.error(codes.invalidOption, message, locationOf(options ?? call), 'write `createPvc({ size: "5Gi", accessModes: ["ReadWriteOnce"], pvcNameSuffix: "-data" })`');
    return invalid;
  };
  if (!options || !Node.isObjectLiteralExpression(options)) return fail("createPvc takes an object literal of options");
  const given: [string, Node][] = [];
  for (const property of options.getProperties()) {
    const key = Node.isPropertyAssignment(property) ? propertyName(property.getNameNode()) : undefined;
    const input = key !== undefined ? createPvcInputs[key] : undefined;
    if (!Node.isPropertyAssignment(property) || !input) return fail(`unknown createPvc option '${property.getText()}'; options are ${Object.keys(createPvcInputs).join(", ")}`);
    given.push([input, property.getInitializerOrThrow()]);
  }
  const names = new Set(given.map(([input]) => input));
  if (!names.has("size") || !names.has("access_modes")) return fail("createPvc needs `size` and `accessModes`");
  if (names.has("pvc_name") === names.has("pvc_name_suffix")) return fail("createPvc needs exactly one of `pvcName` and `pvcNameSuffix`");
  return readStubCall(ctx, createPvcComponent, given, call, settings, afterNodes);
}

/** A call of one of kfp-kubernetes' PVC components, with its arguments by input name. */
export function readStubCall(ctx: BodyContext, component: ComponentIR, given: readonly [string, Node][], call: CallExpression, settings: TaskSettingsIR, afterNodes: readonly Node[]): Value {
  ctx.analyzer.components.set(component.key, component);
  const args = new Map<string, ArgumentIR>();
  for (const [name, node] of given) {
    const argument = toArgument(ctx, ctx.evaluate(node), component.inputs.find((i) => i.name === name)!, node, component.functionName, settings);
    if (argument) args.set(name, argument);
  }
  const index = addTask(ctx, { callee: { kind: "component", key: component.key }, arguments: args, after: readAfter(ctx, afterNodes), settings, location: locationOf(call) });
  const output = component.outputs[0];
  return output ? { kind: "channel", ref: { kind: "taskOutput", task: index, output: output.name }, type: output.type, label: `output '${output.name}'` } : { kind: "task", task: index, outputs: [] };
}

/** The task a value comes from, for `after` and upstream checks. */
export function producerOf(value: Value): number | undefined {
  if (value.kind === "task" || value.kind === "collectedTask") return value.task;
  if (value.kind === "channel" && (value.ref.kind === "taskOutput" || value.ref.kind === "collected")) return value.ref.task;
  return undefined;
}

/** `importArtifact(Dataset, uri, { reimport, metadata })`. */
export function readImporter(ctx: BodyContext, call: CallExpression, settings: TaskSettingsIR): Value {
  const [classNode, uriNode, optionsNode] = call.getArguments();
  const mapped = mapType(call.getType(), call, ctx.analyzer.dsl);
  if (!classNode || !uriNode || !mapped.ok || mapped.type.kind !== "artifact" || mapped.type.list) {
    ctx.diagnostics.error(codes.unsupportedArgument, "importArtifact takes an artifact class and a URI", locationOf(call), 'write `importArtifact(Dataset, "gs://bucket/data.csv")`');
    return invalid;
  }
  const type = mapped.type;
  const uri = ctx.evaluate(uriNode);
  let argument: ArgumentIR | undefined;
  if (uri.kind === "constant" && typeof uri.value === "string") argument = { kind: "constant", value: uri.value };
  else if (uri.kind === "channel" && uri.type.kind === "parameter" && uri.type.parameterType === "STRING" && uri.ref.kind !== "collected") argument = uri.ref;
  else if (uri.kind !== "invalid") ctx.diagnostics.error(codes.unsupportedArgument, `the URI of an imported artifact must be a string: a literal, a pipeline parameter or a task output, not a ${describeValue(uri)}`, locationOf(uriNode));
  let reimport = false;
  let metadata: Record<string, JsonValue> | undefined;
  if (optionsNode) {
    const options = evaluateConstant(optionsNode);
    const value = options.ok ? options.value : undefined;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      ctx.diagnostics.error(codes.invalidOption, "importArtifact options must be an object literal the compiler can read", locationOf(optionsNode), "write `{ reimport: true, metadata: { … } }`");
    } else {
      for (const [key, option] of Object.entries(value)) {
        if (key === "reimport" && typeof option === "boolean") reimport = option;
        else if (key === "metadata" && typeof option === "object" && option !== null && !Array.isArray(option)) metadata = option;
        else ctx.diagnostics.error(codes.invalidOption, `importArtifact option '${key}' ${key === "reimport" || key === "metadata" ? "has the wrong type" : "is unknown"}`, locationOf(optionsNode), "options are `reimport` (true or false) and `metadata` (an object)");
      }
    }
  }
  if (!argument) return invalid;
  const index = addTask(ctx, {
    callee: { kind: "importer", artifact: type.artifact, reimport, ...(metadata && { metadata }) },
    arguments: new Map([["uri", argument]]),
    after: [],
    settings,
    location: locationOf(call),
  });
  return { kind: "channel", ref: { kind: "taskOutput", task: index, output: "artifact" }, type, label: "imported artifact" };
}

/** The value a method is called on, when it is a parameter or a result of this body (`result.trim()`). */
export function evaluateReceiver(ctx: BodyContext, receiver: Node): Value | undefined {
  const root = unwrapTransparent(receiver);
  const base = Node.isPropertyAccessExpression(root) || Node.isElementAccessExpression(root) ? root.getExpression() : root;
  const declaration = Node.isIdentifier(base) ? declarationOf(base) : undefined;
  const bound = declaration && ctx.bindings.get(declaration.compilerNode);
  return bound && bound.kind !== "invalid" ? bound : undefined;
}

/** Whether `.map` / `.forEach` on `receiver` is a loop the compiler reads: over a literal list, a `parallel(…)`, or a pipeline value. */
export function loopTarget(ctx: BodyContext, receiver: Node): "loop" | "projection" | undefined {
  if (Node.isArrayLiteralExpression(receiver)) return "loop";
  if (Node.isCallExpression(receiver) && ctx.analyzer.dsl.functionKind(receiver.getExpression()) === "parallel") return "loop";
  const bound = evaluateReceiver(ctx, receiver);
  if (bound?.kind === "collectedTask" || (bound?.kind === "channel" && bound.ref.kind === "collected")) return "projection";
  if (bound) return "loop";
  const constant = evaluateConstant(receiver);
  return constant.ok && Array.isArray(constant.value) ? "loop" : undefined;
}

export function toArgument(ctx: BodyContext, value: Value, input: InputIR, at: Node, callee: string, settings: TaskSettingsIR): ArgumentIR | undefined {
  const mismatch = (message: string, hint?: string) => {
    ctx.diagnostics.error(codes.argumentMismatch, `input '${input.name}' of '${callee}': ${message}`, locationOf(at), hint);
    return undefined;
  };
  switch (value.kind) {
    case "template":
      if (input.type.kind !== "parameter" || input.type.parameterType !== "STRING") return mismatch("a template literal is a string, but the input is not");
      return { kind: "template", parts: value.parts };
    case "invalid":
      return undefined;
    case "undefined":
      return input.optional ? undefined : mismatch("this input is required, but the argument is undefined");
    case "constant": {
      if (input.type.kind !== "parameter") return mismatch(input.type.kind === "artifact" ? "an artifact input takes a task's artifact output, not a constant" : "pass `finalStatus()`");
      const problem = parameterValueProblem(input.type.parameterType, value.value);
      return problem ? mismatch(problem) : { kind: "constant", value: value.value };
    }
    case "channel": {
      const problem = incompatibility(value.type, input.type);
      return problem ? mismatch(`${value.label} ${problem}`, integerHint(value, input.type, ctx.inputs)) : value.ref;
    }
    case "finalStatus":
      if (input.type.kind !== "finalStatus") return mismatch("a final status goes to an input typed PipelineTaskFinalStatus");
      if (!ctx.readingExitTask && !settings.ignoreUpstreamFailure) {
        ctx.diagnostics.error(codes.invalidExitHandler, "`finalStatus()` is known only to the task in a `finally` block or a task with `ignoreUpstreamFailure`", locationOf(at), "call this task in the `finally` block of the pipeline's `try`, or set `ignoreUpstreamFailure: true` on it");
        return undefined;
      }
      return { kind: "finalStatus" };
    case "task":
    case "collectedTask": {
      const names = value.outputs.map((o) => `'${o.name}'`).join(", ");
      return mismatch(
        value.outputs.length ? `pass one output of the ${value.kind === "task" ? "task" : "tasks"}, not the whole result` : "the task has no output to pass",
        names ? `its outputs are ${names}${value.kind === "collectedTask" ? `; gather one with \`results.map((r) => r.${value.outputs[0]!.name})\`` : ""}` : undefined,
      );
    }
  }
}
