// The program inside the compile snapshot (bundled into one script by ./build.ts): `kfp-ts compile` with the
// TypeScript compiler loaded and the declaration files of one project parsed and bound, ready before a compile starts.
import { writeSync } from "node:fs";
import { createRequire } from "node:module";
import { startupSnapshot } from "node:v8";
import { Command } from "commander";
import { preloadAnalysis } from "../../../transformer/analysis/index.js";
import { forgetCollator } from "../../../transformer/analysis/ts-morph-hot-paths.js";
import type { ComponentIR } from "../../../transformer/ir.js";
// Initialised while the snapshot is built (the command itself loads it lazily): a compile starts with its modules ready.
import { compileAnalysis } from "../../../transformer/compile.js";
import { registerCompile } from "../compile-command.js";
import { snapshotProtocol } from "./protocol.js";

/** What the deserialized process needs from outside the snapshot: modules loaded at run time (esbuild's binary), from kfp-ts's install. */
declare global {
  var __kfpTsRequire: NodeJS.Require | undefined;
}

async function main(): Promise<void> {
  // The launcher learns that the snapshot loaded: what Node printed before this (a blob it refused) is not shown.
  writeSync(snapshotProtocol.ackFd, snapshotProtocol.ack);
  // The bundle's import.meta.url is this module's place in kfp-ts's dist/ (./build.ts defines it).
  globalThis.__kfpTsRequire = createRequire(import.meta.url);
  if (process.env[snapshotProtocol.colorVariable] === "1") Object.defineProperty(process.stderr, "isTTY", { value: true });
  delete process.env[snapshotProtocol.colorVariable];
  const program = new Command("kfp-ts").showHelpAfterError().configureOutput({ outputError: (text, write) => write(text) });
  registerCompile(program);
  // From a snapshot, argv[1] is the first argument (`compile`).
  await program.parseAsync(["node", "kfp-ts", ...process.argv.slice(1)]);
  // The launcher does not wait for this process to end, so a measure of the launcher (`/usr/bin/time`) misses its memory.
  if (process.env.KFP_TS_SNAPSHOT === "verbose") process.stderr.write(`kfp-ts: the compile's process peaked at ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  // The compile is over once its output is out (a --watch never gets here): the launcher is told, with the exit code,
  // and exiting now, rather than when the event loop drains, does not wait for V8's background work on the heap.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((flushed) => stream.write("", flushed))));
  const code = Number(process.exitCode ?? 0);
  writeSync(snapshotProtocol.ackFd, snapshotProtocol.finish(code));
  process.exit(code);
}

if (!startupSnapshot.isBuildingSnapshot()) throw new Error("run by `node --build-snapshot` only (see src/cli/snapshot/build.ts)");
startupSnapshot.addSerializeCallback(forgetCollator);
// Each warm-up file is analysed and checked, and its specs built in memory from bundles that stand in for esbuild's
// (which runs in its own process): a compile then starts with that code compiled, and the files it reads parsed.
const standIn = async (component: ComponentIR) => ({ component, code: "", inputs: [], bytes: 0 });
void (async () => {
  for (const entryFile of process.argv.slice(2)) {
    const analysis = preloadAnalysis(entryFile);
    if (analysis.program) await compileAnalysis(analysis, {}, standIn).catch(() => undefined);
  }
})();
startupSnapshot.setDeserializeMainFunction(() => {
  main().catch((error: unknown) => {
    process.stderr.write(`kfp-ts: unexpected error, a bug in kfp-ts: please report it with this trace\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  });
});
