// KFP0004 in the editor: the CLI reports an unknown `--pipeline` export when it runs; the editor reports it as soon
// as a package.json script names an export that the open file does not have.
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parse } from "shell-quote";
import { codes, type Diagnostic } from "../diagnostics.js";
import { findUp } from "../find-up.js";
import type { ProgramIR } from "../ir.js";
import { exportNamed, exportNames } from "../targets.js";

/** A `kfp-ts compile <file> --pipeline <export>` in a package.json script. */
export interface ScriptedCompile {
  readonly script: string;
  readonly file: string;
  readonly pipeline: string;
}

/** `kfp-ts compile` options that take a value (the others are flags). */
const valued = new Set(["-p", "--pipeline", "-o", "--output", "--format", "--image", "--containerized", "--registry"]);

/** The `kfp-ts compile … --pipeline …` commands in the scripts of the package.json nearest to `file`. */
export function scriptedCompiles(file: string): ScriptedCompile[] {
  const manifest = findUp(dirname(file), "package.json");
  if (!manifest) return [];
  let scripts: unknown;
  try {
    scripts = (JSON.parse(readFileSync(manifest, "utf8")) as { scripts?: unknown }).scripts;
  } catch {
    return [];
  }
  if (typeof scripts !== "object" || scripts === null) return [];
  const found: ScriptedCompile[] = [];
  for (const [script, command] of Object.entries(scripts)) {
    if (typeof command !== "string") continue;
    const words = parse(command);
    words.forEach((word, i) => {
      if (typeof word !== "string" || !/^kfp-ts(\.js)?$/.test(basename(word)) || words[i + 1] !== "compile") return;
      let target: string | undefined;
      let pipeline: string | undefined;
      for (let j = i + 2; j < words.length && typeof words[j] === "string"; j++) {
        const [option, inline] = (words[j] as string).split(/=(.*)/s, 2) as [string, string | undefined];
        const value = inline ?? (valued.has(option) ? (words[++j] as string | undefined) : undefined);
        if (option === "-p" || option === "--pipeline") pipeline = value;
        else if (!option.startsWith("-") && target === undefined) target = option;
      }
      if (target && pipeline) found.push({ script, file: resolve(dirname(manifest), target), pipeline });
    });
  }
  return found;
}

/** KFP0004 for each script that compiles an export `program`'s entry file does not have, at the file's start. */
export function unknownScriptedExports(program: ProgramIR): Diagnostic[] {
  return scriptedCompiles(program.entryFile)
    .filter((compile) => compile.file === program.entryFile && !exportNamed(program, compile.pipeline))
    .map(({ script, pipeline }) => {
      const available = exportNames(program);
      return {
        code: codes.exportNotFound,
        severity: "error",
        message: `package.json script '${script}' compiles '${pipeline}', but this file exports no pipeline or component named '${pipeline}'`,
        location: { file: program.entryFile, line: 1, column: 1, length: 0 },
        hint: available.length > 0 ? `it exports: ${available.join(", ")}` : "export a pipeline(…) or component(…) from the file",
      };
    });
}
