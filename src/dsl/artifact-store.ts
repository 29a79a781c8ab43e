import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Artifact } from "./artifacts.js";

/** Hands out storage for artifacts created without a URI (`new Model()`). The container runtime installs one per task. */
export interface ArtifactStore {
  allocate(artifact: Artifact): string;
}

// A global symbol, so that two copies of kfp-ts in one bundle still share the store.
const storeKey = Symbol.for("kfp-ts.artifact-store");
type StoreHolder = { [storeKey]?: ArtifactStore };

export function setArtifactStore(store: ArtifactStore | undefined): void {
  (globalThis as StoreHolder)[storeKey] = store;
}

let scratch: string | undefined;
let counter = 0;

export function allocateArtifactUri(artifact: Artifact): string {
  const store = (globalThis as StoreHolder)[storeKey];
  if (store) return store.allocate(artifact);
  // Outside a running task (a unit test, a script): a fresh path in a private temp directory.
  scratch ??= mkdtempSync(join(tmpdir(), "kfp-ts-artifacts-"));
  return join(scratch, `${artifact.schemaTitle.split(".").pop()!.toLowerCase()}-${++counter}`);
}
