import { Node, SyntaxKind, VariableDeclarationKind, type Expression, type Statement, type ts, type VariableStatement } from "ts-morph";
import { codes } from "../diagnostics.js";
import type { ChannelRef, GroupIR, InputIR, OneOfIR, OutputIR, ReturnShape, TaskIR } from "../ir.js";
import { GroupBuilder } from "./body-groups.js";
import { describeValue, invalid, type Value } from "./body-values.js";
import { ioNameProblem, quoteName } from "../../src/spec/names.js";
import type { DefinitionAnalyzer } from "./definitions.js";
import { declarationOf } from "./dsl.js";
import { evaluateConstant, ownValue, propertyName, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import type { FunctionNode } from "./signature.js";
import { loopForms, type BodyContext, type Slot } from "./body-context.js";
import { evaluateCall } from "./body-tasks.js";
import { readIf, readTernary } from "./body-branches.js";
import { readForOf } from "./body-loops.js";
import { readTry } from "./body-exit-handlers.js";

export { incompatibility } from "./body-values.js";

export interface PipelineBody {
  tasks: TaskIR[];
  body: GroupIR;
  oneOfs: OneOfIR[];
  outputs: OutputIR[];
  returns: ReturnShape;
  outputSources: { name: string; source: ChannelRef }[];
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
  const ctx: BodyContext = { analyzer, diagnostics, selfKey, inputs, tasks, oneOfs, groups, bindings, slots, readingExitTask: false, evaluate, readStatement, readStatements, bindFields };

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
    if (Node.isIfStatement(statement)) return readIf(ctx, statement);
    if (Node.isForOfStatement(statement)) return readForOf(ctx, statement);
    if (Node.isTryStatement(statement)) return readTry(ctx, statement, top);
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
    if (Node.isCallExpression(node)) return evaluateCall(ctx, node);
    if (Node.isConditionalExpression(node)) return readTernary(ctx, node);
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
