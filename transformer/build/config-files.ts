import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ts } from "ts-morph";

/** A tsconfig and the files it extends, directly or not: the files whose change makes a new program. */
export function configFilesOf(tsconfig: string): string[] {
  if (!existsSync(tsconfig)) return [resolve(tsconfig)];
  const extended = new Map<string, ts.ExtendedConfigCacheEntry>();
  ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined }, extended);
  return [resolve(tsconfig), ...[...extended.keys()].map((file) => resolve(file))];
}
