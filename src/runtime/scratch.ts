import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Artifact } from "../dsl/artifacts.js";
import { setArtifactStore } from "../dsl/artifact-store.js";
import { isRemoteUri, localPathForUri } from "../dsl/uri.js";

/**
 * Storage for the artifacts a component creates with `new Model()` while it runs.
 * They are moved to the task's output locations when the component returns.
 * Next to the outputs when those are local (a rename), else in the container's temp directory.
 */
export class ScratchSpace {
  private readonly fresh = new WeakSet<Artifact>();
  private counter = 0;
  readonly dir: string;

  constructor(outputFile: string | undefined) {
    const local = outputFile && !isRemoteUri(outputFile) && !/^\/(gcs|s3|minio)\//.test(outputFile);
    if (local) {
      this.dir = join(dirname(localPathForUri(outputFile)), ".kfp-ts-scratch");
      mkdirSync(this.dir, { recursive: true });
    } else {
      this.dir = mkdtempSync(join(tmpdir(), "kfp-ts-scratch-"));
    }
    setArtifactStore({
      allocate: (artifact) => {
        this.fresh.add(artifact);
        return join(this.dir, `${++this.counter}-${artifact.schemaTitle.split(".").pop()!.toLowerCase()}`);
      },
    });
  }

  /** True for an artifact created during this run without an explicit URI. */
  isFresh(artifact: Artifact): boolean {
    return this.fresh.has(artifact);
  }

  dispose(): void {
    setArtifactStore(undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
