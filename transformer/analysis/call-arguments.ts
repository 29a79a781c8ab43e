// Which expression of a call feeds which input: positional arguments, or for a component written with one
// destructured object parameter, the fields of the object literal it is called with (`train({ data, epochs: 3 })`).
import { Node, type CallExpression } from "ts-morph";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { ComponentIR, InputIR, PipelineIR } from "../ir.js";
import { propertyName, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";

export interface MatchedArgument {
  readonly input: InputIR;
  /** The expression given for the input. */
  readonly node: Node;
}

/**
 * The arguments of `call` matched to the inputs of `definition`, reporting the ones that match nothing. The caller
 * reports required inputs left out: those not `covered`.
 */
export function matchArguments(definition: ComponentIR | PipelineIR, call: CallExpression, path: string, diagnostics: DiagnosticBag): Matching {
  return definition.kind === "component" && definition.namedArguments ? named(definition, call, path, diagnostics) : positional(definition, call, path, diagnostics);
}

/** The matched arguments, and the inputs an argument was written for (matched, or already reported). */
export interface Matching {
  readonly matched: MatchedArgument[];
  readonly covered: ReadonlySet<InputIR>;
}

function positional(definition: ComponentIR | PipelineIR, call: CallExpression, path: string, diagnostics: DiagnosticBag): Matching {
  const given = call.getArguments();
  const matched: MatchedArgument[] = [];
  given.forEach((node, i) => {
    const input = definition.inputs[i];
    if (Node.isSpreadElement(node)) {
      diagnostics.error(codes.argumentMismatch, "spread arguments are not supported", locationOf(node), "pass each input as its own argument");
    } else if (!input) {
      diagnostics.error(codes.argumentMismatch, `'${path}' takes ${definition.inputs.length} argument${definition.inputs.length === 1 ? "" : "s"}, got ${given.length}`, locationOf(node));
    } else {
      matched.push({ input, node });
    }
  });
  return { matched, covered: new Set(definition.inputs.slice(0, given.length)) };
}

function named(definition: ComponentIR, call: CallExpression, path: string, diagnostics: DiagnosticBag): Matching {
  const [first, ...extra] = call.getArguments();
  if (extra.length > 0) diagnostics.error(codes.argumentMismatch, `'${path}' takes one object of named inputs, got ${extra.length + 1} arguments`, locationOf(extra[0]!), `call it as ${path}({ ${definition.inputs.map((i) => i.name).join(", ")} })`);
  if (first === undefined) return { matched: [], covered: new Set() };
  const object = unwrapTransparent(first);
  if (!Node.isObjectLiteralExpression(object)) {
    diagnostics.error(codes.argumentMismatch, `'${path}' takes its inputs by name, in an object literal`, locationOf(first), `call it as ${path}({ ${definition.inputs.map((i) => i.name).join(", ")} })`);
    return { matched: [], covered: new Set(definition.inputs) };
  }
  const matched: MatchedArgument[] = [];
  for (const property of object.getProperties()) {
    const written = Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property) ? property : undefined;
    const name = written && propertyName(written.getNameNode());
    if (!written || name === undefined) {
      diagnostics.error(codes.argumentMismatch, "named inputs must be written `name: value` or `name`", locationOf(property), "spreads and computed names are not read by the compiler");
      continue;
    }
    const input = definition.inputs.find((i) => i.name === name);
    if (!input) {
      diagnostics.error(codes.argumentMismatch, `'${path}' has no input '${name}'`, locationOf(property), `its inputs are: ${definition.inputs.map((i) => i.name).join(", ")}`);
      continue;
    }
    matched.push({ input, node: Node.isPropertyAssignment(written) ? written.getInitializerOrThrow() : written.getNameNode() });
  }
  return { matched, covered: new Set(matched.map((m) => m.input)) };
}
