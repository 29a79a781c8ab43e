// `kfp-ts import`: component YAML files (or directories of them) to one typed TypeScript module.
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ComponentYamlError, readComponentYaml } from "./component-yaml.js";
import { importModule, type ImportedFile } from "./typescript.js";

export { ComponentYamlError, parseComponentYaml, readComponentYaml, type ImportedDefinition } from "./component-yaml.js";

export interface ImportResult {
  /** The module's text. */
  readonly text: string;
  readonly imported: readonly ImportedFile[];
  /** YAML files that could not be imported, and why. */
  readonly failures: readonly { readonly file: string; readonly reason: string }[];
}

/** Reads every component YAML in `paths` (files, or directories searched for `*.yaml` / `*.yml`) for a module at `outFile`. */
export function importComponents(paths: readonly string[], outFile: string): ImportResult {
  const imported: ImportedFile[] = [];
  const failures: { file: string; reason: string }[] = [];
  for (const file of paths.flatMap((path) => yamlFiles(resolve(path)))) {
    try {
      imported.push({ file, definition: readComponentYaml(file) });
    } catch (error) {
      if (!(error instanceof ComponentYamlError)) throw error;
      failures.push({ file, reason: error.message });
    }
  }
  return { text: importModule(imported, resolve(outFile)), imported, failures };
}

function yamlFiles(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new ComponentYamlError(`cannot find ${path}`);
  }
  if (!stats.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? yamlFiles(join(path, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(path, entry.name)] : []));
}
