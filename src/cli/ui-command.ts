import { existsSync, mkdirSync, statSync } from "node:fs";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { action } from "./report.js";

export const defaultConsolePort = 4873;

export function registerUi(program: Command): void {
  program
    .command("ui")
    .description("open the local console: runs, their DAGs live, tasks, logs, metrics and artifacts, run comparison")
    .option("--root <dir>", "the pipeline root whose runs to show", ".kfp-ts")
    .option("--port <n>", "the port to listen on (0: any free port)", String(defaultConsolePort))
    .option("--host <address>", "the address to listen on; anything but 127.0.0.1 shows your runs to the network", "127.0.0.1")
    .action(action(async (flags: { root: string; port: string; host: string }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port takes a port number (0 to 65535), not '${flags.port}'`, 2);
      if (existsSync(flags.root) && !statSync(flags.root).isDirectory()) throw new UserError(`--root ${flags.root} is a file; pass the pipeline root directory`, 2);
      if (!["127.0.0.1", "localhost", "::1"].includes(flags.host)) {
        process.stderr.write(`warning: listening on ${flags.host}: anyone who can reach this address can read your runs, artifacts and logs\n`);
      }
      const { startConsole } = await import("../ui/server.js");
      const { recordConsole } = await import("../ui/console-file.js");
      let running;
      try {
        running = await startConsole({ root: flags.root, port, host: flags.host });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE") throw new UserError(`port ${port} is in use (another console?): pass --port with another number, or --port 0 for any free port`);
        if (code === "EADDRNOTAVAIL") throw new UserError(`cannot listen on ${flags.host}: not an address of this machine`, 2);
        throw error;
      }
      mkdirSync(flags.root, { recursive: true });
      const forget = recordConsole(flags.root, running.url);
      process.stdout.write(`kfp-ts console: ${running.url}  (runs in ${flags.root}; Ctrl-C to stop)\n`);
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      forget();
      await running.close();
    }));
}
