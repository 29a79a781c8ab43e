/** A KFP API list filter (`filter` query parameter) matching `key` equal to `value`, as kfp.Client writes it. */
export function equalsFilter(key: string, value: string): string {
  return JSON.stringify({ predicates: [{ operation: "EQUALS", key, stringValue: value }] });
}
