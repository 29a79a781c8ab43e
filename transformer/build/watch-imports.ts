import { resolve } from "node:path";
import type { Project, SourceFile, ts } from "ts-morph";

export interface RefreshedFiles {
  readonly changed: Set<string>;
  /** The syntax trees the changed files had before (none for a file new to the project). */
  readonly before: ReadonlyMap<string, ts.SourceFile>;
}

/** Re-reads changed files from disk (and adds new TypeScript files under `root`). */
export function refreshFiles(project: Project, files: readonly string[], root: string): RefreshedFiles {
  const changed = new Set<string>();
  const before = new Map<string, ts.SourceFile>();
  for (const file of files.map((f) => resolve(f))) {
    const source = project.getSourceFile(file);
    if (source) {
      before.set(file, source.compilerNode);
      source.refreshFromFileSystemSync();
    } else if (file.startsWith(root + "/") && !file.includes("/node_modules/") && /\.[cm]?tsx?$/.test(file)) project.addSourceFileAtPathIfExists(file);
    changed.add(file);
  }
  return { changed, before };
}

/**
 * Who imports whom among a project's files, kept between rebuilds: a file keeps its imports while its syntax tree
 * is unchanged (or its edit could not touch them) and no file joins or leaves the project; others are found
 * again through the type checker.
 */
export class ImportGraph {
  private files = "";
  private imports = new Map<string, { readonly tree: ts.SourceFile; readonly imports: readonly string[] }>();

  /** The files among `sources` that are one of `files` or import one, directly or not. */
  importersOf(files: ReadonlySet<string>, sources: readonly SourceFile[], sameImports: ReadonlySet<string> = new Set()): Set<string> {
    const names = sources.map((s) => s.getFilePath()).sort().join("\0");
    if (names !== this.files) {
      this.files = names;
      this.imports.clear();
    }
    const importers = new Map<string, string[]>();
    for (const source of sources) {
      for (const imported of this.importsOf(source, sameImports)) {
        const list = importers.get(imported) ?? [];
        importers.set(imported, list);
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

  private importsOf(source: SourceFile, sameImports: ReadonlySet<string>): readonly string[] {
    const path = source.getFilePath();
    const known = this.imports.get(path);
    const tree = source.compilerNode;
    if (known && (known.tree === tree || sameImports.has(path))) {
      this.imports.set(path, { tree, imports: known.imports });
      return known.imports;
    }
    const imports = source.getReferencedSourceFiles().map((f) => f.getFilePath());
    this.imports.set(path, { tree, imports });
    return imports;
  }
}
