import { resolve } from "node:path";
import type { Project, SourceFile, ts } from "ts-morph";

/** Re-reads changed files from disk (and adds new TypeScript files under `root`); returns the changed paths. */
export function refreshFiles(project: Project, files: readonly string[], root: string): Set<string> {
  const changed = new Set<string>();
  for (const file of files.map((f) => resolve(f))) {
    const source = project.getSourceFile(file);
    if (source) source.refreshFromFileSystemSync();
    else if (file.startsWith(root + "/") && !file.includes("/node_modules/") && /\.[cm]?tsx?$/.test(file)) project.addSourceFileAtPathIfExists(file);
    changed.add(file);
  }
  return changed;
}

/**
 * Who imports whom among a project's files, kept between rebuilds: an unchanged file keeps its syntax tree and,
 * while no file joins or leaves the project, its imports (found through the type checker, new after each change).
 */
export class ImportGraph {
  private files = "";
  private imports = new WeakMap<ts.SourceFile, readonly SourceFile[]>();

  /** The files among `sources` that are one of `files` or import one, directly or not. */
  importersOf(files: ReadonlySet<string>, sources: readonly SourceFile[]): Set<string> {
    const names = sources.map((s) => s.getFilePath()).sort().join("\0");
    if (names !== this.files) {
      this.files = names;
      this.imports = new WeakMap();
    }
    const importers = new Map<string, string[]>();
    for (const source of sources) {
      for (const imported of this.importsOf(source)) {
        const list = importers.get(imported.getFilePath()) ?? [];
        importers.set(imported.getFilePath(), list);
        list.push(source.getFilePath());
      }
    }
    const found = new Set<string>();
    const visit = (file: string) => {
      if (found.has(file)) return;
      found.add(file);
      importers.get(file)?.forEach(visit);
    };
    files.forEach(visit);
    return found;
  }

  private importsOf(source: SourceFile): readonly SourceFile[] {
    let found = this.imports.get(source.compilerNode);
    if (!found) this.imports.set(source.compilerNode, (found = source.getReferencedSourceFiles()));
    return found;
  }
}
