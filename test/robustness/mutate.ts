// A seeded token-level mutator of TypeScript sources: the same seed gives the same mutants.

/** mulberry32: a small, fast, seedable PRNG. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokenPattern = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|[A-Za-z_$][\w$]*|\d[\d_.eE]*|=>|\.\.\.|[^\s]/g;

/** Tokens that hostile or careless code brings: odd values, names, nesting, syntax kfp-ts refuses. */
const hostile = [
  '"../x"', '"a/b"', '""', '"\\n"', '"\\u2028"', '"\\u0000"', '"\\uD800"', "1e400", "-1e400", "1.5", "9007199254740993", "0x1F", "NaN", "Infinity", "__proto__", "constructor",
  "undefined", "null", "as any", "as unknown", "await", "async", "if (x) {", "for (;;) {", "}", "{", "(", ")", "[", "]", ",", ";", "=>", "...", "?", "!", "@component()", "@pipeline()",
  "static #x", "new Date()", "Symbol()", "1n", "`${x}`", "() => 1", "delete", "typeof", "keyof", "infer", "never", "unknown", "Date", "Map<string, number>", "Promise<Date>",
  "task(", "after: [", "retry:", "{ count: -1 }", "cpuLimit:", "env: { __proto__: 1 }", '"ñ"', "π", "$", "_", "export", "default", "class", "import", 'from "nowhere"', "//", "/*",
];

export type Mutation = "delete" | "duplicate" | "swap" | "replace" | "insert" | "nest";

/** `count` mutants of `source`, each with one to three mutations, reproducible from `seed`. */
export function mutants(source: string, count: number, seed: number): { mutations: Mutation[]; text: string }[] {
  const tokens = source.match(tokenPattern) ?? [];
  const significant = tokens.map((t, i) => (/^\s+$/.test(t) ? -1 : i)).filter((i) => i >= 0);
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const out: { mutations: Mutation[]; text: string }[] = [];
  for (let n = 0; n < count; n++) {
    const mutant = [...tokens];
    const mutations: Mutation[] = [];
    const times = 1 + Math.floor(next() * 3);
    for (let m = 0; m < times; m++) {
      const at = pick(significant);
      const mutation = pick(["delete", "duplicate", "swap", "replace", "replace", "insert", "nest"] as const);
      mutations.push(mutation);
      switch (mutation) {
        case "delete":
          mutant[at] = "";
          break;
        case "duplicate":
          mutant[at] = `${mutant[at]} ${mutant[at]}`;
          break;
        case "swap": {
          const other = pick(significant);
          [mutant[at], mutant[other]] = [mutant[other]!, mutant[at]!];
          break;
        }
        case "replace":
          mutant[at] = pick(hostile);
          break;
        case "insert":
          mutant[at] = `${pick(hostile)} ${mutant[at]}`;
          break;
        case "nest": {
          const depth = pick([50, 500, 2500]);
          const [open, close] = pick([["(", ")"], ["[", "]"], ["{ a: ", " }"]] as const);
          mutant[at] = `${open.repeat(depth)}${mutant[at]}${close.repeat(depth)}`;
          break;
        }
      }
    }
    out.push({ mutations, text: mutant.join("") });
  }
  return out;
}
