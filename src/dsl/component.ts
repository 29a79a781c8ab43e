import { defineOn } from "./definition.js";
import type { ComponentFunction } from "./generic-artifact.js";

/** Any function. (`never` parameters give no contextual types, so `(text = "hi") => …` infers `text: string`.) */
export type AnyFunction = (...args: never) => unknown;

export interface ComponentOptions {
  /** The image the bundled component runs on. Default: the compile's `--image`, else `node:22-slim`. */
  readonly image?: string;
  /** Containerized mode: the image built from this component's build context (Dockerfile and bundle). */
  readonly targetImage?: string;
}

/** A decorator for a static method. */
export type StaticMethodDecorator = <F extends AnyFunction>(
  method: F,
  context: ClassMethodDecoratorContext & { readonly static: true },
) => F;

/**
 * Marks a typed function as a pipeline component. Its parameters become the
 * component's inputs and its return value its outputs; calling it in a
 * pipeline body adds a task.
 *
 * ```ts
 * export const echo = component((text: string): string => text);
 * class Steps { @component() static echo(text: string): string { return text; } }
 * ```
 */
export function component<F extends AnyFunction>(fn: F): ComponentFunction<F>;
export function component<F extends AnyFunction>(options: ComponentOptions, fn: F): ComponentFunction<F>;
export function component(options?: ComponentOptions): StaticMethodDecorator;
export function component(
  first?: ComponentOptions | AnyFunction,
  second?: AnyFunction,
): unknown {
  if (typeof first === "function") return defineOn(first, { kind: "component", options: {} });
  const options = first ?? {};
  if (typeof second === "function") return defineOn(second, { kind: "component", options });
  const decorator: StaticMethodDecorator = (method, context: ClassMethodDecoratorContext) => {
    if (context.kind !== "method" || !context.static) {
      throw new TypeError(`@component() applies to static methods; '${String(context.name)}' is not one`);
    }
    return defineOn(method, { kind: "component", options });
  };
  return decorator;
}
