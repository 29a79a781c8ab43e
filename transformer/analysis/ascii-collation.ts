/**
 * How `Intl.Collator("en-us-u-kf-upper")` orders two strings of printable ASCII, without ICU (whose collator takes
 * about 10 ms to make in a process, more than all of a compile's comparisons of file and folder names): each
 * character's primary weight in the order below (CLDR's root collation: punctuation and symbols, digits, then
 * letters with either case alike), then, for strings equal at that level, the first difference of case decides,
 * upper case first. Undefined when either string holds another character.
 */
export function compareAscii(a: string, b: string): -1 | 0 | 1 | undefined {
  if (!printableAscii.test(a) || !printableAscii.test(b)) return undefined;
  let caseOrder: -1 | 0 | 1 = 0;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (weights[x] !== weights[y]) return weights[x]! < weights[y]! ? -1 : 1;
    // The same letter in another case: upper case has the smaller code.
    if (caseOrder === 0) caseOrder = x < y ? -1 : 1;
  }
  return a.length === b.length ? caseOrder : a.length < b.length ? -1 : 1;
}

const printableAscii = /^[\x20-\x7e]*$/;

const primaryOrder = ` _-,;:!?.'"()[]{}@*/\\&#%\`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz`;

const weights = new Uint8Array(128);
for (let i = 0; i < primaryOrder.length; i++) weights[primaryOrder.charCodeAt(i)] = i;
for (let code = 65; code <= 90; code++) weights[code] = weights[code + 32]!;
