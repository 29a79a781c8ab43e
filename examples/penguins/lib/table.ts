// Tables as the sample's components exchange them: CSV files written the way numpy's
// `np.savetxt(path, data, delimiter=",", header=names, comments="")` writes them, read back by column name.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Named columns of numbers; the label column holds integers (class ids). */
export interface Table {
  readonly names: readonly string[];
  readonly rows: readonly (readonly number[])[];
}

/** numpy's default `%.18e`: `2.000000000000000000e+00`, `2.545454545454545081e-01`. */
export function formatNumber(value: number): string {
  const [mantissa, exponent] = value.toExponential(18).split("e");
  const sign = exponent!.startsWith("-") ? "-" : "+";
  return `${mantissa}e${sign}${exponent!.replace(/^[+-]/, "").padStart(2, "0")}`;
}

export function toCsv(table: Table): string {
  return [table.names.join(","), ...table.rows.map((row) => row.map(formatNumber).join(","))].join("\n") + "\n";
}

/**
 * Parses a CSV with a header line. The label column is read as integers, every other column as
 * floats. A missing label column is an error (the original's `IndexError`), so is a non-number cell.
 */
export function parseCsv(text: string, label: string): Table {
  const [header = "", ...lines] = text.trim().split(/\r?\n/);
  const names = header.split(",").map((name) => name.trim());
  const labelIndex = names.indexOf(label);
  if (labelIndex < 0) throw new Error(`no column '${label}' in the header (${names.join(", ")}); is the CSV missing its header line?`);
  const rows = lines.map((line, i) => {
    const cells = line.split(",").map((cell) => Number(cell));
    if (cells.length !== names.length || cells.some(Number.isNaN)) throw new Error(`line ${i + 2} is not ${names.length} numbers: '${line}'`);
    return cells.map((value, column) => (column === labelIndex ? Math.trunc(value) : value));
  });
  return { names, rows };
}

export async function readTable(path: string, label: string): Promise<Table> {
  return parseCsv(await readFile(path, "utf8"), label);
}

/** Writes the table, creating the parent directories first (the runtime hands over paths whose directory may not exist). */
export async function writeTable(path: string, table: Table): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, toCsv(table));
}

/** The label column and the feature columns (every other column, in file order). */
export function split(table: Table, label: string): { features: number[][]; labels: number[]; featureNames: string[] } {
  const labelIndex = table.names.indexOf(label);
  if (labelIndex < 0) throw new Error(`no column '${label}' in the table (${table.names.join(", ")})`);
  return {
    features: table.rows.map((row) => row.filter((_, i) => i !== labelIndex)),
    labels: table.rows.map((row) => row[labelIndex]!),
    featureNames: table.names.filter((_, i) => i !== labelIndex),
  };
}

/** The label column's name in the sample: `species`, plus the suffix once transformed. */
export const TARGET = "species";

/** The classes, by label: 0, 1, 2. */
export const SPECIES = ["Adelie", "Chinstrap", "Gentoo"] as const;
