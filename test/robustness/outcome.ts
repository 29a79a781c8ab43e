import type { Bundle } from "../../transformer/bundle/bundle.js";
import { compileAnalysis } from "../../transformer/compile.js";
import { CompileError, type Diagnostic } from "../../transformer/diagnostics.js";
import type { ComponentIR } from "../../transformer/ir.js";
import type { AnalysisResult } from "../../transformer/analysis/index.js";
import { analyzeTexts } from "../helpers.js";

/** What compiling a source gave: errors, spec texts, or an error that is not a diagnostic (a bug). */
export type Outcome =
  | { kind: "diagnostic"; errors: Diagnostic[] }
  | { kind: "spec"; texts: string[] }
  | { kind: "internal"; error: string };

/** Bundling is esbuild's business, not this suite's: components get a stand-in bundle. */
export async function stubBundle(component: ComponentIR): Promise<Bundle> {
  return { component, code: "// bundle", inputs: [], bytes: 9 };
}

/** Analyses the sources together in the shared Project, then compiles what each exports, catching only diagnostics. */
export async function outcomesOf(sources: readonly { text: string; file?: string }[], options: { typeCheck?: boolean } = {}): Promise<Outcome[]> {
  let analyses: AnalysisResult[];
  try {
    analyses = analyzeTexts(sources, options);
  } catch (error) {
    // One source broke the batch: analyse each alone to find it.
    if (sources.length === 1) return [internal(error)];
    return (await Promise.all(sources.map((s) => outcomesOf([s], options)))).flat();
  }
  const outcomes: Outcome[] = [];
  for (const analysis of analyses) {
    try {
      const errors = analysis.diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) {
        outcomes.push({ kind: "diagnostic", errors });
        continue;
      }
      const result = await compileAnalysis(analysis, {}, stubBundle);
      outcomes.push({ kind: "spec", texts: result.specs.map((s) => s.text) });
    } catch (error) {
      outcomes.push(error instanceof CompileError ? { kind: "diagnostic", errors: error.diagnostics.filter((d) => d.severity === "error") } : internal(error));
    }
  }
  return outcomes;
}

function internal(error: unknown): Outcome {
  return { kind: "internal", error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
