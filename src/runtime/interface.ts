import type { ArtifactClass } from "../dsl/artifacts.js";
import type { ParameterType } from "../spec/parameter-type.js";

/** One parameter of the component function, in declaration order. */
export type InputSlot =
  | { readonly name: string; readonly kind: "parameter"; readonly type: ParameterType; readonly optional: boolean }
  | {
      readonly name: string;
      readonly kind: "artifact";
      readonly schemaTitle: string;
      readonly list: boolean;
      readonly optional: boolean;
    };

export type OutputSlot =
  | { readonly name: string; readonly kind: "parameter"; readonly type: ParameterType }
  | { readonly name: string; readonly kind: "artifact"; readonly schemaTitle: string };

/** What the container runtime needs to know of a component: the compiler writes it into the bundle's entry. */
export interface ComponentInterface {
  readonly name: string;
  readonly inputs: readonly InputSlot[];
  readonly outputs: readonly OutputSlot[];
  /** How the return value maps to outputs: nothing, the one output `Output`, or one output per field. */
  readonly returns: "none" | "single" | "named";
}

export interface ExecutableComponent {
  readonly fn: (...args: unknown[]) => unknown;
  readonly interface: ComponentInterface;
  /** User-defined artifact classes of the inputs, by input name. Built-in classes are found by schema title. */
  readonly artifactClasses?: Readonly<Record<string, ArtifactClass>>;
}
