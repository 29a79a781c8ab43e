import penguins from "vega-datasets/data/penguins.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { parseCsv, toCsv } from "../lib/table.js";
import { EVAL_ROWS, preparePenguins, splitTable, TRAIN_ROWS, type PenguinRecord } from "./data-generator.js";

const header = "species,culmen_length_mm,culmen_depth_mm,flipper_length_mm,body_mass_g";

describe("data-generator: reading a dataset", () => {
  it("returns the columns in order, the label as integers and the features as floats", () => {
    const table = parseCsv(`${header}\n0,0.1,0.2,0.3,0.4\n`, "species");
    expect(table.names).toEqual(["species", "culmen_length_mm", "culmen_depth_mm", "flipper_length_mm", "body_mass_g"]);
    expect(Number.isInteger(table.rows[0]![0])).toBe(true);
    expect(table.rows[0]![1]).toBe(0.1);
  });

  it("fails on a CSV without a header", () => {
    expect(() => parseCsv("0,1\n0,1\n", "species")).toThrow(/no column 'species'/);
  });
});

describe("data-generator: the prepared table", () => {
  const table = preparePenguins(penguins as PenguinRecord[]);

  it("keeps 334 rows: every record without a null, the one with Sex '.' included", () => {
    expect(table.rows).toHaveLength(334);
    const counts = [0, 1, 2].map((c) => table.rows.filter((r) => r[0] === c).length);
    expect(counts).toEqual([146, 68, 120]);
  });

  it.each([
    [0, "0, 0.2545454545454545, 0.6666666666666666, 0.15254237288135594, 0.2916666666666667"],
    [25, "0, 0.26909090909090905, 0.4285714285714285, 0.1016949152542373, 0.1527777777777778"],
    [146, "1, 0.5236363636363636, 0.5714285714285713, 0.3389830508474576, 0.2222222222222222"],
    [214, "2, 0.509090909090909, 0.011904761904761862, 0.6610169491525424, 0.5"],
    [333, "2, 0.6472727272727272, 0.3571428571428573, 0.6949152542372882, 0.75"],
  ])("scales row %i exactly as the processed CSV", (row, expected) => {
    expect(table.rows[row]!.map(String).join(", ")).toBe(expected);
  });

  it("splits 267 / 67 rows with the reference's class counts, every row once", () => {
    const { train, eval: evaluation } = splitTable(table);
    expect([train.rows.length, evaluation.rows.length]).toEqual([267, 67]);
    expect([0, 1, 2].map((c) => evaluation.rows.filter((r) => r[0] === c).length)).toEqual([31, 13, 23]);
    expect([0, 1, 2].map((c) => train.rows.filter((r) => r[0] === c).length)).toEqual([115, 55, 97]);
    expect(new Set([...TRAIN_ROWS, ...EVAL_ROWS]).size).toBe(334);
  });

  it("writes numpy's format (%.18e, the digits Python prints): a plain header, then every column", () => {
    const csv = toCsv({ names: table.names, rows: [table.rows[0]!] });
    expect(csv).toBe(`${header}\n0.000000000000000000e+00,2.545454545454545192e-01,6.666666666666666297e-01,1.525423728813559421e-01,2.916666666666666852e-01\n`);
    expect(parseCsv(csv, "species").rows[0]).toEqual(table.rows[0]);
  });
});
