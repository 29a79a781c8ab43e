import type { ComponentOptions } from "./component.js";
import type { PipelineOptions } from "./pipeline.js";

/** Where a pipeline was defined, read from the call stack when it is defined. */
export interface DefinitionSite {
  file: string;
  line: number;
  column: number;
}

export type Definition =
  | { readonly kind: "component"; readonly options: ComponentOptions }
  | { readonly kind: "pipeline"; readonly options: PipelineOptions; readonly site: DefinitionSite | undefined };

// A global symbol, so that definitions made by another copy of kfp-ts are still recognised.
const definitionKey = Symbol.for("kfp-ts.definition");

export function defineOn<F extends object>(fn: F, definition: Definition): F {
  Object.defineProperty(fn, definitionKey, { value: definition, enumerable: false });
  return fn;
}

/** The kfp-ts definition attached to a component or pipeline function, if any. */
export function definitionOf(fn: unknown): Definition | undefined {
  if (typeof fn !== "function") return undefined;
  return (fn as unknown as Record<symbol, Definition | undefined>)[definitionKey];
}

/** The file, line and column of the user code that called into the DSL. */
export function callerSite(): DefinitionSite | undefined {
  const frames = (new Error().stack?.split("\n") ?? []).map(locationOf).filter((l) => l !== undefined);
  const dslDir = frames[0] && dirOf(frames[0].file);
  return frames.find((frame) => dirOf(frame.file) !== dslDir);
}

function dirOf(file: string): string {
  return file.slice(0, Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")));
}

function locationOf(frame: string): DefinitionSite | undefined {
  const match = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?\s*$/.exec(frame);
  if (!match) return undefined;
  const file = match[1]!.startsWith("file://") ? decodeURIComponent(new URL(match[1]!).pathname) : match[1]!;
  return { file, line: Number(match[2]), column: Number(match[3]) };
}
