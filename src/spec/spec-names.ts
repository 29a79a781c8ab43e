import { unsafeNameProblem, quoteName } from "./names.js";
import { dagsOf, type PipelineSpec } from "./pipeline-spec.js";

/** A name in a spec that the local runner must not use, with the field that holds it. */
export interface UnsafeName {
  /** Where the name is, such as `root.dag.tasks` or `components.comp-a.outputDefinitions.artifacts`. */
  readonly field: string;
  readonly name: string;
  readonly problem: string;
}

/** The names of a spec that become paths of a local run (pipeline, tasks, outputs) and are not safe. */
export function unsafeSpecNames(spec: PipelineSpec): UnsafeName[] {
  const found: UnsafeName[] = [];
  const check = (field: string, name: string) => {
    const problem = unsafeNameProblem(name);
    if (problem) found.push({ field, name, problem });
  };
  check("pipelineInfo.name", spec.pipelineInfo.name);
  for (const [owner, dag] of dagsOf(spec)) {
    const where = owner === "root" ? "root.dag.tasks" : `components.${owner}.dag.tasks`;
    for (const name of Object.keys(dag.tasks)) check(where, name);
  }
  const components: [string, PipelineSpec["root"] | NonNullable<PipelineSpec["components"]>[string]][] = [["root", spec.root], ...Object.entries(spec.components ?? {})];
  for (const [name, component] of components) {
    const owner = name === "root" ? "root" : `components.${name}`;
    for (const output of Object.keys(component.outputDefinitions?.parameters ?? {})) check(`${owner}.outputDefinitions.parameters`, output);
    for (const output of Object.keys(component.outputDefinitions?.artifacts ?? {})) check(`${owner}.outputDefinitions.artifacts`, output);
  }
  return found;
}

/** One line per unsafe name: `root.dag.tasks: "../x" is not a safe name: it contains a path separator`. */
export function describeUnsafeNames(names: readonly UnsafeName[]): string {
  return names.slice(0, 5).map((n) => `  ${n.field}: ${quoteName(n.name)} is not a safe name: ${n.problem}`).join("\n")
    + (names.length > 5 ? `\n  … and ${names.length - 5} more` : "");
}

/**
 * Keys named `__proto__` in a parsed document, outside values (defaults and constants), where a
 * JavaScript object would silently drop them: their paths, such as `root.inputDefinitions.parameters`.
 */
export function prototypeKeys(document: unknown, path = "", inValue = false): string[] {
  if (typeof document !== "object" || document === null || inValue) return [];
  if (Array.isArray(document)) return document.flatMap((item, i) => prototypeKeys(item, `${path}[${i}]`));
  const found: string[] = [];
  for (const [key, child] of Object.entries(document)) {
    if (key === "__proto__") found.push(path || "(document)");
    found.push(...prototypeKeys(child, path ? `${path}.${key}` : key, key === "defaultValue" || key === "constant"));
  }
  return found;
}
