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
await import(main.href);
