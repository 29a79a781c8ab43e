import type { Project, SourceFile } from "ts-morph";
import { reportTypeErrors } from "../analysis/index.js";
import { DiagnosticBag, type Diagnostic } from "../diagnostics.js";

/**
 * TypeScript's errors per file, kept between rebuilds: a change reaches only the diagnostics of the changed
 * files and of those that import them, which are checked again; every other file keeps its last check's.
 */
export class TypeErrorsByFile {
  private readonly found = new Map<string, readonly Diagnostic[]>();

  /** The errors of `source`: checked again when `stale` or never checked. */
  of(project: Project, source: SourceFile, stale: boolean): readonly Diagnostic[] {
    const file = source.getFilePath();
    let errors = this.found.get(file);
    if (!errors || stale) {
      const bag = new DiagnosticBag();
      reportTypeErrors(project, source, bag);
      this.found.set(file, (errors = bag.items));
    }
    return errors;
  }

  /** Forgets files that left the project. */
  keepOnly(files: ReadonlySet<string>): void {
    for (const file of this.found.keys()) if (!files.has(file)) this.found.delete(file);
  }
}
