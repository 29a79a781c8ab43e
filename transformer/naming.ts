// Names as KFP makes them (sdk/python/kfp/dsl/utils.py), from TypeScript identifiers.
import { createHash } from "node:crypto";

/** KFP's Kubernetes-style sanitizer: lowercase, runs of other characters become `-`, no leading or trailing `-`. */
export function sanitizeK8sName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-0-9a-z]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The KFP component name of a function: `helloWorld` and `hello_world` both give `hello-world`,
 * the same name the Python SDK gives `def hello_world`. An identifier with no ASCII letter or digit
 * (`données` keeps `donn-es`, but `π`, `$` or `_` keep nothing) is named `component-<hash of it>`.
 */
export function componentNameOf(identifier: string): string {
  const words = identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/_/g, " ");
  return sanitizeK8sName(words) || `component-${createHash("sha256").update(identifier).digest("hex").slice(0, 8)}`;
}

/** `name`, or `name-2`, `name-3`, … : the first not in `taken` (KFP's `make_name_unique_by_adding_index`). */
export function uniqueName(name: string, taken: { has(name: string): boolean }): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * A pipeline's name as the Python SDK makes it (sanitized, then checked against
 * `^[a-z0-9][a-z0-9-]{0,127}$`, the rule of Vertex AI and the KFP backend):
 * `mixed_parameters-pipeline` becomes `mixed-parameters-pipeline`. Returns why no valid name comes out of it.
 */
export function pipelineNameOf(requested: string): { name: string; problem?: string } {
  const name = sanitizeK8sName(requested);
  if (name.length === 0) return { name, problem: `pipeline name '${requested}' has no letters or digits` };
  if (name.length > 128) return { name, problem: `pipeline name '${name}' is ${name.length} characters long: KFP and Vertex AI allow at most 128` };
  return { name };
}
