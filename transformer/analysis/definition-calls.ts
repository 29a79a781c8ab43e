import { Node, type Project } from "ts-morph";
import type { DslSymbols } from "./dsl.js";
import { unwrapTransparent } from "./literals.js";

/** A module-level `component(…)` or `pipeline(…)` call: where it starts in its file, and its callee as written. */
export interface DefinitionCall {
  readonly start: number;
  readonly callee: string;
}

/**
 * The module-level definition calls of each of the program's own files (not kfp-ts, not node_modules).
 * The bundler marks them pure, so a component's bundle drops the definitions it does not reach: its
 * sibling components and the pipelines of its module.
 */
export function definitionCalls(project: Project, dsl: DslSymbols): Map<string, DefinitionCall[]> {
  const byFile = new Map<string, DefinitionCall[]>();
  for (const compiled of project.getProgram().compilerObject.getSourceFiles()) {
    const file = compiled.fileName;
    if (compiled.isDeclarationFile || file.includes("/node_modules/") || file.startsWith(dsl.directory + "/")) continue;
    const source = project.getSourceFileOrThrow(file);
    const initializers = [
      ...source.getVariableStatements().flatMap((statement) => statement.getDeclarations().map((d) => d.getInitializer())),
      ...source.getExportAssignments().map((assignment) => assignment.getExpression()),
    ];
    const calls: DefinitionCall[] = [];
    for (const initializer of initializers) {
      const call = initializer && unwrapTransparent(initializer);
      if (!call || !Node.isCallExpression(call)) continue;
      const kind = dsl.functionKind(call.getExpression());
      if (kind === "component" || kind === "pipeline") calls.push({ start: call.getStart(), callee: call.getExpression().getText() });
    }
    if (calls.length > 0) byFile.set(file, calls);
  }
  return byFile;
}
