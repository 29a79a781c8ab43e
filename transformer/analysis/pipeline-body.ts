import { Node, SyntaxKind, type CallExpression, type Expression, type Statement, type ts } from "ts-morph";
import { codes } from "../diagnostics.js";
import type { ArgumentIR, CallableDefinition, InputIR, JsonValue, OutputIR, ReturnShape, TaskIR, TaskOutputRef, ValueType } from "../ir.js";
import { parameterValueProblem } from "../../src/spec/parameter-type.js";
import type { DefinitionAnalyzer } from "./definitions.js";
import { declarationOf } from "./dsl.js";
import { evaluateConstant, propertyName, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import type { FunctionNode } from "./signature.js";
import { analyzeTaskSettings, defaultTaskSettings } from "./task-settings.js";

/** What an expression in a pipeline body stands for. */
type Value =
  | { kind: "input"; input: InputIR }
  | { kind: "constant"; value: JsonValue }
  | { kind: "undefined" }
  | { kind: "output"; task: number; output: OutputIR }
  /** The result of a call with no output or with named outputs (its fields are outputs). */
  | { kind: "task"; task: number; outputs: readonly OutputIR[] }
  /** An expression already reported as a mistake. */
  | { kind: "invalid" };

export interface PipelineBody {
  tasks: TaskIR[];
  outputs: OutputIR[];
  returns: ReturnShape;
  outputSources: { name: string; source: TaskOutputRef }[];
}

const notSupportedYet = "control flow in pipeline bodies is not supported yet; keep the body a straight list of calls";

/**
 * Turns a pipeline body into tasks: each component or pipeline call is a task, its arguments are
 * pipeline parameters, constants or earlier results, and the return value gives the outputs.
 */
export function analyzePipelineBody(fn: FunctionNode, inputs: readonly InputIR[], analyzer: DefinitionAnalyzer, selfKey: string): PipelineBody {
  const diagnostics = analyzer.diagnostics;
  const tasks: TaskIR[] = [];
  const bindings = new Map<ts.Node, Value>();
  const result: PipelineBody = { tasks, outputs: [], returns: "none", outputSources: [] };

  for (const param of fn.getParameters()) {
    const input = inputs.find((i) => i.name === param.getName());
    bindings.set(param.compilerNode, input ? { kind: "input", input } : { kind: "invalid" });
  }

  const body = fn.getBody();
  if (!body) return result;
  if (!Node.isBlock(body)) {
    readReturn(body as Expression);
    return result;
  }
  for (const statement of body.getStatements()) {
    if (Node.isReturnStatement(statement)) {
      const expression = statement.getExpression();
      if (expression) readReturn(expression);
      break;
    }
    readStatement(statement);
  }
  return result;

  function readStatement(statement: Statement): void {
    if (Node.isEmptyStatement(statement)) return;
    if (Node.isExpressionStatement(statement)) {
      const expression = unwrapTransparent(statement.getExpression());
      const call = Node.isAwaitExpression(expression) ? unwrapTransparent(expression.getExpression()) : expression;
      if (Node.isCallExpression(call)) evaluate(call);
      else if (Node.isBinaryExpression(call) && call.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
        diagnostics.error(codes.computation, "assignments are not supported in a pipeline body", locationOf(call), "bind each result once with `const`");
      } else {
        diagnostics.error(codes.computation, "this statement does nothing a pipeline can express", locationOf(statement), "a pipeline body holds component and pipeline calls, `const` bindings and a `return`");
      }
      return;
    }
    if (Node.isVariableStatement(statement)) {
      for (const declaration of statement.getDeclarations()) {
        const initializer = declaration.getInitializer();
        if (!initializer) {
          diagnostics.error(codes.unknownValue, `'${declaration.getName()}' has no value`, locationOf(declaration), "bind it to a call result: `const x = component(…)`");
          continue;
        }
        const value = evaluate(initializer);
        const name = declaration.getNameNode();
        if (Node.isIdentifier(name)) bindings.set(declaration.compilerNode, value);
        else if (Node.isObjectBindingPattern(name)) bindFields(name, value);
        else diagnostics.error(codes.computation, "array destructuring is not supported in a pipeline body", locationOf(name), "name the result and read its fields: `const { a, b } = step()`");
      }
      return;
    }
    if (Node.isFunctionDeclaration(statement) || Node.isClassDeclaration(statement)) {
      diagnostics.error(codes.controlFlow, "declarations inside a pipeline body are not supported", locationOf(statement), "declare components and helpers at the top level of the module");
      return;
    }
    diagnostics.error(codes.controlFlow, `'${statement.getKindName().replace(/Statement$/, "")}' statements cannot be compiled into a pipeline`, locationOf(statement), notSupportedYet);
  }

  function bindFields(pattern: Node, value: Value): void {
    if (!Node.isObjectBindingPattern(pattern)) return;
    for (const element of pattern.getElements()) {
      if (element.getDotDotDotToken()) {
        diagnostics.error(codes.computation, "rest elements are not supported here", locationOf(element), "destructure the outputs you need by name");
        continue;
      }
      const field = element.getPropertyNameNode() ? propertyName(element.getPropertyNameNode()!) : element.getName();
      bindings.set(element.compilerNode, field === undefined ? { kind: "invalid" } : fieldOf(value, field, element));
    }
  }

  /** `result.field` of a call with named outputs. */
  function fieldOf(value: Value, field: string, at: Node): Value {
    if (value.kind === "invalid") return value;
    if (value.kind === "task") {
      const output = value.outputs.find((o) => o.name === field);
      if (output) return { kind: "output", task: value.task, output };
      const names = value.outputs.map((o) => `'${o.name}'`).join(", ");
      diagnostics.error(codes.unknownValue, `the task has no output '${field}'`, locationOf(at), names ? `its outputs are ${names}` : "it has no outputs");
      return { kind: "invalid" };
    }
    if (value.kind === "constant") {
      const found = typeof value.value === "object" && value.value !== null ? (value.value as Record<string, JsonValue>)[field] : undefined;
      if (found !== undefined) return { kind: "constant", value: found };
    }
    diagnostics.error(codes.computation, `reading '${field}' of a ${describeValue(value)} happens at run time, inside a component`, locationOf(at), "move the computation into a component and pass it the whole value");
    return { kind: "invalid" };
  }

  function evaluate(expression: Node): Value {
    const node = unwrapTransparent(expression);
    if (Node.isAwaitExpression(node)) return evaluate(node.getExpression());
    if (Node.isCallExpression(node)) return evaluateCall(node);
    if (Node.isIdentifier(node)) {
      if (node.getText() === "undefined") return { kind: "undefined" };
      const declaration = declarationOf(node);
      const bound = declaration && bindings.get(declaration.compilerNode);
      if (bound) return bound;
      const constant = evaluateConstant(node);
      if (constant.ok) return constant.value === undefined ? { kind: "undefined" } : { kind: "constant", value: constant.value };
      diagnostics.error(codes.unknownValue, `'${node.getText()}' is not a pipeline parameter, a task result or a constant`, locationOf(node), "a pipeline body can only use its parameters, results of earlier calls, and literals or `const` literals");
      return { kind: "invalid" };
    }
    if (Node.isPropertyAccessExpression(node)) {
      const target = evaluate(node.getExpression());
      return fieldOf(target, node.getName(), node);
    }
    if (Node.isElementAccessExpression(node)) {
      const key = evaluateConstant(node.getArgumentExpressionOrThrow());
      const target = evaluate(node.getExpression());
      if (key.ok && typeof key.value === "string") return fieldOf(target, key.value, node);
    }
    const constant = evaluateConstant(node);
    if (constant.ok) return constant.value === undefined ? { kind: "undefined" } : { kind: "constant", value: constant.value };
    const usesResults = node.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => {
      const declaration = declarationOf(id);
      return declaration !== undefined && bindings.has(declaration.compilerNode);
    });
    if (usesResults && (Node.isArrayLiteralExpression(node) || Node.isObjectLiteralExpression(node))) {
      diagnostics.error(codes.unsupportedArgument, "lists and objects that hold pipeline parameters or task results cannot be passed yet", locationOf(node), "pass each value as its own input");
    } else if (usesResults) {
      diagnostics.error(codes.computation, "computation on pipeline parameters or task results cannot run in a pipeline body: their values exist only when the pipeline runs", locationOf(node), "move the computation into a component and call it here");
    } else {
      diagnostics.error(codes.computation, "the compiler cannot compute this value", locationOf(node), "use a literal, a `const` literal, a pipeline parameter or a task result");
    }
    return { kind: "invalid" };
  }

  function evaluateCall(call: CallExpression): Value {
    let callee: Node = unwrapTransparent(call.getExpression());
    let settings = defaultTaskSettings;
    let afterNodes: Node[] = [];
    if (Node.isCallExpression(callee) && analyzer.dsl.functionKind(callee.getExpression()) === "task") {
      const [target, settingsNode] = callee.getArguments();
      if (settingsNode) ({ settings, after: afterNodes } = analyzeTaskSettings(settingsNode, diagnostics));
      if (!target) return { kind: "invalid" };
      callee = unwrapTransparent(target);
    }
    if (Node.isPropertyAccessExpression(callee)) {
      const target = evaluateReceiver(callee.getExpression());
      if (target) {
        diagnostics.error(codes.computation, `calling '${callee.getName()}' on a ${describeValue(target)} happens at run time, inside a component`, locationOf(call), "move the computation into a component and pass it the value");
        return { kind: "invalid" };
      }
    }
    if (!Node.isIdentifier(callee) && !Node.isPropertyAccessExpression(callee)) {
      diagnostics.error(codes.notACallable, "only components and pipelines can be called in a pipeline body", locationOf(call), "call a component by its name");
      return { kind: "invalid" };
    }
    const site = analyzer.siteAt(callee);
    if (!site) {
      diagnostics.error(codes.notACallable, `'${callee.getText()}' is not a component or a pipeline`, locationOf(callee), "a pipeline body runs nothing itself; wrap the code in component(…) to run it as a task");
      return { kind: "invalid" };
    }
    if (site.kind === "pipeline" && (analyzer.keyOf(site) === selfKey || analyzer.isInProgress(site))) {
      diagnostics.error(codes.recursion, `pipeline '${site.path}' calls itself`, locationOf(call), "a pipeline cannot contain itself");
      return { kind: "invalid" };
    }
    const definition: CallableDefinition | undefined = site.kind === "component" ? analyzer.component(site) : analyzer.pipeline(site);
    if (!definition) return { kind: "invalid" };

    const args = new Map<string, ArgumentIR>();
    const given = call.getArguments();
    given.forEach((arg, i) => {
      if (Node.isSpreadElement(arg)) {
        diagnostics.error(codes.argumentMismatch, "spread arguments are not supported", locationOf(arg), "pass each input as its own argument");
        return;
      }
      const input = definition.inputs[i];
      if (!input) {
        diagnostics.error(codes.argumentMismatch, `'${site.path}' takes ${definition.inputs.length} argument${definition.inputs.length === 1 ? "" : "s"}, got ${given.length}`, locationOf(arg));
        return;
      }
      const argument = toArgument(evaluate(arg), input, arg, site.path);
      if (argument) args.set(input.name, argument);
    });
    for (const input of definition.inputs) {
      if (!input.optional && !args.has(input.name) && given.length <= definition.inputs.indexOf(input)) {
        diagnostics.error(codes.argumentMismatch, `'${site.path}' needs its input '${input.name}'`, locationOf(call));
      }
    }
    const after: number[] = [];
    for (const node of afterNodes) {
      const value = evaluate(node);
      if (value.kind === "output" || value.kind === "task") after.push(value.task);
      else if (value.kind !== "invalid") diagnostics.error(codes.invalidAfter, "`after` takes the results of earlier calls", locationOf(node));
    }
    const index = tasks.length;
    tasks.push({
      callee: { kind: definition.kind, key: definition.key },
      arguments: args,
      after,
      settings,
      location: locationOf(call),
    });
    if (definition.returns === "single") return { kind: "output", task: index, output: definition.outputs[0]! };
    return { kind: "task", task: index, outputs: definition.outputs };
  }

  /** The value a method is called on, when it is a parameter or a result of this body (`result.trim()`). */
  function evaluateReceiver(receiver: Node): Value | undefined {
    const root = unwrapTransparent(receiver);
    const base = Node.isPropertyAccessExpression(root) || Node.isElementAccessExpression(root) ? root.getExpression() : root;
    const declaration = Node.isIdentifier(base) ? declarationOf(base) : undefined;
    const bound = declaration && bindings.get(declaration.compilerNode);
    return bound && bound.kind !== "invalid" ? bound : undefined;
  }

  function toArgument(value: Value, input: InputIR, at: Node, callee: string): ArgumentIR | undefined {
    const mismatch = (message: string, hint?: string) => {
      diagnostics.error(codes.argumentMismatch, `input '${input.name}' of '${callee}': ${message}`, locationOf(at), hint);
      return undefined;
    };
    switch (value.kind) {
      case "invalid":
        return undefined;
      case "undefined":
        return input.optional ? undefined : mismatch("this input is required, but the argument is undefined");
      case "constant": {
        if (input.type.kind === "artifact") return mismatch("an artifact input takes a task's artifact output, not a constant");
        const problem = parameterValueProblem(input.type.parameterType, value.value);
        return problem ? mismatch(problem) : { kind: "constant", value: value.value };
      }
      case "input": {
        const problem = incompatibility(value.input.type, input.type);
        return problem ? mismatch(`pipeline parameter '${value.input.name}' ${problem}`) : { kind: "pipelineInput", name: value.input.name };
      }
      case "output": {
        const problem = incompatibility(value.output.type, input.type);
        return problem ? mismatch(`output '${value.output.name}' ${problem}`) : { kind: "taskOutput", task: value.task, output: value.output.name };
      }
      case "task": {
        const names = value.outputs.map((o) => `'${o.name}'`).join(", ");
        return mismatch(
          value.outputs.length ? "pass one output of the task, not the whole result" : "the task has no output to pass",
          names ? `its outputs are ${names}` : undefined,
        );
      }
    }
  }

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
        for (const output of value.outputs) sources.push({ name: output.name, value: { kind: "output", task: value.task, output }, at: node });
      } else {
        returns = "single";
        sources.push({ name: "Output", value, at: node });
      }
    }
    for (const { name, value, at } of sources) {
      if (value.kind === "output") {
        result.outputs.push({ name, type: value.output.type });
        result.outputSources.push({ name, source: { kind: "taskOutput", task: value.task, output: value.output.name } });
      } else if (value.kind !== "invalid") {
        diagnostics.error(codes.invalidPipelineOutput, `a pipeline output must be the output of a task; '${name}' is a ${describeValue(value)}`, locationOf(at), "return task results, or an object of them");
      }
    }
    if (result.outputs.length > 0) result.returns = returns;
  }
}

function describeValue(value: Value): string {
  switch (value.kind) {
    case "input":
      return `pipeline parameter ('${value.input.name}')`;
    case "constant":
    case "undefined":
      return "constant";
    case "output":
      return "task output";
    case "task":
      return "task result";
    case "invalid":
      return "value";
  }
}

/** Why a value of type `source` cannot feed an input of type `target` (KFP's type check), or undefined. */
export function incompatibility(source: ValueType, target: ValueType): string | undefined {
  if (source.kind === "parameter" && target.kind === "parameter") {
    if (source.parameterType === target.parameterType) return undefined;
    if (source.parameterType === "NUMBER_INTEGER" && target.parameterType === "NUMBER_DOUBLE") return undefined;
    return `is ${source.parameterType}, but the input is ${target.parameterType}`;
  }
  if (source.kind === "artifact" && target.kind === "artifact") {
    if (source.list !== target.list) return source.list ? "is a list of artifacts, but the input takes one" : "is one artifact, but the input takes a list";
    if (target.artifact.schemaTitle === "system.Artifact") return undefined;
    if (source.artifact.schemaTitle !== target.artifact.schemaTitle) return `is a ${source.artifact.schemaTitle}, but the input takes a ${target.artifact.schemaTitle}`;
    return undefined;
  }
  return source.kind === "artifact" ? "is an artifact, but the input is a parameter" : "is a parameter, but the input takes an artifact";
}
