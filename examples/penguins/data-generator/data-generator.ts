// data-generator: the Palmer penguins table, prepared as the lab sample's processed CSV, split 80/20.
import { component, Dataset } from "kfp-ts";
import penguins from "vega-datasets/data/penguins.json" with { type: "json" };
import { SPECIES, TARGET, writeTable, type Table } from "../lib/table.js";

/** A record of vega-datasets' `penguins.json`. */
export interface PenguinRecord {
  Species: string;
  Island?: string;
  "Beak Length (mm)": number | null;
  "Beak Depth (mm)": number | null;
  "Flipper Length (mm)": number | null;
  "Body Mass (g)": number | null;
  Sex: string | null;
}

const MEASUREMENTS = [
  ["Beak Length (mm)", "culmen_length_mm"],
  ["Beak Depth (mm)", "culmen_depth_mm"],
  ["Flipper Length (mm)", "flipper_length_mm"],
  ["Body Mass (g)", "body_mass_g"],
] as const;
export const COLUMNS = [TARGET, ...MEASUREMENTS.map(([, name]) => name)];

/**
 * The processed table: records with any null dropped (the one `Sex: "."` record stays), species as
 * 0/1/2, the four measurements renamed and min-max scaled as `(x - min) / (max - min)`.
 */
export function preparePenguins(records: readonly PenguinRecord[]): Table {
  const kept = records.filter((r) => r.Sex !== null && MEASUREMENTS.every(([key]) => r[key] !== null));
  const columns = MEASUREMENTS.map(([key]) => kept.map((r) => r[key] as number));
  const ranges = columns.map((values) => [Math.min(...values), Math.max(...values)] as const);
  const rows = kept.map((record, i) => {
    const species = SPECIES.indexOf(record.Species as (typeof SPECIES)[number]);
    if (species < 0) throw new Error(`unknown species '${record.Species}'`);
    return [species, ...columns.map((values, c) => (values[i]! - ranges[c]![0]) / (ranges[c]![1] - ranges[c]![0]))];
  });
  return { names: COLUMNS, rows };
}

/**
 * The rows of the evaluation set: the first 67 indices of numpy's `RandomState(42).permutation(334)`,
 * as scikit-learn's `train_test_split(test_size=0.2, random_state=42)` draws them.
 */
export const EVAL_ROWS = [
  25, 309, 73, 195, 57, 296, 281, 180, 211, 197, 75, 9, 320, 126, 265, 132, 114, 146, 76, 275,
  109, 137, 316, 199, 5, 110, 261, 324, 163, 323, 168, 301, 63, 84, 278, 288, 182, 253, 46, 118,
  33, 42, 172, 181, 113, 72, 274, 45, 101, 312, 94, 229, 220, 16, 108, 248, 7, 55, 147, 179,
  297, 317, 280, 3, 77, 311, 60,
];

/** The rest of the same permutation: the training rows, in the original's order. */
export const TRAIN_ROWS = [
  224, 78, 295, 17, 24, 250, 326, 238, 177, 82, 111, 143, 240, 116, 140, 176, 90, 314, 258, 31,
  300, 185, 167, 234, 331, 145, 59, 119, 15, 6, 209, 93, 30, 22, 284, 294, 56, 175, 10, 225,
  227, 81, 153, 39, 310, 104, 155, 193, 158, 124, 228, 66, 210, 18, 196, 267, 139, 19, 329, 92,
  79, 69, 208, 96, 97, 198, 68, 23, 37, 246, 67, 266, 144, 125, 221, 86, 282, 152, 283, 148,
  291, 239, 222, 157, 219, 129, 38, 237, 203, 165, 112, 202, 194, 117, 319, 322, 302, 164, 223, 226,
  154, 231, 2, 115, 173, 272, 120, 318, 289, 127, 74, 29, 83, 277, 107, 183, 279, 133, 184, 232,
  44, 307, 65, 292, 85, 186, 70, 159, 12, 35, 28, 170, 142, 244, 131, 268, 51, 95, 254, 178,
  204, 123, 41, 89, 260, 206, 136, 26, 327, 141, 245, 0, 299, 286, 303, 100, 192, 287, 218, 213,
  103, 171, 98, 36, 255, 61, 150, 47, 247, 315, 11, 330, 200, 298, 27, 262, 230, 233, 4, 122,
  32, 249, 162, 256, 285, 242, 138, 62, 215, 135, 128, 8, 64, 14, 156, 40, 306, 271, 216, 290,
  236, 207, 212, 304, 251, 325, 305, 269, 201, 161, 43, 217, 190, 259, 105, 53, 1, 49, 80, 205,
  34, 263, 91, 52, 264, 241, 13, 88, 273, 166, 328, 134, 321, 243, 54, 50, 174, 189, 332, 187,
  169, 58, 48, 235, 252, 21, 313, 160, 276, 191, 293, 257, 308, 149, 130, 151, 99, 87, 214, 121,
  333, 20, 188, 71, 106, 270, 102,
];

/** The 80/20 split of the prepared table: train and eval rows in the original's order. */
export function splitTable(table: Table): { train: Table; eval: Table } {
  if (table.rows.length !== 334) throw new Error(`the split is defined for the 334 prepared rows; got ${table.rows.length}`);
  const pick = (indices: readonly number[]): Table => ({ names: table.names, rows: indices.map((i) => table.rows[i]!) });
  return { train: pick(TRAIN_ROWS), eval: pick(EVAL_ROWS) };
}

/** Prepares the Palmer penguins data shipped in vega-datasets and writes the train and eval CSVs. */
export const dataGenerator = component(async (): Promise<{
  /** the training rows (80%) */
  trainData: Dataset;
  /** the evaluation rows (20%) */
  evalData: Dataset;
}> => {
  const { train, eval: evaluation } = splitTable(preparePenguins(penguins as PenguinRecord[]));
  const trainData = new Dataset();
  const evalData = new Dataset();
  await writeTable(trainData.path, train);
  await writeTable(evalData.path, evaluation);
  trainData.metadata.rows = train.rows.length;
  evalData.metadata.rows = evaluation.rows.length;
  return { trainData, evalData };
});
