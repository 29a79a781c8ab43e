import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The nearest `name` in `from` or one of its parent directories. */
export function findUp(from: string, name: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
