import type { Artifact } from "./artifacts.js";
import type { AnyFunction } from "./component.js";

// A container component's function is read by the compiler, never run: its parameters stand for the
// placeholders KFP substitutes when the container starts.

/** One item of a container's command or args. */
export type CommandItem = string | number | boolean | Placeholder;

/** `ifPresent(…)` and `concat(…)`: placeholders KFP expands into arguments. */
export interface Placeholder {
  readonly placeholder: "ifPresent" | "concat";
}

/** What a container component runs (`dsl.ContainerSpec`). */
export interface ContainerSpec {
  readonly image: string;
  readonly command?: readonly CommandItem[];
  readonly args?: readonly CommandItem[];
}

declare const outputsBrand: unique symbol;

/**
 * The outputs of a container component, declared as its last parameter: a parameter output is the path of the
 * file the container writes its value to (`dsl.OutputPath(str)`); an artifact output has `path`, `uri` and
 * `metadata` (`dsl.Output[Model]`).
 */
export type Outputs<O extends Record<string, unknown>> = { readonly [K in keyof O]: O[K] extends Artifact ? O[K] : string } & { readonly [outputsBrand]?: O };

/**
 * `then` when the input was given, else `otherwise` (`dsl.IfPresentPlaceholder`): `ifPresent(name, ["--name", name])`.
 * `input` is one of the container component's optional parameters.
 */
export function ifPresent(input: unknown, then: CommandItem | readonly CommandItem[], otherwise?: CommandItem | readonly CommandItem[]): Placeholder;
export function ifPresent(): never {
  return onlyInContainerComponents("ifPresent");
}

/** Its items joined into one argument when the container starts (`dsl.ConcatPlaceholder`). */
export function concat(...items: readonly CommandItem[]): Placeholder;
export function concat(): never {
  return onlyInContainerComponents("concat");
}

function onlyInContainerComponents(name: string): never {
  throw new Error(`${name}() describes a container's command line: it works only in a containerComponent(…) function, which kfp-ts compiles without running`);
}

/**
 * A component that runs a container image (`@dsl.container_component`): the function's parameters are its
 * inputs, an optional last parameter typed `Outputs<{ … }>` declares its outputs, and it returns the image,
 * command and args, written with the parameters (as template literals too), `ifPresent` and `concat`.
 *
 * ```ts
 * export const greet = containerComponent((name: string, out: Outputs<{ greeting: string }>) => ({
 *   image: "alpine", command: ["sh", "-c", `echo "hello ${name}" > "$0"`, out.greeting],
 * }));
 * ```
 */
export function containerComponent<P extends unknown[], O extends Record<string, unknown>>(fn: (...args: [...P, Outputs<O>]) => ContainerSpec): (...args: P) => O;
export function containerComponent<P extends unknown[]>(fn: (...args: P) => ContainerSpec): (...args: P) => void;
export function containerComponent(fn: AnyFunction): AnyFunction {
  return () => {
    throw new Error(`the container component ${fn.name || ""} runs only as a task of a compiled pipeline`);
  };
}
