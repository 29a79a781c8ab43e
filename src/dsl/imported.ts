/**
 * A component defined by a component YAML file: called with one object of named inputs, it gives its
 * outputs. Optional when every input is.
 */
export type ImportedComponent<Inputs extends object, Outputs> = {} extends Inputs
  ? (inputs?: Inputs) => Outputs
  : (inputs: Inputs) => Outputs;

/**
 * A component YAML file (compiled KFP IR or the v1 format), typed. `kfp-ts import` writes these calls;
 * the compiler reads the YAML at `path` (relative to the module that calls this) and embeds its component
 * spec and executor unchanged, as the Python SDK's `load_component_from_file` does. The type arguments
 * are the inputs (by KFP name) and the outputs (an object of named outputs, or the `Output` value).
 *
 * ```ts
 * export const train = importedComponent<{ project: string; epochs?: Int }, { model: Model }>("./train.yaml");
 * ```
 */
export function importedComponent<Inputs extends object, Outputs = void>(path: string): ImportedComponent<Inputs, Outputs> {
  const run = () => {
    throw new Error(`the component imported from ${path} runs only as a task of a compiled pipeline`);
  };
  return run as unknown as ImportedComponent<Inputs, Outputs>;
}
