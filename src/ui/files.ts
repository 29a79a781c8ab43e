// Files the console serves: only from inside the pipeline root, whatever a URL or the store says.
import { realpathSync, statSync, readdirSync, type Stats } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

/** A request for a file outside the allowed directory, or for one that does not exist. */
export class RefusedPath extends Error {}

/**
 * The real path of `path` when it lies inside `base` once every symlink is resolved, else a
 * {@link RefusedPath}. `path` may be relative to `base`; `..` and absolute paths that leave it are refused.
 */
export function confinedPath(base: string, path: string): string {
  let realBase: string;
  let real: string;
  try {
    realBase = realpathSync(base);
    real = realpathSync(isAbsolute(path) ? path : join(base, path));
  } catch {
    throw new RefusedPath(`no such file: ${path}`);
  }
  const rel = relative(realBase, real);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new RefusedPath(`${path} is outside ${base}`);
  return real;
}

/** Bytes of a file, or of every file under a directory. */
export function sizeOf(path: string, stats: Stats = statSync(path)): number {
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((total, entry) => total + statSync(join(entry.parentPath, entry.name)).size, 0);
}
