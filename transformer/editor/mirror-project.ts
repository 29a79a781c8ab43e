import { Project, type ts } from "ts-morph";
import { libFolderOption } from "../analysis/typescript-lib.js";

/** What the mirror needs from a host program: its options and, per file, a version and the current text. */
export interface ProgramFiles {
  readonly compilerOptions: ts.CompilerOptions;
  /** The program's own (not library, not node_modules) source files. */
  fileNames(): readonly string[];
  version(fileName: string): string;
  text(fileName: string): string | undefined;
}

/**
 * A ts-morph Project that mirrors another program's files, unsaved edits included. ts-morph carries its own
 * TypeScript, so the analysis cannot walk tsserver's Program directly; the mirror re-parses only the files
 * whose version changed, and ts-morph rebuilds its program reusing the unchanged ones.
 */
export class MirrorProject {
  readonly project: Project;
  private readonly versions = new Map<string, string>();

  constructor(compilerOptions: ts.CompilerOptions) {
    this.project = new Project({ compilerOptions: { ...compilerOptions, noEmit: true }, ...libFolderOption() });
  }

  /** Brings the mirror up to date with `files`; returns true when anything changed. */
  sync(files: ProgramFiles): boolean {
    let changed = false;
    const wanted = new Set(files.fileNames());
    for (const fileName of wanted) {
      const version = files.version(fileName);
      if (this.versions.get(fileName) === version) continue;
      const text = files.text(fileName);
      if (text === undefined) continue;
      this.project.createSourceFile(fileName, text, { overwrite: true });
      this.versions.set(fileName, version);
      changed = true;
    }
    for (const fileName of [...this.versions.keys()]) {
      if (wanted.has(fileName)) continue;
      const source = this.project.getSourceFile(fileName);
      if (source) this.project.removeSourceFile(source);
      this.versions.delete(fileName);
      changed = true;
    }
    return changed;
  }
}
