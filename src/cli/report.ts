import { CompileError, formatDiagnostics, type Diagnostic } from "../../transformer/diagnostics.js";
import { UserError } from "../errors.js";


export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  process.stderr.write(formatDiagnostics(diagnostics, { color: process.stderr.isTTY === true }) + "\n\n");
}

/** Runs a command action, turning expected failures into messages and exit codes. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      if (error instanceof CompileError) {
        printDiagnostics(error.diagnostics);
        const errors = error.diagnostics.filter((d) => d.severity === "error").length;
        process.stderr.write(`Found ${errors} error${errors === 1 ? "" : "s"}.\n`);
        process.exitCode = 1;
      } else if (error instanceof UserError) {
        process.stderr.write(`kfp-ts: ${error.message}\n`);
        process.exitCode = error.exitCode;
      } else {
        process.stderr.write(`kfp-ts: unexpected error, a bug in kfp-ts: please report it with this trace\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 70;
      }
    }
  };
}
