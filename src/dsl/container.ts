import type { Artifact, ArtifactMetadata } from "./artifacts.js";
import type { AnyFunction } from "./component.js";

// A container component's function is read by the compiler, never run: its parameters stand for the
// placeholders KFP substitutes when the container starts.

/**
 * One item of a container's command or args: text, an input (an optional one inside `ifPresent`), an output's
 * path, an artifact's `path`, `uri` or `metadata`, or a placeholder.
 */
export type CommandItem = string | number | boolean | undefined | ArtifactMetadata | Placeholder;

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
 * The outputs of a container component, declared as its first parameter: a parameter output is the path of the
 * file the container writes its value to (`dsl.OutputPath(str)`); an artifact output has `path`, `uri` and
 * `metadata` (`dsl.Output[Model]`).
 */
export type Outputs<O extends Record<string, unknown>> = { readonly [K in keyof O]: O[K] extends Artifact ? O[K] : string } & { readonly [outputsBrand]?: O };

type DeclaresOutputs<P> = P extends readonly [infer First, ...unknown[]] ? (typeof outputsBrand extends keyof First ? true : false) : false;

/** The inputs of a container component's function: its parameters, after `Outputs<{ … }>` if it declares one. */
export type ContainerInputs<F extends (...args: never) => unknown> =
  DeclaresOutputs<Parameters<F>> extends true ? (Parameters<F> extends [unknown, ...infer Rest] ? Rest : never) : Parameters<F>;

/** The outputs a container component's `Outputs<{ … }>` parameter declares; void without one. */
export type ContainerOutputs<F extends (...args: never) => unknown> =
  DeclaresOutputs<Parameters<F>> extends true ? (Parameters<F>[0] extends { readonly [outputsBrand]?: infer O } ? O : never) : void;

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
 * A component that runs a container image (`@dsl.container_component`): a first parameter typed
 * `Outputs<{ … }>` declares its outputs (leave it out for none), the other parameters are its inputs, and it
 * returns the image, command and args, written with the parameters (in template literals too), `ifPresent`
 * and `concat`. Calling it in a pipeline passes the inputs only and gives the outputs.
 *
 * ```ts
 * export const greet = containerComponent((out: Outputs<{ greeting: string }>, name: string) => ({
 *   image: "alpine", command: ["sh", "-c", `echo "hello ${name}" > "$0"`, out.greeting],
 * }));
 * ```
 */
export function containerComponent<F extends (...args: never) => ContainerSpec>(fn: F): (...args: ContainerInputs<F>) => ContainerOutputs<F>;
export function containerComponent(fn: AnyFunction): AnyFunction {
  return () => {
    throw new Error(`the container component ${fn.name || ""} runs only as a task of a compiled pipeline`);
  };
}
