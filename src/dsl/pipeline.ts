import type { AnyFunction, StaticMethodDecorator } from "./component.js";
import { callerSite, defineOn } from "./definition.js";

export interface PipelineOptions {
  /** `pipelineInfo.name`: lowercase letters, digits and dashes. Default: the function's name in kebab case. */
  readonly name?: string;
  /** Default: the JSDoc description of the pipeline. */
  readonly description?: string;
  readonly displayName?: string;
  /** The default pipeline root, such as `gs://bucket/path/`. */
  readonly root?: string;
}

/**
 * Marks a function as a pipeline. Its parameters are the pipeline's
 * parameters, each component call in its body is a task, and its return
 * value becomes the pipeline's outputs.
 *
 * ```ts
 * export const producerConsumer = pipeline({ name: "producer-consumer" }, (text = "hi") => {
 *   echo(echo(text));
 * });
 * ```
 */
export function pipeline<F extends AnyFunction>(options: PipelineOptions, fn: F): F;
export function pipeline(options?: PipelineOptions): StaticMethodDecorator;
export function pipeline(options: PipelineOptions = {}, fn?: AnyFunction): AnyFunction | StaticMethodDecorator {
  const site = callerSite();
  if (typeof fn === "function") return defineOn(fn, { kind: "pipeline", options, site });
  const decorator: StaticMethodDecorator = (method, context: ClassMethodDecoratorContext) => {
    if (context.kind !== "method" || !context.static) {
      throw new TypeError(`@pipeline() applies to static methods; '${String(context.name)}' is not one`);
    }
    return defineOn(method, { kind: "pipeline", options, site });
  };
  return decorator;
}
