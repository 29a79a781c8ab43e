// `kfp-ts compile` from the project's startup snapshot (see ./compile-main.ts), when there is a current one:
// the compile runs in a child Node started from the blob. Without one, the caller compiles as usual and a
// build starts in the background; a blob that Node refuses is discarded, and the caller compiles as usual.
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isCurrent, lastFailure, snapshotFiles, type SnapshotFiles } from "./cache.js";
import { snapshotProtocol } from "./protocol.js";

/**
 * The exit code of the compile run from the snapshot, or undefined when the caller must compile itself.
 * `KFP_TS_SNAPSHOT=verbose` says which way a compile went, on stderr.
 */
export async function compileFromSnapshot(args: readonly string[]): Promise<number | undefined> {
  const files = snapshotFiles(process.cwd());
  const say = (text: string) => process.env.KFP_TS_SNAPSHOT === "verbose" && process.stderr.write(`kfp-ts: ${text}\n`);
  if (!isCurrent(files)) {
    if (lastFailure(files)) {
      say(`the last build of the compile snapshot failed (${files.failure}): compiling without it, and not building it again until kfp-ts, TypeScript, the tsconfig or Node change, or a day passes`);
      return undefined;
    }
    say(`no current compile snapshot in ${files.directory}: compiling without it, and building it in the background`);
    startBuilding(args);
    return undefined;
  }
  say(`compiling from the snapshot ${files.blob}`);
  const outcome = await runFromBlob(files.blob, args);
  if (outcome !== "refused") return outcome;
  say("Node refused the snapshot: it is discarded (and rebuilt in the background); compiling without it");
  discard(files);
  startBuilding(args);
  return undefined;
}

/**
 * Runs the child; "refused" when it exited before the snapshot's program started (a corrupt or foreign blob). The
 * compile is over when the child says so (its output is out, its exit code known), not when its process is gone:
 * tearing down a heap of 50 MB and more takes the child another 20–60 ms, which nobody needs to wait for.
 */
function runFromBlob(blob: string, args: readonly string[]): Promise<number | "refused"> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...snapshotProtocol.nodeFlags, "--snapshot-blob", blob, ...args], {
      stdio: ["inherit", "pipe", "pipe", "pipe"],
      env: { ...compileEnvironment(), [snapshotProtocol.colorVariable]: process.stderr.isTTY ? "1" : "0" },
    });
    let started = false;
    let said = "";
    const early: Buffer[] = [];
    child.stdio[3]!.on("data", (chunk: Buffer) => {
      said += chunk.toString("latin1");
      if (!started && said.startsWith(snapshotProtocol.ack)) {
        started = true;
        early.forEach((chunk) => process.stderr.write(chunk));
      }
      const finished = snapshotProtocol.finished.exec(said);
      // The output it wrote before saying so is read in the same turn of the event loop, or an earlier one.
      if (started && finished) setImmediate(() => done(Number(finished[1])));
    });
    child.stdout!.on("data", (chunk: Buffer) => process.stdout.write(chunk));
    child.stderr!.on("data", (chunk: Buffer) => (started ? process.stderr.write(chunk) : early.push(chunk)));
    child.on("error", () => done("refused"));
    child.on("close", (code, signal) => {
      if (!started) return done("refused");
      done(code ?? 128 + (signal ? signalNumber(signal) : 0));
    });
  });
}

/**
 * The environment of a compile's process: the caller's, without what only slows its start. Node reads and parses
 * the certificates of `NODE_EXTRA_CA_CERTS` as it starts (about 55 ms here, as long as the compile's own program and
 * analysis of hello-world), and a compile makes no TLS connection.
 */
function compileEnvironment(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...environment } = process.env;
  return environment;
}

const signalNumber = (signal: NodeJS.Signals) => ({ SIGINT: 2, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;

function discard(files: SnapshotFiles): void {
  for (const path of [files.manifest, files.blob]) rmSync(path, { force: true });
}

/** Starts a build in the background (detached, silent), warmed with the compiled file; a build already running wins. */
function startBuilding(args: readonly string[]): void {
  const entry = args.find((arg) => /\.[cm]?tsx?$/.test(arg) && existsSync(arg));
  const builder = fileURLToPath(new URL("build.js", import.meta.url));
  try {
    spawn(process.execPath, [builder, ...(entry ? [resolve(entry)] : [])], { detached: true, stdio: "ignore", env: compileEnvironment() }).unref();
  } catch {
    // No snapshot then: compiles stay on the usual path.
  }
}
