import type { Project } from "ts-morph";
import type { FunctionSpan } from "../analysis/location.js";
import { bodyEditsOf, type BodyEdit } from "./body-edit.js";
import type { WatchBundler } from "./watch-bundler.js";
import { refreshFiles, type ImportGraph, type RefreshedFiles } from "./watch-imports.js";

/** What a change of files means for a warm project: the first step of every rebuild (`build --watch`, `compile --watch`). */
export interface Change {
  /** The files read again; undefined for a first build. */
  readonly refreshed: RefreshedFiles | undefined;
  /** Every changed file's edit, when all of them lie inside function bodies no analysis reads: each analysis is kept, moved along. */
  readonly edits: ReadonlyMap<string, BodyEdit> | undefined;
  /** The components whose bundles read a changed file (for body edits, their rebuilds have started). */
  readonly rebundled: ReadonlySet<string> | undefined;
  /** The project's files that are a changed file or import one, directly or not; undefined for a first build. */
  readonly reached: ReadonlySet<string> | undefined;
}

export interface Warm {
  /** The folder whose new TypeScript files join the project. */
  readonly root: string;
  readonly bundler?: WatchBundler;
  /** Who imports whom, kept between rebuilds (learnt in the first build, while its program is there). */
  readonly imports?: ImportGraph;
  /** The bodies the last analyses read, when the last build ended clean (body edits are looked for only then). */
  readonly bodiesRead?: readonly FunctionSpan[];
}

/** Reads `changedFiles` again (none for a first build) and works out what the change reaches. */
export function changeOf(project: Project, changedFiles: readonly string[] | undefined, warm: Warm): Change {
  const refreshed = changedFiles && refreshFiles(project, changedFiles, warm.root);
  const edits = refreshed && warm.bodiesRead ? bodyEditsOf(project, refreshed, warm.bodiesRead) : undefined;
  // Before anything else: body edits start their bundles' rebuilds here.
  const rebundled = refreshed && warm.bundler?.changed(refreshed.changed, edits);
  const reached = warm.imports?.importersOf(refreshed?.changed ?? new Set(), project.getSourceFiles().filter((f) => !f.isInNodeModules()), new Set(edits?.keys()));
  return { refreshed, edits, rebundled, reached: refreshed && reached };
}
