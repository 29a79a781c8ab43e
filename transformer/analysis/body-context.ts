import type { Node, Statement, ts } from "ts-morph";
import type { DiagnosticBag } from "../diagnostics.js";
import type { InputIR, OneOfIR, TaskIR } from "../ir.js";
import type { GroupBuilder, GroupDraft } from "./body-groups.js";
import type { Value } from "./body-values.js";
import type { DefinitionAnalyzer } from "./definitions.js";

/**
 * What reading one pipeline body builds up, shared by its readers (statements and values here; task calls,
 * branches, loops and exit handlers in their own files), and the readers the others call back into.
 */
export interface BodyContext {
  readonly analyzer: DefinitionAnalyzer;
  readonly diagnostics: DiagnosticBag;
  /** The key of the pipeline being read: a call of it is a recursion. */
  readonly selfKey: string;
  /** The pipeline's inputs. */
  readonly inputs: readonly InputIR[];
  readonly tasks: TaskIR[];
  readonly oneOfs: OneOfIR[];
  readonly groups: GroupBuilder;
  /** The value each declaration (a `const`, a parameter, a destructured field, a loop variable) stands for. */
  readonly bindings: Map<ts.Node, Value>;
  readonly slots: Map<ts.Node, Slot>;
  /** Set while the call in a `finally` block is read: its task is the exit task. */
  readingExitTask: boolean;
  evaluate(expression: Node): Value;
  readStatement(statement: Statement, top: boolean): void;
  readStatements(statements: readonly Statement[], top: boolean): void;
  bindFields(pattern: Node, value: Value): void;
}

/** A `let` without a value, to be assigned in every branch of an `if`/`else` (a OneOf). */
export interface Slot {
  readonly name: string;
  readonly at: Node;
  readonly assigned: Map<GroupDraft, { value: Value; at: Node }>;
}

export const loopForms = "`for (const x of items) { … }` or `items.map((x) => …)` (with `parallel(items, { parallelism })` to limit it)";
