// ts-morph orders a folder's entries as `Intl.Collator("en-us-u-kf-upper")` does; kfp-ts orders names of printable
// ASCII the same way without ICU (transformer/analysis/ascii-collation.ts).
import { expect, it } from "vitest";
import { compareAscii } from "../transformer/analysis/ascii-collation.js";

const collator = new Intl.Collator("en-us-u-kf-upper");
const icu = (a: string, b: string) => Math.sign(collator.compare(a, b));
const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));

it("orders every pair of printable ASCII characters as ICU does", () => {
  for (const a of printable) for (const b of printable) expect([a, b, compareAscii(a, b)]).toEqual([a, b, icu(a, b)]);
});

it("orders names that differ in case, punctuation and length as ICU does", () => {
  // A seeded generator: the same strings on every run.
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (from: string | readonly string[]) => from[Math.floor(random() * from.length)]!;
  const names = ["node_modules", "@types", "lib.es2015.d.ts", "index.d.ts", "ts-morph", "a-b", "a_b", "a.b", "penguins", "A1", "a10", "a9"];
  for (let n = 0; n < 50_000; n++) {
    const a = n % 3 === 0 ? Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(printable)).join("") : pick(names);
    // Mostly a near miss of `a`: a character changed, its case flipped, or the last one dropped.
    let b = [...a].map((c) => (random() < 0.15 ? pick(printable) : random() < 0.2 ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c)).join("");
    if (random() < 0.3) b = b.slice(0, -1);
    if (compareAscii(a, b) !== icu(a, b)) expect([a, b, compareAscii(a, b)]).toEqual([a, b, icu(a, b)]);
  }
});

it("leaves any other character to ICU", () => {
  expect(compareAscii("é", "e")).toBeUndefined();
  expect(compareAscii("a", "a\t")).toBeUndefined();
  expect(compareAscii("straße", "strasse")).toBeUndefined();
});
