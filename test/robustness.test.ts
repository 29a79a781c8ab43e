// The robustness suite: a generated corpus of malformed and edge-case programs, each with the outcome
// class it must have. Analysed in-process with one shared ts-morph Project; specs are checked by the
// Python SDK in one batch.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../transformer/diagnostics.js";
import { corpus, type CorpusCase } from "./robustness/corpus.js";
import { outcomesOf } from "./robustness/outcome.js";
import { kfpTool } from "./helpers.js";

const cases = corpus();
const dir = mkdtempSync(join(tmpdir(), "kfp-ts-corpus-"));

describe("the robustness corpus", () => {
  it("has at least 300 programs across every category", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(new Set(cases.map((c) => c.category)).size).toBe(9);
  });

  it("gives every program its expected outcome: a located diagnostic with a code, or a spec the Python SDK loads", { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    const specs: { file: string; case: CorpusCase }[] = [];
    const outcomes = await outcomesOf(cases.map((c) => ({ text: c.source })));
    for (const [i, c] of cases.entries()) {
      const outcome = outcomes[i]!;
      const label = `[${c.category}] ${c.name}`;
      const code = c.expected.kind === "diagnostic" ? c.expected.code : undefined;
      if (outcome.kind === "internal") {
        problems.push(`${label}: internal error ${outcome.error}`);
      } else if (outcome.kind === "diagnostic") {
        const unlocated = outcome.errors.filter((d) => !d.location && !/^KFP000[1-4]$/.test(d.code));
        if (c.expected.kind === "spec or too deep" && !outcome.errors.some((d) => d.code === "KFP0006")) problems.push(`${label}: expected a spec or KFP0006, got ${summary(outcome.errors)}`);
        else if (c.expected.kind === "spec") problems.push(`${label}: expected a spec, got ${summary(outcome.errors)}`);
        else if (code && !outcome.errors.some((d) => d.code === code)) problems.push(`${label}: expected ${code}, got ${summary(outcome.errors)}`);
        else if (unlocated.length > 0) problems.push(`${label}: diagnostics without a location: ${summary(unlocated)}`);
        else if (outcome.errors.some((d) => !/^(KFP\d{4}|TS\d+)$/.test(d.code))) problems.push(`${label}: a diagnostic without a code`);
      } else if (c.expected.kind === "diagnostic") {
        problems.push(`${label}: expected a diagnostic${code ? ` ${code}` : ""}, got a spec`);
      } else {
        for (const [j, text] of outcome.texts.entries()) {
          const file = join(dir, `case-${i}-${j}.yaml`);
          writeFileSync(file, text);
          specs.push({ file, case: c });
        }
      }
    }
    const checked = await kfpTool({ check: specs.map((s) => s.file) });
    checked.check.forEach((result, i) => {
      if (!result.ok) problems.push(`[${specs[i]!.case.category}] ${specs[i]!.case.name}: the Python SDK cannot load the spec: ${result.error}`);
    });
    expect(problems).toEqual([]);
    expect(specs.length).toBeGreaterThan(100);
  });
});

function summary(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code} ${d.message.split("\n")[0]}`).join("; ") || "nothing";
}
