// The TypeScript module `kfp-ts import` writes: one typed `importedComponent(…)` per component YAML.
import { dirname, relative, sep } from "node:path";
import type { InputIR, OutputIR, ValueType } from "../ir.js";
import type { ImportedDefinition } from "./component-yaml.js";

/** The artifact classes kfp-ts exports, by schema title. */
const builtInClasses: Record<string, string> = {
  "system.Artifact": "Artifact", "system.Dataset": "Dataset", "system.Model": "Model", "system.Metrics": "Metrics",
  "system.ClassificationMetrics": "ClassificationMetrics", "system.SlicedClassificationMetrics": "SlicedClassificationMetrics",
  "system.HTML": "HTML", "system.Markdown": "Markdown",
};

export interface ImportedFile {
  /** The YAML file, absolute. */
  readonly file: string;
  readonly definition: ImportedDefinition;
}

/** The module text for `files`, written to `outFile` (YAML paths are relative to it). */
export function importModule(files: readonly ImportedFile[], outFile: string): string {
  const dslImports = new Set<string>(["importedComponent"]);
  const typeImports = new Set<string>();
  const customClasses = new Map<string, { name: string; version: string }>();
  const classOf = (schemaTitle: string, schemaVersion: string): string => {
    const builtIn = builtInClasses[schemaTitle];
    if (builtIn) {
      dslImports.add(builtIn);
      return builtIn;
    }
    const known = customClasses.get(schemaTitle);
    if (known) return known.name;
    const base = pascalCase(schemaTitle.split(".").pop() ?? "Artifact");
    const taken = new Set([...Object.values(builtInClasses), ...[...customClasses.values()].map((c) => c.name)]);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    customClasses.set(schemaTitle, { name, version: schemaVersion });
    dslImports.add("artifactType");
    return name;
  };
  const tsType = (type: ValueType): string => {
    if (type.kind === "finalStatus") {
      typeImports.add("PipelineTaskFinalStatus");
      return "PipelineTaskFinalStatus";
    }
    if (type.kind === "artifact") return `${classOf(type.artifact.schemaTitle, type.artifact.schemaVersion)}${type.list ? "[]" : ""}`;
    switch (type.parameterType) {
      case "STRING": return "string";
      case "NUMBER_INTEGER": typeImports.add("Int"); return "Int";
      case "NUMBER_DOUBLE": return "number";
      case "BOOLEAN": return "boolean";
      case "LIST": typeImports.add("JsonValue"); return "JsonValue[]";
      case "STRUCT": typeImports.add("JsonValue"); return "Record<string, JsonValue>";
    }
  };

  const taken = new Set<string>(["importedComponent", "artifactType", ...Object.values(builtInClasses)]);
  const exports = files.map(({ file, definition }) => {
    let name = camelCase(definition.name) || "component";
    if (reserved.has(name)) name = `${name}Component`;
    const base = name;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    const inputs = objectType(definition.inputs, tsType, "  ");
    const outputs = outputsType(definition.outputs, tsType);
    let path = relative(dirname(outFile), file).split(sep).join("/");
    if (!path.startsWith(".")) path = `./${path}`;
    const kind = definition.implementation.kind === "graph" ? "A pipeline (imported as a sub-DAG)" : `Runs \`${definition.implementation.container.image}\``;
    const doc = jsDoc([...(definition.description ? [definition.description, ""] : []), `${kind}, from ${path}.`], "");
    return `${doc}export const ${name} = importedComponent<${inputs}, ${outputs}>(${JSON.stringify(path)});\n`;
  });

  const classes = [...customClasses].map(([title, { name, version }]) => `/** Artifacts of type \`${title}\`. */\nexport class ${name} extends artifactType(${JSON.stringify(title)}, ${JSON.stringify(version)}) {}\n`);
  const importLine = `import { ${[...dslImports].sort().join(", ")}${[...typeImports].sort().map((t) => `, type ${t}`).join("")} } from "kfp-ts";`;
  return [
    "// Written by `kfp-ts import`: typed components for component YAML files. Regenerate rather than edit.",
    importLine,
    "",
    ...classes,
    ...exports,
  ].join("\n");
}

function objectType(items: readonly (InputIR | OutputIR)[], tsType: (type: ValueType) => string, indent: string): string {
  if (items.length === 0) return "{}";
  const fields = items.map((item) => {
    const optional = "optional" in item && item.optional ? "?" : "";
    const lines = [...(item.description ? [item.description] : []), ...("defaultValue" in item && item.defaultValue !== undefined ? [`@defaultValue ${JSON.stringify(item.defaultValue)}`] : [])];
    return `${jsDoc(lines, indent)}${indent}${propertyKey(item.name)}${optional}: ${tsType(item.type)};\n`;
  });
  return `{\n${fields.join("")}}`;
}

function outputsType(outputs: readonly OutputIR[], tsType: (type: ValueType) => string): string {
  if (outputs.length === 0) return "void";
  if (outputs.length === 1 && outputs[0]!.name === "Output") return tsType(outputs[0]!.type);
  return objectType(outputs, tsType, "  ");
}

function jsDoc(lines: readonly string[], indent: string): string {
  const text = lines.join("\n").replaceAll("*/", "*\\/").trimEnd();
  if (!text) return "";
  if (!text.includes("\n")) return `${indent}/** ${text} */\n`;
  const body = text.split("\n").map((line) => `${indent} *${line.trim() ? ` ${line.trimEnd()}` : ""}`);
  return `${indent}/**\n${body.join("\n")}\n${indent} */\n`;
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function camelCase(name: string): string {
  const result = words(name).map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join("");
  return /^[0-9]/.test(result) ? `_${result}` : result;
}

function pascalCase(name: string): string {
  const result = words(name).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return /^[0-9]/.test(result) ? `_${result}` : result;
}

const reserved = new Set(["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export",
  "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this",
  "throw", "true", "try", "typeof", "var", "void", "while", "with", "let", "static", "yield", "await", "implements", "interface", "package",
  "private", "protected", "public"]);
