#!/usr/bin/env node
import { existsSync } from "node:fs";
import module from "node:module";

// Node 22.1+ caches compiled code (TypeScript's compiler is 9 MB of JavaScript) between runs.
module.enableCompileCache?.();

// `kfp-ts compile -o - | head`: once the reader is gone, stop quietly, as a Unix tool stops at SIGPIPE, not with a trace.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

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
