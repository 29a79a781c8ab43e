// The seeded mutation fuzzer: token-level mutants of every example must compile or fail with
// diagnostics, never with an internal error or a stack trace. `bench/fuzz` runs many more.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleEntries, repoRoot } from "./helpers.js";
import { mutants } from "./robustness/mutate.js";
import { outcomesOf } from "./robustness/outcome.js";

const perExample = Math.ceil(Number(process.env.KFP_TS_FUZZ_MUTANTS ?? 2000) / exampleEntries().length);
const seed = Number(process.env.KFP_TS_FUZZ_SEED ?? 20261128);
// Type errors cost most of the time; CI leaves them out, bench/fuzz reports them too.
const typeCheck = process.env.KFP_TS_FUZZ_TYPECHECK === "1";

describe("the mutation fuzzer", () => {
  it.each(exampleEntries())(`mutants of examples/%s give diagnostics or specs, never an internal error`, { timeout: 600_000 }, async (example) => {
    const source = readFileSync(`${repoRoot}examples/${example}`, "utf8");
    const problems: string[] = [];
    const counts = { diagnostic: 0, spec: 0 };
    const generated = mutants(source, perExample, seed + offsetOf(example));
    // Beside the example, so its relative imports resolve; the files exist only in memory.
    const outcomes = await outcomesOf(generated.map((m, i) => ({ text: m.text, file: `${repoRoot}examples/${dirname(example)}/fuzz-mutant-${i}.ts` })), { typeCheck });
    for (const [i, mutant] of generated.entries()) {
      const outcome = outcomes[i]!;
      if (outcome.kind === "internal") problems.push(`mutant ${i} (${mutant.mutations.join(", ")}): ${outcome.error.split("\n").slice(0, 4).join(" | ")}`);
      else if (outcome.kind === "diagnostic" && outcome.errors.some((d) => /\n\s+at /.test(d.message))) problems.push(`mutant ${i}: a stack trace in a diagnostic`);
      else counts[outcome.kind]++;
    }
    expect(problems).toEqual([]);
    expect(counts.diagnostic + counts.spec).toBe(perExample);
  });
});

/** A per-example offset of the seed, so each example gets its own mutants. */
function offsetOf(text: string): number {
  let hash = 0;
  for (const c of text) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return hash;
}
