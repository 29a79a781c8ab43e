import type { ComponentInterface } from "../../src/runtime/interface.js";
import type { Binding, ComponentIR } from "../ir.js";

/** Names appended as exports to user modules, so the entry can import bindings that were never exported. */
export interface InjectedExports {
  /** Per file: `local` binding → exported alias. */
  readonly byFile: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export interface Entry {
  readonly source: string;
  readonly injected: InjectedExports;
}

/** What the container runtime is told about the component: its inputs in parameter order and its outputs. */
export function runtimeInterface(component: ComponentIR): ComponentInterface {
  return {
    name: component.name,
    inputs: component.inputs.map((input) =>
      input.type.kind === "finalStatus"
        ? { name: input.name, kind: "parameter", type: "STRUCT", optional: true }
        : input.type.kind === "parameter"
        ? { name: input.name, kind: "parameter", type: input.type.parameterType, optional: input.optional }
        : { name: input.name, kind: "artifact", schemaTitle: input.type.artifact.schemaTitle, list: input.type.list, optional: input.optional },
    ),
    outputs: component.outputs.map((output) =>
      output.type.kind === "artifact"
        ? { name: output.name, kind: "artifact", schemaTitle: output.type.artifact.schemaTitle }
        : { name: output.name, kind: "parameter", type: output.type.kind === "parameter" ? output.type.parameterType : "STRUCT" },
    ),
    returns: component.returns,
  };
}

/**
 * The generated entry module of a component bundle: imports the component and any user-defined
 * artifact classes of its inputs, and hands them to the runtime's `execute`.
 */
export function entrySource(component: ComponentIR, runtimeModule: string): Entry {
  const byFile = new Map<string, Map<string, string>>();
  const inject = (binding: Binding, alias: string) => {
    const names = byFile.get(binding.file) ?? new Map<string, string>();
    byFile.set(binding.file, names);
    const existing = names.get(binding.local);
    if (existing) return existing;
    names.set(binding.local, alias);
    return alias;
  };
  const imports = [`import { execute } from ${JSON.stringify(runtimeModule)};`];
  const target = inject(component.binding, "__kfp_component");
  imports.push(`import { ${target} } from ${JSON.stringify(component.binding.file)};`);
  const classes: string[] = [];
  component.inputs.forEach((input, i) => {
    const userClass = input.type.kind === "artifact" ? input.type.artifact.userClass : undefined;
    if (!userClass) return;
    const alias = inject(userClass, `__kfp_artifact_class_${i}`);
    imports.push(`import { ${alias} } from ${JSON.stringify(userClass.file)};`);
    classes.push(`${JSON.stringify(input.name)}: ${alias}`);
  });
  const member = component.binding.member;
  const callee = member ? `${target}[${JSON.stringify(member)}]` : target;
  // The runtime passes inputs in order; a component with named arguments takes them as one object.
  const fields = component.inputs.map((input, i) => `${JSON.stringify(input.name)}: args[${i}]`).join(", ");
  const call = component.namedArguments ? `(...args) => ${callee}({ ${fields} })` : `(...args) => ${callee}(...args)`;
  const source = [
    ...new Set(imports),
    "",
    "await execute({",
    `  fn: ${call},`,
    `  interface: ${JSON.stringify(runtimeInterface(component))},`,
    `  artifactClasses: { ${classes.join(", ")} },`,
    "});",
    "",
  ].join("\n");
  return { source, injected: { byFile } };
}
