import { Node, SyntaxKind, VariableDeclarationKind, type CallExpression, type Expression, type Statement, type ts, type VariableStatement } from "ts-morph";
import { codes } from "../diagnostics.js";
import type { ArgumentIR, CallableDefinition, ChannelRef, ComponentIR, ConditionIR, GroupIR, InputIR, JsonValue, OneOfIR, OutputIR, ReturnShape, RuntimeSetting, TaskIR, TaskSettingsIR, ValueType } from "../ir.js";
import { parameterValueProblem } from "../../src/spec/parameter-type.js";
import { GroupBuilder, type GroupDraft } from "./body-groups.js";
import { describeValue, incompatibility, invalid, listOf, type Value } from "./body-values.js";
import { readCondition } from "./conditions.js";
import { ioNameProblem, quoteName } from "../../src/spec/names.js";
import type { DefinitionAnalyzer } from "./definitions.js";
import { declarationOf } from "./dsl.js";
import { evaluateConstant, ownValue, propertyName, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import { loopItemTypes, rawItemTypes } from "./loop-items.js";
import type { FunctionNode } from "./signature.js";
import { createPvcComponent, createPvcInputs, deletePvcComponent } from "./pvc-components.js";
import { analyzeTaskSettings, defaultTaskSettings } from "./task-settings.js";
import { mapType } from "./types.js";
import { matchArguments } from "./call-arguments.js";
import { integerHint } from "./hints.js";

export { incompatibility } from "./body-values.js";

export interface PipelineBody {
  tasks: TaskIR[];
  body: GroupIR;
  oneOfs: OneOfIR[];
  outputs: OutputIR[];
  returns: ReturnShape;
  outputSources: { name: string; source: ChannelRef }[];
}

const loopForms = "`for (const x of items) { … }` or `items.map((x) => …)` (with `parallel(items, { parallelism })` to limit it)";
const arrayMethods = new Set(["filter", "reduce", "reduceRight", "flatMap", "some", "every", "find", "findIndex", "flat", "slice", "concat", "sort", "reverse", "join", "includes", "indexOf", "at", "entries", "keys", "values", "push"]);

/** A `let` without a value, to be assigned in every branch of an `if`/`else` (a OneOf). */
interface Slot {
  readonly name: string;
  readonly at: Node;
  readonly assigned: Map<GroupDraft, { value: Value; at: Node }>;
}

/**
 * Turns a pipeline body into tasks and groups: each component or pipeline call is a task; `if`/`else`,
 * `?:`, loops and `try`/`finally` open groups (conditions, branches, loops, exit handlers); arguments are
 * parameters, constants, earlier results, loop items, lists gathered from loops and values of branches.
 */
export function analyzePipelineBody(fn: FunctionNode, inputs: readonly InputIR[], analyzer: DefinitionAnalyzer, selfKey: string): PipelineBody {
  const diagnostics = analyzer.diagnostics;
  const tasks: TaskIR[] = [];
  const oneOfs: OneOfIR[] = [];
  const groups = new GroupBuilder(locationOf(fn));
  const bindings = new Map<ts.Node, Value>();
  const slots = new Map<ts.Node, Slot>();
  const result: PipelineBody = { tasks, body: groups.root as GroupIR, oneOfs, outputs: [], returns: "none", outputSources: [] };
  /** Set while the call in a `finally` block is read: its task is the exit task. */
  let readingExitTask = false;

  for (const param of fn.getParameters()) {
    const input = inputs.find((i) => i.name === param.getName());
    bindings.set(param.compilerNode, input ? { kind: "channel", ref: { kind: "pipelineInput", name: input.name }, type: input.type, label: input.name } : invalid);
  }

  const body = fn.getBody();
  if (!body) return result;
  if (!Node.isBlock(body)) {
    readReturn(body as Expression);
    return result;
  }
  readStatements(body.getStatements(), true);
  return result;

  function readStatements(statements: readonly Statement[], top: boolean): void {
    for (const statement of statements) {
      if (Node.isReturnStatement(statement)) {
        const expression = statement.getExpression();
        if (!top) {
          if (expression) diagnostics.error(codes.invalidPipelineOutput, "a pipeline returns its outputs at the end of its body, outside `if`, loops and `try`", locationOf(statement), "KFP takes pipeline outputs from the top level of a pipeline only (or a value of whichever branch ran, or a list gathered from a loop)");
          continue;
        }
        if (expression) readReturn(expression);
        return;
      }
      readStatement(statement, top);
    }
  }

  function readStatement(statement: Statement, top: boolean): void {
    if (Node.isEmptyStatement(statement)) return;
    if (Node.isBlock(statement)) return readStatements(statement.getStatements(), false);
    if (Node.isExpressionStatement(statement)) {
      const expression = unwrapTransparent(statement.getExpression());
      const call = Node.isAwaitExpression(expression) ? unwrapTransparent(expression.getExpression()) : expression;
      if (Node.isCallExpression(call)) evaluate(call);
      else if (Node.isBinaryExpression(call) && call.getOperatorToken().getKind() === SyntaxKind.EqualsToken) assign(call.getLeft(), call.getRight(), call);
      else {
        diagnostics.error(codes.computation, "this statement does nothing a pipeline can express", locationOf(statement), "a pipeline body holds component and pipeline calls, `const` bindings, `if`/`else`, loops, `try`/`finally` and a `return`");
      }
      return;
    }
    if (Node.isVariableStatement(statement)) return readVariables(statement);
    if (Node.isIfStatement(statement)) return readIf(statement);
    if (Node.isForOfStatement(statement)) return readForOf(statement);
    if (Node.isTryStatement(statement)) return readTry(statement, top);
    if (Node.isForStatement(statement) || Node.isForInStatement(statement) || Node.isWhileStatement(statement) || Node.isDoStatement(statement)) {
      diagnostics.error(codes.invalidLoop, `'${statement.getKindName().replace(/Statement$/, "")}' loops cannot be compiled: KFP loops run one iteration per item of a list`, locationOf(statement), `write ${loopForms}`);
      return;
    }
    if (Node.isSwitchStatement(statement)) {
      diagnostics.error(codes.controlFlow, "'switch' statements cannot be compiled into a pipeline", locationOf(statement), "write `if (…) { … } else if (…) { … } else { … }`");
      return;
    }
    if (Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement)) {
      diagnostics.error(codes.controlFlow, "declarations inside a pipeline body are not supported", locationOf(statement), "declare components and helpers at the top level of the module");
      return;
    }
    diagnostics.error(codes.controlFlow, `'${statement.getKindName().replace(/Statement$/, "")}' statements cannot be compiled into a pipeline`, locationOf(statement), "a pipeline body holds component and pipeline calls, `const` bindings, `if`/`else`, loops, `try`/`finally` and a `return`");
  }

  function readVariables(statement: VariableStatement): void {
    const isLet = statement.getDeclarationKind() !== VariableDeclarationKind.Const;
    for (const declaration of statement.getDeclarations()) {
      const initializer = declaration.getInitializer();
      const name = declaration.getNameNode();
      if (!initializer) {
        if (isLet && Node.isIdentifier(name)) {
          slots.set(declaration.compilerNode, { name: name.getText(), at: declaration, assigned: new Map() });
          continue;
        }
        diagnostics.error(codes.unknownValue, `'${declaration.getName()}' has no value`, locationOf(declaration), "bind it to a call result: `const x = component(…)`");
        continue;
      }
      const value = evaluate(initializer);
      if (Node.isIdentifier(name)) bindings.set(declaration.compilerNode, value);
      else if (Node.isObjectBindingPattern(name)) bindFields(name, value);
      else diagnostics.error(codes.computation, "array destructuring is not supported in a pipeline body", locationOf(name), "name the result and read its fields: `const { a, b } = step()`");
    }
  }

  /** `x = value` for a `let x` assigned in the branches of an `if`/`else`. */
  function assign(target: Node, valueNode: Node, at: Node): void {
    const declaration = Node.isIdentifier(target) ? declarationOf(target) : undefined;
    const slot = declaration && slots.get(declaration.compilerNode);
    const branch = groups.current;
    if (!slot || branch.kind !== "condition") {
      diagnostics.error(codes.computation, "assignments are not supported in a pipeline body", locationOf(at), slot ? "assign a `let` in every branch of an `if`/`else` (directly in the branch) to get the value of whichever branch ran" : "bind each result once with `const`");
      return;
    }
    if (slot.assigned.has(branch)) {
      diagnostics.error(codes.invalidOneOf, `'${slot.name}' is assigned twice in this branch`, locationOf(at), "assign it once per branch");
      return;
    }
    slot.assigned.set(branch, { value: evaluate(valueNode), at });
  }

  function bindFields(pattern: Node, value: Value): void {
    if (!Node.isObjectBindingPattern(pattern)) return;
    for (const element of pattern.getElements()) {
      if (element.getDotDotDotToken()) {
        diagnostics.error(codes.computation, "rest elements are not supported here", locationOf(element), "destructure the outputs you need by name");
        continue;
      }
      const field = element.getPropertyNameNode() ? propertyName(element.getPropertyNameNode()!) : element.getName();
      bindings.set(element.compilerNode, field === undefined ? invalid : fieldOf(value, field, element));
    }
  }

  /** `result.field` of a call with named outputs, of a loop item, or of a constant. */
  function fieldOf(value: Value, field: string, at: Node): Value {
    if (value.kind === "invalid") return value;
    if (value.kind === "task") {
      const output = value.outputs.find((o) => o.name === field);
      if (output) return { kind: "channel", ref: { kind: "taskOutput", task: value.task, output: output.name }, type: output.type, label: `output '${output.name}'` };
      const names = value.outputs.map((o) => `'${o.name}'`).join(", ");
      diagnostics.error(codes.unknownValue, `the task has no output '${field}'`, locationOf(at), names ? `its outputs are ${names}` : "it has no outputs");
      return invalid;
    }
    if (value.kind === "channel" && value.ref.kind === "loopItem" && value.ref.field === undefined) {
      const loop = groups.loop(value.ref.loop);
      const type = loop?.fieldTypes?.[field];
      if (type || (value.type.kind === "parameter" && value.type.parameterType === "STRUCT")) {
        if (!/^[a-zA-Z_][0-9a-zA-Z_]*$/.test(field)) {
          diagnostics.error(codes.invalidLoop, `the loop item field '${field}' cannot be read by KFP: field names must be identifiers`, locationOf(at));
          return invalid;
        }
        return { kind: "channel", ref: { ...value.ref, field }, type: type ?? { kind: "parameter", parameterType: "STRING" }, label: `loop item field '${field}'` };
      }
    }
    if (value.kind === "constant") {
      const found = ownValue(value.value, field);
      if (found !== undefined) return { kind: "constant", value: found };
    }
    diagnostics.error(codes.computation, `reading '${field}' of a ${describeValue(value)} happens at run time, inside a component`, locationOf(at), "move the computation into a component and pass it the whole value");
    return invalid;
  }

  function evaluate(expression: Node): Value {
    const node = unwrapTransparent(expression);
    if (Node.isAwaitExpression(node)) return evaluate(node.getExpression());
    if (Node.isCallExpression(node)) return evaluateCall(node);
    if (Node.isConditionalExpression(node)) return readTernary(node);
    if (Node.isTemplateExpression(node)) return readTemplate(node);
    if (Node.isIdentifier(node)) {
      if (node.getText() === "undefined") return { kind: "undefined" };
      const declaration = declarationOf(node);
      const bound = declaration && bindings.get(declaration.compilerNode);
      if (bound) return bound;
      const slot = declaration && slots.get(declaration.compilerNode);
      if (slot) {
        diagnostics.error(codes.invalidOneOf, `'${slot.name}' has a value only after an \`if\`/\`else\` that assigns it in every branch`, locationOf(node), "assign it in every branch, with a final `else`, before using it");
        return invalid;
      }
      const constant = evaluateConstant(node);
      if (constant.ok) return constant.value === undefined ? { kind: "undefined" } : { kind: "constant", value: constant.value };
      diagnostics.error(codes.unknownValue, `'${node.getText()}' is not a pipeline parameter, a task result or a constant`, locationOf(node), "a pipeline body can only use its parameters, results of earlier calls, loop items, and literals or `const` literals");
      return invalid;
    }
    if (Node.isPropertyAccessExpression(node)) return fieldOf(evaluate(node.getExpression()), node.getName(), node);
    if (Node.isElementAccessExpression(node)) {
      const key = evaluateConstant(node.getArgumentExpressionOrThrow());
      const target = evaluate(node.getExpression());
      if (key.ok && typeof key.value === "string") return fieldOf(target, key.value, node);
    }
    const constant = evaluateConstant(node);
    if (constant.ok) return constant.value === undefined ? { kind: "undefined" } : { kind: "constant", value: constant.value };
    const usesResults = node.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => {
      const declaration = declarationOf(id);
      return declaration !== undefined && (bindings.has(declaration.compilerNode) || slots.has(declaration.compilerNode));
    });
    if (usesResults && (Node.isArrayLiteralExpression(node) || Node.isObjectLiteralExpression(node))) {
      diagnostics.error(codes.unsupportedArgument, "lists and objects that hold pipeline parameters or task results cannot be passed yet", locationOf(node), "pass each value as its own input");
    } else if (usesResults) {
      diagnostics.error(codes.computation, "computation on pipeline parameters or task results cannot run in a pipeline body: their values exist only when the pipeline runs", locationOf(node), "move the computation into a component and call it here");
    } else {
      diagnostics.error(codes.computation, "the compiler cannot compute this value", locationOf(node), "use a literal, a `const` literal, a pipeline parameter or a task result");
    }
    return invalid;
  }

  /** `` `${name}-v2` ``: text and parameter channels, resolved by the backend when the task starts. */
  function readTemplate(node: Node): Value {
    if (!Node.isTemplateExpression(node)) return invalid;
    const parts: (string | ChannelRef)[] = [node.getHead().getLiteralText()];
    let channels = false;
    for (const span of node.getTemplateSpans()) {
      const value = evaluate(span.getExpression());
      if (value.kind === "invalid") return invalid;
      if (value.kind === "constant") parts.push(typeof value.value === "string" ? value.value : JSON.stringify(value.value));
      else if (value.kind === "channel" && value.type.kind === "parameter" && value.ref.kind !== "collected" && value.ref.kind !== "oneOf") {
        parts.push(value.ref);
        channels = true;
      } else {
        diagnostics.error(codes.unsupportedArgument, `a ${describeValue(value)} cannot be placed in a template literal`, locationOf(span.getExpression()), "template literals take pipeline parameters, parameter outputs of tasks and loop items");
        return invalid;
      }
      parts.push(span.getLiteral().getLiteralText());
    }
    const merged = parts.reduce<(string | ChannelRef)[]>((all, part) => {
      const last = all[all.length - 1];
      if (typeof part === "string" && typeof last === "string") all[all.length - 1] = last + part;
      else if (part !== "") all.push(part);
      return all;
    }, []);
    if (!channels) return { kind: "constant", value: merged.join("") };
    return { kind: "template", parts: merged };
  }

  function evaluateCall(call: CallExpression): Value {
    let callee: Node = unwrapTransparent(call.getExpression());
    let settings: TaskSettingsIR = defaultTaskSettings;
    let afterNodes: Node[] = [];
    if (Node.isCallExpression(callee) && analyzer.dsl.functionKind(callee.getExpression()) === "task") {
      const [target, settingsNode] = callee.getArguments();
      if (settingsNode) ({ settings, after: afterNodes } = analyzeTaskSettings(settingsNode, diagnostics, readRuntimeSetting, readSettingName));
      if (!target) return invalid;
      callee = unwrapTransparent(target);
    }
    if (Node.isPropertyAccessExpression(callee)) {
      const method = callee.getName();
      const receiver = unwrapTransparent(callee.getExpression());
      if (Node.isIdentifier(receiver) && receiver.getText() === "Promise") {
        const [argument] = call.getArguments();
        if (method === "all" && argument && call.getArguments().length === 1) return evaluate(argument);
        diagnostics.error(codes.invalidLoop, `'Promise.${method}' cannot be compiled here`, locationOf(call), `write \`await Promise.all(items.map((x) => step(x)))\` or ${loopForms}`);
        return invalid;
      }
      if (method === "map" || method === "forEach") {
        const target = loopTarget(receiver);
        if (target) return readMap(call, receiver, method, target);
      }
      const target = evaluateReceiver(receiver);
      if (target) {
        const hint = arrayMethods.has(method) ? `loops are written ${loopForms}; anything else on a list runs inside a component` : "move the computation into a component and pass it the value";
        diagnostics.error(codes.computation, `calling '${method}' on a ${describeValue(target)} happens at run time, inside a component`, locationOf(call), hint);
        return invalid;
      }
    }
    if (!Node.isIdentifier(callee) && !Node.isPropertyAccessExpression(callee)) {
      diagnostics.error(codes.notACallable, "only components and pipelines can be called in a pipeline body", locationOf(call), "call a component by its name");
      return invalid;
    }
    switch (analyzer.dsl.functionKind(callee)) {
      case "finalStatus":
        return { kind: "finalStatus" };
      case "importArtifact":
        return readImporter(call, settings);
      case "createPvc":
        return readCreatePvc(call, settings, afterNodes);
      case "deletePvc": {
        const [name] = call.getArguments();
        return name ? readStubCall(deletePvcComponent, [["pvc_name", name]], call, settings, afterNodes) : invalid;
      }
      case "parallel":
        diagnostics.error(codes.invalidLoop, "`parallel(…)` gives the items of a loop", locationOf(call), `write ${loopForms}`);
        return invalid;
      case "component":
      case "pipeline":
      case "task":
        diagnostics.error(codes.notACallable, `'${callee.getText()}' defines a component or pipeline; it cannot run in a pipeline body`, locationOf(call), "define components and pipelines at the top level of a module and call them here");
        return invalid;
    }
    const site = analyzer.siteAt(callee);
    if (!site) {
      diagnostics.error(codes.notACallable, `'${callee.getText()}' is not a component or a pipeline`, locationOf(callee), "a pipeline body runs nothing itself; wrap the code in component(…) to run it as a task");
      return invalid;
    }
    if (site.kind === "pipeline" && (analyzer.keyOf(site) === selfKey || analyzer.isInProgress(site))) {
      diagnostics.error(codes.recursion, `pipeline '${site.path}' calls itself`, locationOf(call), "a pipeline cannot contain itself");
      return invalid;
    }
    const definition: CallableDefinition | undefined = site.kind === "pipeline" ? analyzer.pipeline(site) : analyzer.component(site);
    if (!definition) return invalid;

    const args = new Map<string, ArgumentIR>();
    const upstream = new Set<number>();
    const { matched, covered } = matchArguments(definition, call, site.path, diagnostics);
    for (const { input, node: arg } of matched) {
      const value = evaluate(arg);
      const argument = toArgument(value, input, arg, site.path, settings);
      if (!argument) continue;
      args.set(input.name, argument);
      const producer = producerOf(value);
      if (producer !== undefined) {
        upstream.add(producer);
        if (settings.ignoreUpstreamFailure && !input.optional) {
          diagnostics.error(codes.invalidTaskSetting, `input '${input.name}' of '${site.path}' comes from an upstream task, which may fail before producing it; with \`ignoreUpstreamFailure\` such inputs need a default`, locationOf(arg), `give '${input.name}' a default value in the component`);
        }
      }
    }
    for (const input of definition.inputs) {
      if (args.has(input.name)) continue;
      if (input.type.kind === "finalStatus" && (readingExitTask || settings.ignoreUpstreamFailure)) args.set(input.name, { kind: "finalStatus" });
      else if (!input.optional && !covered.has(input)) diagnostics.error(codes.argumentMismatch, `'${site.path}' needs its input '${input.name}'`, locationOf(call));
    }
    const after = readAfter(afterNodes);
    if (readingExitTask && (upstream.size > 0 || after.length > 0)) {
      diagnostics.error(codes.invalidExitHandler, "the task in `finally` cannot depend on other tasks: it runs however they end", locationOf(call), "pass it pipeline parameters and constants only");
    }
    if (settings.ignoreUpstreamFailure && [...args.values()].some((a) => a.kind === "finalStatus") && new Set([...upstream, ...after]).size !== 1) {
      diagnostics.error(codes.invalidTaskSetting, "a task with `ignoreUpstreamFailure` that takes a final status must have exactly one upstream task", locationOf(call), "add the one task whose status it reports to `after`");
    }
    const index = addTask({ callee: { kind: definition.kind, key: definition.key }, arguments: args, after, settings, location: locationOf(call) });
    if (definition.returns === "single") {
      const output = definition.outputs[0]!;
      return { kind: "channel", ref: { kind: "taskOutput", task: index, output: output.name }, type: output.type, label: `output '${output.name}'` };
    }
    return { kind: "task", task: index, outputs: definition.outputs };
  }

  /** A task setting taken from a pipeline parameter or a task output (`task(train, { cpuLimit: cpu })`). */
  function readRuntimeSetting(node: Node, setting: RuntimeSetting): ChannelRef | undefined {
    const value = evaluate(node);
    if (value.kind === "invalid") return undefined;
    const types: readonly string[] = setting === "acceleratorCount" ? ["NUMBER_INTEGER"] : setting === "cpuRequest" || setting === "cpuLimit" ? ["STRING", "NUMBER_DOUBLE", "NUMBER_INTEGER"] : ["STRING"];
    if (value.kind === "channel" && value.type.kind === "parameter" && types.includes(value.type.parameterType) && value.ref.kind !== "collected") return value.ref;
    diagnostics.error(codes.invalidTaskSetting, `task setting '${setting}' takes a literal, or a pipeline parameter or task output of type ${types.join(" or ")}; this is a ${describeValue(value)}`, locationOf(node));
    return undefined;
  }

  function readAfter(afterNodes: readonly Node[]): number[] {
    const after: number[] = [];
    for (const node of afterNodes) {
      const producer = producerOf(evaluate(node));
      if (producer !== undefined) after.push(producer);
      else diagnostics.error(codes.invalidAfter, "`after` takes the results of earlier calls", locationOf(node));
    }
    return after;
  }

  /** A name in Kubernetes settings that is not a literal: a string pipeline parameter or task output. */
  function readSettingName(node: Node): ChannelRef | undefined {
    const value = evaluate(node);
    if (value.kind === "channel" && (value.ref.kind === "pipelineInput" || value.ref.kind === "taskOutput") && value.type.kind === "parameter" && value.type.parameterType === "STRING") return value.ref;
    if (value.kind !== "invalid") {
      diagnostics.error(codes.invalidTaskSetting, `a Kubernetes setting takes literals, string pipeline parameters or string task outputs, not a ${describeValue(value)}`, locationOf(node), "loop items and values of branches cannot name Kubernetes objects; pass them to a pipeline parameter instead");
    }
    return undefined;
  }

  function addTask(task: TaskIR): number {
    const index = tasks.length;
    tasks.push(task);
    if (!readingExitTask) groups.addTask(index);
    return index;
  }

  /** `createPvc({ size, accessModes, pvcNameSuffix, … })`: kfp-kubernetes' CreatePVC task; its value is the claim's name. */
  function readCreatePvc(call: CallExpression, settings: TaskSettingsIR, afterNodes: readonly Node[]): Value {
    const options = call.getArguments()[0] && unwrapTransparent(call.getArguments()[0]!);
    const fail = (message: string) => {
      diagnostics.error(codes.invalidOption, message, locationOf(options ?? call), 'write `createPvc({ size: "5Gi", accessModes: ["ReadWriteOnce"], pvcNameSuffix: "-data" })`');
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
    return readStubCall(createPvcComponent, given, call, settings, afterNodes);
  }

  /** A call of one of kfp-kubernetes' PVC components, with its arguments by input name. */
  function readStubCall(component: ComponentIR, given: readonly [string, Node][], call: CallExpression, settings: TaskSettingsIR, afterNodes: readonly Node[]): Value {
    analyzer.components.set(component.key, component);
    const args = new Map<string, ArgumentIR>();
    for (const [name, node] of given) {
      const argument = toArgument(evaluate(node), component.inputs.find((i) => i.name === name)!, node, component.functionName, settings);
      if (argument) args.set(name, argument);
    }
    const index = addTask({ callee: { kind: "component", key: component.key }, arguments: args, after: readAfter(afterNodes), settings, location: locationOf(call) });
    const output = component.outputs[0];
    return output ? { kind: "channel", ref: { kind: "taskOutput", task: index, output: output.name }, type: output.type, label: `output '${output.name}'` } : { kind: "task", task: index, outputs: [] };
  }

  /** The task a value comes from, for `after` and upstream checks. */
  function producerOf(value: Value): number | undefined {
    if (value.kind === "task" || value.kind === "collectedTask") return value.task;
    if (value.kind === "channel" && (value.ref.kind === "taskOutput" || value.ref.kind === "collected")) return value.ref.task;
    return undefined;
  }

  /** `importArtifact(Dataset, uri, { reimport, metadata })`. */
  function readImporter(call: CallExpression, settings: TaskSettingsIR): Value {
    const [classNode, uriNode, optionsNode] = call.getArguments();
    const mapped = mapType(call.getType(), call, analyzer.dsl);
    if (!classNode || !uriNode || !mapped.ok || mapped.type.kind !== "artifact" || mapped.type.list) {
      diagnostics.error(codes.unsupportedArgument, "importArtifact takes an artifact class and a URI", locationOf(call), 'write `importArtifact(Dataset, "gs://bucket/data.csv")`');
      return invalid;
    }
    const type = mapped.type;
    const uri = evaluate(uriNode);
    let argument: ArgumentIR | undefined;
    if (uri.kind === "constant" && typeof uri.value === "string") argument = { kind: "constant", value: uri.value };
    else if (uri.kind === "channel" && uri.type.kind === "parameter" && uri.type.parameterType === "STRING" && uri.ref.kind !== "collected") argument = uri.ref;
    else if (uri.kind !== "invalid") diagnostics.error(codes.unsupportedArgument, `the URI of an imported artifact must be a string: a literal, a pipeline parameter or a task output, not a ${describeValue(uri)}`, locationOf(uriNode));
    let reimport = false;
    let metadata: Record<string, JsonValue> | undefined;
    if (optionsNode) {
      const options = evaluateConstant(optionsNode);
      const value = options.ok ? options.value : undefined;
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        diagnostics.error(codes.invalidOption, "importArtifact options must be an object literal the compiler can read", locationOf(optionsNode), "write `{ reimport: true, metadata: { … } }`");
      } else {
        for (const [key, option] of Object.entries(value)) {
          if (key === "reimport" && typeof option === "boolean") reimport = option;
          else if (key === "metadata" && typeof option === "object" && option !== null && !Array.isArray(option)) metadata = option;
          else diagnostics.error(codes.invalidOption, `importArtifact option '${key}' ${key === "reimport" || key === "metadata" ? "has the wrong type" : "is unknown"}`, locationOf(optionsNode), "options are `reimport` (true or false) and `metadata` (an object)");
        }
      }
    }
    if (!argument) return invalid;
    const index = addTask({
      callee: { kind: "importer", artifact: type.artifact, reimport, ...(metadata && { metadata }) },
      arguments: new Map([["uri", argument]]),
      after: [],
      settings,
      location: locationOf(call),
    });
    return { kind: "channel", ref: { kind: "taskOutput", task: index, output: "artifact" }, type, label: "imported artifact" };
  }

  /** The value a method is called on, when it is a parameter or a result of this body (`result.trim()`). */
  function evaluateReceiver(receiver: Node): Value | undefined {
    const root = unwrapTransparent(receiver);
    const base = Node.isPropertyAccessExpression(root) || Node.isElementAccessExpression(root) ? root.getExpression() : root;
    const declaration = Node.isIdentifier(base) ? declarationOf(base) : undefined;
    const bound = declaration && bindings.get(declaration.compilerNode);
    return bound && bound.kind !== "invalid" ? bound : undefined;
  }

  /** Whether `.map` / `.forEach` on `receiver` is a loop the compiler reads: over a literal list, a `parallel(…)`, or a pipeline value. */
  function loopTarget(receiver: Node): "loop" | "projection" | undefined {
    if (Node.isArrayLiteralExpression(receiver)) return "loop";
    if (Node.isCallExpression(receiver) && analyzer.dsl.functionKind(receiver.getExpression()) === "parallel") return "loop";
    const bound = evaluateReceiver(receiver);
    if (bound?.kind === "collectedTask" || (bound?.kind === "channel" && bound.ref.kind === "collected")) return "projection";
    if (bound) return "loop";
    const constant = evaluateConstant(receiver);
    return constant.ok && Array.isArray(constant.value) ? "loop" : undefined;
  }

  function toArgument(value: Value, input: InputIR, at: Node, callee: string, settings: TaskSettingsIR): ArgumentIR | undefined {
    const mismatch = (message: string, hint?: string) => {
      diagnostics.error(codes.argumentMismatch, `input '${input.name}' of '${callee}': ${message}`, locationOf(at), hint);
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
        return problem ? mismatch(`${value.label} ${problem}`, integerHint(value, input.type, inputs)) : value.ref;
      }
      case "finalStatus":
        if (input.type.kind !== "finalStatus") return mismatch("a final status goes to an input typed PipelineTaskFinalStatus");
        if (!readingExitTask && !settings.ignoreUpstreamFailure) {
          diagnostics.error(codes.invalidExitHandler, "`finalStatus()` is known only to the task in a `finally` block or a task with `ignoreUpstreamFailure`", locationOf(at), "call this task in the `finally` block of the pipeline's `try`, or set `ignoreUpstreamFailure: true` on it");
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

  // ——— conditions ———

  interface Branch {
    readonly condition?: Node;
    readonly body: Node;
  }

  /** Opens the groups of an `if` chain, reading each branch with `read`; the `else` branch has no condition. */
  function readBranches(branches: readonly Branch[], at: Node, read: (branch: Branch, group: GroupDraft) => void): GroupDraft[] | undefined {
    const conditions: ConditionIR[] = [];
    for (const branch of branches) {
      if (!branch.condition) continue;
      const condition = readCondition(branch.condition, evaluate, diagnostics);
      if (!condition) return undefined;
      conditions.push(condition);
    }
    const opened: GroupDraft[] = [];
    const negated: { condition: ConditionIR; negate: boolean }[] = [];
    branches.forEach((branch, i) => {
      const parts = branch.condition ? [...negated, { condition: conditions[i]!, negate: false }] : [...negated];
      const group = groups.enter({ kind: "condition", parts, location: locationOf(branch.condition ?? branch.body) });
      read(branch, group);
      groups.exit();
      opened.push(group);
      if (i === 0 && branches.length > 1) groups.wrapInBranches(group, locationOf(at));
      if (branch.condition) negated.push({ condition: conditions[i]!, negate: true });
    });
    if (branches.length > 1) groups.exit();
    return opened;
  }

  function readIf(statement: Node): void {
    const branches: Branch[] = [];
    let current: Node | undefined = statement;
    while (current && Node.isIfStatement(current)) {
      branches.push({ condition: current.getExpression(), body: current.getThenStatement() });
      current = current.getElseStatement();
    }
    if (current) branches.push({ body: current });
    const opened = readBranches(branches, statement, (branch) => readStatement(branch.body as Statement, false));
    if (!opened) return;
    const hasElse = !branches[branches.length - 1]!.condition;
    for (const [declaration, slot] of slots) {
      const assignments = opened.map((group) => slot.assigned.get(group));
      if (assignments.every((a) => a === undefined)) continue;
      slots.delete(declaration);
      if (!hasElse || assignments.some((a) => a === undefined)) {
        const missing = !hasElse ? "this `if` has no final `else`" : "a branch does not assign it";
        diagnostics.error(codes.invalidOneOf, `'${slot.name}' gets a value from only some branches: ${missing}`, locationOf(slot.at), "assign it in every branch and end the chain with `else`, so that one branch always gives it a value");
        bindings.set(declaration, invalid);
        continue;
      }
      bindings.set(declaration, makeOneOf(opened, assignments.map((a) => a!)));
    }
  }

  /** `c ? a() : b()`: a branch group per arm and the value of whichever ran. */
  function readTernary(node: Node): Value {
    const branches: Branch[] = [];
    let current: Node = node;
    while (Node.isConditionalExpression(current)) {
      branches.push({ condition: current.getCondition(), body: current.getWhenTrue() });
      current = unwrapTransparent(current.getWhenFalse());
    }
    branches.push({ body: current });
    const values: { value: Value; at: Node }[] = [];
    const opened = readBranches(branches, node, (branch) => values.push({ value: evaluate(branch.body), at: branch.body }));
    return opened ? makeOneOf(opened, values) : invalid;
  }

  function makeOneOf(branches: readonly GroupDraft[], values: readonly { value: Value; at: Node }[]): Value {
    const sources: { task: number; output: string }[] = [];
    let type: ValueType | undefined;
    for (const [i, { value, at }] of values.entries()) {
      if (value.kind === "invalid") return invalid;
      if (value.kind !== "channel" || value.ref.kind !== "taskOutput" || !branches[i]!.tasks.includes(value.ref.task)) {
        diagnostics.error(codes.invalidOneOf, `each branch must give the output of a task called in that branch, not a ${describeValue(value)}`, locationOf(at), "call a component in every branch and use its output (KFP's dsl.OneOf)");
        return invalid;
      }
      if (type && (type.kind !== value.type.kind || (type.kind === "artifact" && value.type.kind === "artifact" && type.artifact.schemaTitle !== value.type.artifact.schemaTitle))) {
        diagnostics.error(codes.invalidOneOf, "the branches give values of different kinds: all parameters or all artifacts of one type", locationOf(at));
        return invalid;
      }
      type ??= value.type;
      sources.push({ task: value.ref.task, output: value.ref.output });
    }
    oneOfs.push({ branches: groups.parentOf(branches[0]!)!.id, sources: sources.map((s) => ({ kind: "taskOutput", ...s })), type: type! });
    return { kind: "channel", ref: { kind: "oneOf", oneOf: oneOfs.length - 1 }, type: type!, label: "value of whichever branch ran" };
  }

  // ——— loops ———

  function readForOf(statement: Node): void {
    if (!Node.isForOfStatement(statement)) return;
    if (statement.isAwaited()) {
      diagnostics.error(codes.invalidLoop, "`for await` cannot be compiled", locationOf(statement), `write ${loopForms}`);
      return;
    }
    const initializer = statement.getInitializer();
    const declaration = Node.isVariableDeclarationList(initializer) ? initializer.getDeclarations()[0] : undefined;
    if (!declaration) {
      diagnostics.error(codes.invalidLoop, "the loop variable must be declared in the loop: `for (const x of items)`", locationOf(initializer));
      return;
    }
    const item = openLoop(statement.getExpression(), statement);
    if (!item) return;
    bindLoopVariable(declaration.getNameNode(), item);
    readStatement(statement.getStatement(), false);
    groups.exit();
  }

  function bindLoopVariable(name: Node, item: Value): void {
    const declaration = name.getParent();
    if (Node.isIdentifier(name) && declaration) bindings.set(declaration.compilerNode, item);
    else if (Node.isObjectBindingPattern(name)) bindFields(name, item);
    else diagnostics.error(codes.invalidLoop, "array destructuring of loop items is not supported", locationOf(name), "name the item and read its fields: `for (const item of items) { step(item.a) }`");
  }

  /** Enters the loop group over `itemsNode` and returns its item, or undefined (reported). */
  function openLoop(itemsNode: Node, at: Node): Value | undefined {
    let node = unwrapTransparent(itemsNode);
    let parallelism = 0;
    if (Node.isCallExpression(node) && analyzer.dsl.functionKind(node.getExpression()) === "parallel") {
      const [items, options] = node.getArguments();
      const limit = options && evaluateConstant(options);
      const value = limit?.ok && typeof limit.value === "object" && limit.value !== null && !Array.isArray(limit.value) ? limit.value.parallelism : undefined;
      if (!items || !Number.isSafeInteger(value) || (value as number) < 1) {
        diagnostics.error(codes.invalidLoop, "`parallel` takes the items and `{ parallelism: N }` with a whole number N of 1 or more, written as literals", locationOf(node));
        return undefined;
      }
      parallelism = value as number;
      node = unwrapTransparent(items);
    }
    const items = evaluate(node);
    const location = locationOf(at);
    if (items.kind === "constant" && Array.isArray(items.value) && items.value.length > 0) {
      const types = rawItemTypes(items.value);
      const itemId = groups.nextId();
      const group = groups.enter({ kind: "loop", items: { kind: "raw", values: items.value, itemId }, itemType: types.item, fieldTypes: types.fields, parallelism, location });
      return { kind: "channel", ref: { kind: "loopItem", loop: group.id }, type: types.item, label: "loop item" };
    }
    if (items.kind === "channel" && items.ref.kind !== "collected" && items.ref.kind !== "oneOf" && ((items.type.kind === "parameter" && items.type.parameterType === "LIST") || (items.type.kind === "artifact" && items.type.list))) {
      const types = items.type.kind === "artifact" ? { item: { ...items.type, list: false }, fields: {} } : loopItemTypes(node, analyzer.dsl);
      const group = groups.enter({ kind: "loop", items: { kind: "channel", ref: items.ref }, itemType: types.item, fieldTypes: types.fields, parallelism, location });
      return { kind: "channel", ref: { kind: "loopItem", loop: group.id }, type: types.item, label: "loop item" };
    }
    if (items.kind === "invalid") return undefined;
    const why = items.kind === "constant" && Array.isArray(items.value) ? "a loop needs at least one item"
      : items.kind === "channel" && (items.ref.kind === "collected" || items.ref.kind === "oneOf") ? `KFP cannot loop over a ${describeValue(items)}`
      : `a loop goes over a list, not a ${describeValue(items)}${items.kind === "channel" && items.type.kind === "parameter" ? ` of type ${items.type.parameterType}` : ""}`;
    diagnostics.error(codes.invalidLoop, why, locationOf(node), "loop over a list literal, a LIST pipeline parameter, a LIST task output, a list of artifacts, or a field of a loop item; pass anything else to a component");
    return undefined;
  }

  /** `items.map((x) => step(x))` and `.forEach`: a loop whose results are gathered into lists. */
  function readMap(call: CallExpression, receiver: Node, method: "map" | "forEach", target: "loop" | "projection"): Value {
    const [callback, ...rest] = call.getArguments();
    const fn = callback && unwrapTransparent(callback);
    if (!fn || rest.length > 0 || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) || fn.getParameters().length > 1) {
      diagnostics.error(codes.invalidLoop, `\`.${method}\` in a pipeline body takes one function of the item`, locationOf(call), `write \`items.${method}((x) => step(x))\`; KFP loop iterations have no index`);
      return invalid;
    }
    const parameter = fn.getParameters()[0];
    if (target === "projection") return readProjection(receiver, fn, parameter);
    const item = openLoop(receiver, call);
    if (!item) return invalid;
    const loop = groups.current;
    if (parameter) bindLoopVariable(parameter.getNameNode(), item);
    const body = fn.getBody();
    let returned: Value = { kind: "undefined" };
    if (Node.isBlock(body)) {
      const statements = body.getStatements();
      const last = statements[statements.length - 1];
      readStatements(last && Node.isReturnStatement(last) ? statements.slice(0, -1) : statements, false);
      const expression = last && Node.isReturnStatement(last) ? last.getExpression() : undefined;
      if (expression) returned = evaluate(expression);
    } else {
      returned = evaluate(body);
    }
    groups.exit();
    return method === "forEach" ? { kind: "undefined" } : gather(returned, loop, body);
  }

  /** `runs.map((r) => r.model)` over the gathered results of a loop: the list of one output. */
  function readProjection(receiver: Node, fn: Node, parameter: Node | undefined): Value {
    const gathered = evaluate(receiver);
    const body = Node.isArrowFunction(fn) ? fn.getBody() : undefined;
    const name = parameter && Node.isParameterDeclaration(parameter) ? parameter.getNameNode() : undefined;
    const access = body && unwrapTransparent(body);
    const field = access && name && Node.isIdentifier(name) && Node.isPropertyAccessExpression(access) && access.getExpression().getText() === name.getText() ? access.getName() : undefined;
    if (gathered.kind === "collectedTask" && field !== undefined) {
      const output = gathered.outputs.find((o) => o.name === field);
      if (output) return { kind: "channel", ref: { kind: "collected", task: gathered.task, output: output.name }, type: listOf(output.type), label: `outputs '${output.name}'` };
    }
    diagnostics.error(codes.invalidLoop, "a list gathered from a loop can only be passed on, or split into one list per output with `results.map((r) => r.output)`", locationOf(fn), "to compute on the items, pass the list to a component");
    return invalid;
  }

  /** The value a loop body gives, gathered over the iterations (`dsl.Collected`). */
  function gather(value: Value, loop: GroupDraft, at: Node): Value {
    const inside = (task: number) => groups.groupsOf(task).includes(loop);
    if (value.kind === "undefined" || value.kind === "invalid") return value;
    if (value.kind === "channel" && (value.ref.kind === "taskOutput" || value.ref.kind === "collected") && inside(value.ref.task)) {
      return { kind: "channel", ref: { kind: "collected", task: value.ref.task, output: value.ref.output }, type: listOf(value.type), label: `outputs '${value.ref.output}'` };
    }
    if ((value.kind === "task" || value.kind === "collectedTask") && inside(value.task)) return { kind: "collectedTask", task: value.task, outputs: value.outputs };
    diagnostics.error(codes.invalidLoop, `a loop gathers task outputs made inside it, not a ${describeValue(value)}`, locationOf(at), "return the result of a call made in the loop");
    return invalid;
  }

  // ——— exit handlers ———

  function readTry(statement: Node, top: boolean): void {
    if (!Node.isTryStatement(statement)) return;
    const finallyBlock = statement.getFinallyBlock();
    if (statement.getCatchClause()) {
      diagnostics.error(codes.invalidExitHandler, "`catch` cannot be compiled: a pipeline cannot handle a failed task", locationOf(statement.getCatchClause()!), "use `try { … } finally { cleanUp() }`: the task in `finally` runs however the body ends, and may take `finalStatus()`");
      return;
    }
    if (!top || groups.current !== groups.root) {
      diagnostics.error(codes.invalidExitHandler, "`try`/`finally` (an exit handler) is allowed only at the top level of a pipeline body", locationOf(statement), "move it out of the `if` or loop");
      return;
    }
    const statements = finallyBlock?.getStatements() ?? [];
    const only = statements.length === 1 && Node.isExpressionStatement(statements[0]) ? unwrapTransparent(statements[0].getExpression()) : undefined;
    const call = only && Node.isAwaitExpression(only) ? unwrapTransparent(only.getExpression()) : only;
    if (!call || !Node.isCallExpression(call)) {
      diagnostics.error(codes.invalidExitHandler, "the `finally` block of a pipeline must hold exactly one component or pipeline call", locationOf(finallyBlock ?? statement), "to run several steps at exit, put them in a pipeline and call it in `finally`");
      return;
    }
    // The exit task is made before the body, as the Python SDK makes it.
    readingExitTask = true;
    const exit = evaluate(call);
    readingExitTask = false;
    const exitTask = exit.kind === "task" || (exit.kind === "channel" && exit.ref.kind === "taskOutput") ? producerOf(exit) : undefined;
    if (exitTask === undefined) return;
    groups.enter({ kind: "exitHandler", exitTask, location: locationOf(statement) });
    readStatements(statement.getTryBlock().getStatements(), false);
    groups.exit();
  }

  // ——— outputs ———

  function readReturn(expression: Expression): void {
    const node = unwrapTransparent(expression);
    const sources: { name: string; value: Value; at: Node }[] = [];
    let returns: ReturnShape = "named";
    if (Node.isObjectLiteralExpression(node)) {
      for (const property of node.getProperties()) {
        if (Node.isPropertyAssignment(property)) {
          const name = propertyName(property.getNameNode());
          if (name !== undefined) sources.push({ name, value: evaluate(property.getInitializerOrThrow()), at: property });
        } else if (Node.isShorthandPropertyAssignment(property)) {
          sources.push({ name: property.getName(), value: evaluate(property.getNameNode()), at: property });
        } else {
          diagnostics.error(codes.invalidPipelineOutput, "pipeline outputs must be written as `name: result`", locationOf(property));
        }
      }
    } else {
      const value = evaluate(node);
      if (value.kind === "task") {
        for (const output of value.outputs) sources.push({ name: output.name, value: fieldOf(value, output.name, node), at: node });
      } else {
        returns = "single";
        sources.push({ name: "Output", value, at: node });
      }
    }
    for (const { name, value, at } of sources) {
      const nameProblem = ioNameProblem(name);
      if (nameProblem) {
        diagnostics.error(codes.invalidName, `pipeline output name ${quoteName(name)} is not valid: ${nameProblem}`, locationOf(at), "name each output with an identifier");
      } else if (value.kind === "channel" && (value.ref.kind === "taskOutput" || value.ref.kind === "collected" || value.ref.kind === "oneOf")) {
        const nested = value.ref.kind === "taskOutput" ? !groups.root.tasks.includes(value.ref.task)
          : value.ref.kind === "oneOf" ? !groups.root.groups.some((g) => g.id === oneOfs[(value.ref as { oneOf: number }).oneOf]!.branches && g.kind === "branches")
          : false;
        if (nested) {
          diagnostics.error(codes.invalidTopology, `pipeline output '${name}' comes from inside an \`if\`, a loop or a \`try\`: KFP takes pipeline outputs from the top level only`, locationOf(at), "return a value of whichever branch ran from an `if`/`else` at the top level, or a list gathered from a loop");
          continue;
        }
        result.outputs.push({ name, type: value.type });
        result.outputSources.push({ name, source: value.ref });
      } else if (value.kind !== "invalid") {
        diagnostics.error(codes.invalidPipelineOutput, `a pipeline output must be the output of a task; '${name}' is a ${describeValue(value)}`, locationOf(at), "return task results, or an object of them");
      }
    }
    if (result.outputs.length > 0) result.returns = returns;
  }
}
