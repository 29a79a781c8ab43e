#!/usr/bin/env node
import { existsSync } from "node:fs";
import module from "node:module";

// Node 22.1+ caches compiled code (TypeScript's compiler is 9 MB of JavaScript) between runs.
module.enableCompileCache?.();

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("kfp-ts is not built: run `npm install` (or `npm run build`) in the kfp-ts checkout.\n");
  process.exit(1);
}
// `compile` runs from the project's startup snapshot when it has one (KFP_TS_SNAPSHOT=0: never).
if (process.argv[2] === "compile" && process.env.KFP_TS_SNAPSHOT !== "0") {
  const { compileFromSnapshot } = await import("../dist/src/cli/snapshot/launch.js");
  const code = await compileFromSnapshot(process.argv.slice(2));
  if (code !== undefined) process.exit(code);
}
await import(main.href);
