import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { isRemoteUri } from "../dsl/uri.js";
import type { ComponentSpec, ContainerSpec } from "../spec/pipeline-spec.js";
import type { ArtifactRecord, MetadataStore, TaskDetail, TaskRow } from "./store.js";

/**
 * The fields of KFP's `CacheKey` (api/v2alpha1/cache_key.proto), as the backend fills them:
 * input artifacts by identity, input parameter values, the output interface, and the container.
 * The command and args are kept as their SHA-256 (an embedded bundle is large, and the key is stored per task).
 */
export interface CacheKey {
  inputArtifactNames: Record<string, { artifactNames: string[] }>;
  inputParameterValues: Record<string, unknown>;
  outputArtifactsSpec: Record<string, { artifactType: { schemaTitle: string; schemaVersion?: string } }>;
  outputParametersSpec: Record<string, string>;
  containerSpec: { image: string; cmdArgsSha256: string };
}

export function cacheKeyOf(
  component: ComponentSpec,
  container: ContainerSpec,
  parameters: Record<string, unknown>,
  artifacts: Record<string, readonly ArtifactRecord[]>,
): CacheKey {
  return {
    inputArtifactNames: Object.fromEntries(Object.entries(artifacts).map(([name, list]) => [name, { artifactNames: list.map((a) => String(a.id)) }])),
    inputParameterValues: parameters,
    outputArtifactsSpec: Object.fromEntries(Object.entries(component.outputDefinitions?.artifacts ?? {}).map(([name, spec]) => [name, { artifactType: spec.artifactType }])),
    outputParametersSpec: Object.fromEntries(Object.entries(component.outputDefinitions?.parameters ?? {}).map(([name, spec]) => [name, spec.parameterType])),
    containerSpec: { image: container.image, cmdArgsSha256: commandDigest(container) },
  };
}

const digests = new WeakMap<ContainerSpec, string>();

/** The SHA-256 of a container's command and args, computed once per container spec. */
function commandDigest(container: ContainerSpec): string {
  let digest = digests.get(container);
  if (!digest) {
    digest = createHash("sha256").update(JSON.stringify([...(container.command ?? []), ...(container.args ?? [])])).digest("hex");
    digests.set(container, digest);
  }
  return digest;
}

/** The hex SHA-256 fingerprint: of the key, or of `componentRef + NUL + cacheKey` when the task sets its own key. */
export function fingerprintOf(key: CacheKey, componentRef: string, customKey: string | undefined): string {
  const text = customKey !== undefined ? `${componentRef}\0${customKey}` : canonicalJson(key);
  return createHash("sha256").update(text).digest("hex");
}

/** JSON with object keys sorted, so equal keys give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}

/** True when every file or directory a cached execution wrote is still there. */
export function outputsStillExist(store: MetadataStore, execution: TaskDetail): boolean {
  return store.contentUris(execution.id).every((uri) => isRemoteUri(uri) || existsSync(uri));
}

/** Why a task missed the cache, compared with its newest earlier execution. */
export function missReason(key: CacheKey, previous: TaskRow | undefined): string {
  if (!previous?.cacheKey) return "first run of this task";
  const before = JSON.parse(previous.cacheKey) as CacheKey;
  const changed = (a: unknown, b: unknown) => canonicalJson(a) !== canonicalJson(b);
  if (changed(before.containerSpec, key.containerSpec)) {
    return before.containerSpec.image !== key.containerSpec.image ? "the image changed" : "the component's code changed";
  }
  for (const name of new Set([...Object.keys(before.inputParameterValues), ...Object.keys(key.inputParameterValues)])) {
    if (changed(before.inputParameterValues[name], key.inputParameterValues[name])) return `input '${name}' changed`;
  }
  for (const name of new Set([...Object.keys(before.inputArtifactNames), ...Object.keys(key.inputArtifactNames)])) {
    if (changed(before.inputArtifactNames[name], key.inputArtifactNames[name])) return `input artifact '${name}' is new`;
  }
  if (changed(before.outputArtifactsSpec, key.outputArtifactsSpec) || changed(before.outputParametersSpec, key.outputParametersSpec)) {
    return "the component's outputs changed";
  }
  if (previous.state === "failed") return "the earlier run of this task failed";
  return "no earlier run with the same inputs succeeded";
}
