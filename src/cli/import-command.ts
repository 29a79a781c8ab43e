import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { action } from "./report.js";

export function registerImport(program: Command): void {
  program
    .command("import")
    .description("write a TypeScript module of typed components for component YAML files (compiled KFP components or v1 component YAML)")
    .argument("<paths...>", "component YAML files, or directories searched for *.yaml and *.yml")
    .requiredOption("-o, --output <file.ts>", "the module to write; the YAML paths in it are relative to it")
    .action(action(async (paths: string[], flags: { output: string }) => {
      const { ComponentYamlError, importComponents } = await import("../../transformer/imports/index.js");
      let result;
      try {
        result = importComponents(paths, flags.output);
      } catch (error) {
        if (error instanceof ComponentYamlError) throw new UserError(error.message, 1);
        throw error;
      }
      for (const { reason } of result.failures) process.stderr.write(`skipped: ${reason}\n`);
      if (result.imported.length === 0) throw new UserError("no component YAML could be imported", 1);
      mkdirSync(dirname(flags.output) || ".", { recursive: true });
      writeFileSync(flags.output, result.text);
      const n = result.imported.length;
      process.stderr.write(`wrote ${flags.output}: ${n} component${n === 1 ? "" : "s"}${result.failures.length > 0 ? `, ${result.failures.length} skipped` : ""}\n`);
      if (result.failures.length > 0) process.exitCode = 1;
    }));
}
