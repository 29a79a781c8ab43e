import { existsSync } from "node:fs";
import { join } from "node:path";
import { ts } from "ts-morph";
import { kfpTsRoot } from "../version.js";

let folder: string | undefined | null = null;

/**
 * The folder of TypeScript's default library files that kfp-ts's build writes (scripts/typescript-lib.mjs), for the
 * TypeScript that ts-morph carries; undefined when it is not there or was written for another version (ts-morph then
 * serves its own in-memory copies, which hold the same text). A program reads only the libraries it needs from
 * there, where ts-morph's copies are all loaded with it (2.8 MB of text, most of it the DOM's that a Node project does
 * not use), and a compile snapshot built without them is 9 MB smaller.
 */
export function typescriptLibFolder(): string | undefined {
  if (folder === null) {
    const candidate = join(kfpTsRoot, "dist", "typescript-lib", ts.version);
    folder = existsSync(join(candidate, "lib.d.ts")) ? candidate : undefined;
  }
  return folder;
}

/** ts-morph's Project option for {@link typescriptLibFolder}. */
export const libFolderOption = (): { libFolderPath?: string } => {
  const libFolderPath = typescriptLibFolder();
  return libFolderPath ? { libFolderPath } : {};
};
