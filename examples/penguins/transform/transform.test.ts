import { describe, expect, it } from "vitest";
import { parseCsv } from "../lib/table.js";
import { renameColumns } from "./transform.js";

describe("transform", () => {
  it("reads a dataset with its columns, the label as integers", () => {
    const table = parseCsv("species,culmen_length_mm,culmen_depth_mm,flipper_length_mm,body_mass_g\n0,1,1,1,1\n", "species");
    expect(table.names).toHaveLength(5);
    expect(table.rows[0]).toEqual([0, 1, 1, 1, 1]);
  });

  it("fails on a CSV without a header", () => {
    expect(() => parseCsv("0,1\n0,1\n", "species")).toThrow(/no column 'species'/);
  });

  it("renames every column, the label included, and keeps the values", () => {
    const table = { names: ["species", "culmen_length_mm", "culmen_depth_mm", "flipper_length_mm", "body_mass_g"], rows: [[0, 0.1, 0.2, 0.3, 0.4]] };
    expect(renameColumns(table, "_xf")).toEqual({
      names: ["species_xf", "culmen_length_mm_xf", "culmen_depth_mm_xf", "flipper_length_mm_xf", "body_mass_g_xf"],
      rows: [[0, 0.1, 0.2, 0.3, 0.4]],
    });
  });

  it("keeps the names with an empty suffix", () => {
    expect(renameColumns({ names: ["species"], rows: [] }, "").names).toEqual(["species"]);
  });
});
