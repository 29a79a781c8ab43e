// Every path the local runner builds from a name in a spec goes through here: a spec is input from
// anywhere, and its names must never lead a run to write (or delete) outside its root.
import { createHash } from "node:crypto";
import { lstatSync, realpathSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { UserError } from "../errors.js";
import { quoteName, unsafeNameProblem } from "../spec/names.js";

/** File systems limit one path component to 255 bytes; longer names keep a readable head and a hash. */
const maxSegmentBytes = 120;

/**
 * `root/segment/…`, proven to stay inside `root`: each segment must be a plain name (no separator, no
 * `..`, no control character), long segments are shortened with a stable hash suffix, and no symbolic
 * link on the way may lead out of the root. Throws a {@link UserError} otherwise.
 */
export function containedPath(root: string, ...segments: string[]): string {
  const base = resolve(root);
  const target = resolve(base, ...segments.map(safeSegment));
  if (!within(base, target)) throw new UserError(`refusing ${target}: it is outside ${base}`);
  const realBase = realpathOrSelf(base);
  const existing = deepestExisting(base, target);
  if (existing === undefined) return target;
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    throw new UserError(`refusing ${target}: ${existing} is a symbolic link that leads nowhere`);
  }
  if (!within(realBase, real)) throw new UserError(`refusing ${target}: ${existing} is a symbolic link that leads outside ${base} (to ${real})`);
  return target;
}

/** A name as one path component: refused when it could leave its folder, shortened when too long. */
export function safeSegment(name: string): string {
  const problem = unsafeNameProblem(name);
  // The runner's own folders (.logs, .staging, .cache) start with a dot; a spec's names never may.
  if (problem && !(name.startsWith(".") && unsafeNameProblem(name.slice(1)) === undefined)) {
    throw new UserError(`refusing the name ${quoteName(name)} as part of a path: ${problem}`);
  }
  if (Buffer.byteLength(name) <= maxSegmentBytes) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 12);
  let head = name.slice(0, maxSegmentBytes - hash.length - 1);
  while (Buffer.byteLength(head) > maxSegmentBytes - hash.length - 1) head = head.slice(0, -1);
  return `${head}-${hash}`;
}

function within(base: string, path: string): boolean {
  return path === base || path.startsWith(base.endsWith(sep) ? base : base + sep);
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The deepest of `target` and its ancestors (up to `base`) that exists, a dangling link included. */
function deepestExisting(base: string, target: string): string | undefined {
  for (let current = target; ; current = dirname(current)) {
    try {
      lstatSync(current);
      return current;
    } catch {
      if (current === base || dirname(current) === current) return undefined;
    }
  }
}
