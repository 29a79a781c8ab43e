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
      } else if (isSystemError(error)) {
        // The machine refused an operation (permissions, a full disk, a file where a folder should be): not a bug.
        process.stderr.write(`kfp-ts: cannot ${error.syscall}${error.path ? ` ${error.path}` : ""}: ${error.code}${systemHints[error.code] ? ` (${systemHints[error.code]})` : ""}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`kfp-ts: unexpected error, a bug in kfp-ts: please report it with this trace\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 70;
      }
    }
  };
}

const systemHints: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on the device",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "it exists already",
  EROFS: "the file system is read-only",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files",
};

function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string; syscall: string } {
  const e = error as NodeJS.ErrnoException;
  return error instanceof Error && typeof e.code === "string" && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === "string";
}
