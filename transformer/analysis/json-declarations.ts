import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ts, type Project } from "ts-morph";
import { keepNewest, writeCacheFile } from "../cache-directory.js";

/**
 * TypeScript types an imported JSON file (`resolveJsonModule`) by checking it as one big literal: the penguin
 * sample's 67 kB of data took about 0.13 s of every compile. TypeScript also reads a JSON module's type from a
 * declaration, `<name>.d.json.ts`, with the same import rules. kfp-ts writes such a declaration of what TypeScript
 * inferred (once, when the compile snapshot is built), into its cache, named by the JSON's bytes, TypeScript's
 * version and the options that change the inference; a compile then resolves the import to it while the JSON's
 * bytes are the same. Small files are not worth it.
 */
const declaredFrom = 16 * 1024;

/** The declaration that stands for `jsonFile` as it is now, when kfp-ts wrote one. */
export function jsonDeclarationFor(jsonFile: string, options: ts.CompilerOptions, cacheDirectory: string): string | undefined {
  try {
    if ((statSync(jsonFile, { throwIfNoEntry: false })?.size ?? 0) < declaredFrom) return undefined;
    const path = declarationPath(readFileSync(jsonFile, "utf8"), options, cacheDirectory);
    return statSync(path, { throwIfNoEntry: false })?.isFile() ? path : undefined;
  } catch {
    // Unreadable here: TypeScript reads the JSON itself and says what is wrong.
    return undefined;
  }
}

/** Writes the declaration of each large JSON module the project's program typed (after its check). */
export function declareJsonModules(project: Project, cacheDirectory: string): void {
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.endsWith(".json") || file.text.length < declaredFrom || hasParseErrors(file)) continue;
    const exported = (file as unknown as { symbol?: ts.Symbol }).symbol?.exports?.get(ts.InternalSymbolName.ExportEquals);
    if (!exported) continue;
    const type = checker.getTypeOfSymbol(exported);
    const node = checker.typeToTypeNode(type, undefined, ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.IgnoreErrors);
    if (!node) continue;
    const printed = ts.createPrinter({ removeComments: true }).printNode(ts.EmitHint.Unspecified, node, file);
    // A type about as long as the data (objects of many shapes) would take about as long to check.
    if (printed.length > file.text.length / 4) continue;
    const path = declarationPath(file.text, program.getCompilerOptions(), cacheDirectory);
    if (writeCacheFile(path, `// The type TypeScript ${ts.version} inferred for ${basename(file.fileName)}\ndeclare const json: ${printed};\nexport = json;\n`)) keepNewest(dirname(path), ".d.json.ts", maxDeclarations);
  }
}

/** Declarations kept at the most: the least recently written go first. */
const maxDeclarations = 200;

function declarationPath(json: string, options: ts.CompilerOptions, cacheDirectory: string): string {
  const inference = [ts.version, options.strict, options.strictNullChecks, options.noUncheckedIndexedAccess, options.exactOptionalPropertyTypes];
  const key = createHash("sha256").update(JSON.stringify(inference)).update(json).digest("hex").slice(0, 32);
  return join(cacheDirectory, "json-types", `${key}.d.json.ts`);
}

const hasParseErrors = (file: ts.SourceFile) => ((file as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0) > 0;
