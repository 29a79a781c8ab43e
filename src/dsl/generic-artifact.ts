// KFP's artifact compatibility in TypeScript's types: `system.Artifact` is compatible with every artifact type in
// both directions. A Dataset already fits an Artifact input (it is a subclass); these types let a component's
// generic `Artifact` output feed a Dataset, Model, … input, while a Dataset passed to a Model input stays an error.
import type { Artifact } from "./artifacts.js";

declare const genericArtifact: unique symbol;

/** A component's output typed as the generic `Artifact`, as a pipeline sees it: every artifact input takes it. */
export type GenericArtifact = Artifact & { readonly [genericArtifact]: true };

/** Exactly the base `Artifact` (its schema title is any string), not one of its typed subclasses. */
type IsGeneric<T> = [T] extends [Artifact] ? (string extends T["schemaTitle"] ? true : false) : false;

/** An output type as a pipeline sees it: generic artifacts are marked. */
type Marked<T> = IsGeneric<T> extends true ? GenericArtifact
  : T extends Artifact ? T
  : T extends readonly unknown[] ? { [K in keyof T]: Marked<T[K]> }
  : T extends Record<string, unknown> ? { [K in keyof T]: Marked<T[K]> }
  : T;

/** An input type as a pipeline sees it: a typed artifact input also takes a generic artifact. */
type Accepting<T> = IsGeneric<T> extends true ? T
  : [T] extends [Artifact] ? T | GenericArtifact
  : [T] extends [readonly Artifact[]] ? { [K in keyof T]: Accepting<T[K]> }
  : [T] extends [Record<string, unknown>] ? { [K in keyof T]: Accepting<T[K]> } // named arguments: one object of inputs
  : T;

/** A component as a pipeline calls it: the function's own signature, with KFP's artifact compatibility. */
export type ComponentFunction<F> = F extends (...args: infer A) => infer R
  ? (...args: { [K in keyof A]: Accepting<A[K]> }) => R extends Promise<infer V> ? Promise<Marked<V>> : Marked<R>
  : F;
