import type { Bundle } from "../../transformer/bundle/bundle.js";
import { compileAnalysis } from "../../transformer/compile.js";
import { CompileError, type Diagnostic } from "../../transformer/diagnostics.js";
import type { ComponentIR } from "../../transformer/ir.js";
import { analyzeText } from "../helpers.js";

/** What compiling a source gave: errors, spec texts, or an error that is not a diagnostic (a bug). */
export type Outcome =
  | { kind: "diagnostic"; errors: Diagnostic[] }
  | { kind: "spec"; texts: string[] }
  | { kind: "internal"; error: string };

/** Bundling is esbuild's business, not this suite's: components get a stand-in bundle. */
export async function stubBundle(component: ComponentIR): Promise<Bundle> {
  return { component, code: "// bundle", inputs: [], bytes: 9 };
}

/** Analyses `source` in the shared Project and compiles what it exports, catching only diagnostics. */
export async function outcomeOf(source: string, file?: string, options: { typeCheck?: boolean } = {}): Promise<Outcome> {
  try {
    const analysis = analyzeText(source, file, options);
    const errors = analysis.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) return { kind: "diagnostic", errors };
    const result = await compileAnalysis(analysis, {}, stubBundle);
    return { kind: "spec", texts: result.specs.map((s) => s.text) };
  } catch (error) {
    if (error instanceof CompileError) return { kind: "diagnostic", errors: error.diagnostics.filter((d) => d.severity === "error") };
    return { kind: "internal", error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}
