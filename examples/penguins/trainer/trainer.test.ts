import { describe, expect, it } from "vitest";
import { parseCsv } from "../lib/table.js";
import { saveModel, train } from "./trainer.js";

const suffixed = "species_xf,culmen_length_mm_xf,culmen_depth_mm_xf,flipper_length_mm_xf,body_mass_g_xf";

describe("trainer", () => {
  it("loads a dataset with suffixed columns by its suffixed label", () => {
    const table = parseCsv(`${suffixed}\n1,0.5,0.5,0.5,0.5\n`, "species_xf");
    expect(table.names).toEqual(suffixed.split(","));
    expect(Number.isInteger(table.rows[0]![0])).toBe(true);
  });

  it("fails on a CSV without a header", () => {
    expect(() => parseCsv("0,1\n0,1\n", "species")).toThrow(/no column 'species'/);
  });

  it("fits a model that predicts the majority class of a tiny table", () => {
    const table = { names: ["species", "a", "b", "c", "d"], rows: [[0, 1, 2, 3, 4], [1, 2, 3, 4, 5], [0, 3, 4, 5, 6]] };
    const model = train(table, "species");
    expect(model.predict([[1, 2, 3, 4]])).toEqual([0]);
  });

  it("saves what the evaluator needs: the features by name and the forest", () => {
    const table = { names: ["species_xf", "a_xf", "b_xf"], rows: [[0, 0, 0], [1, 1, 1], [0, 0.1, 0], [1, 0.9, 1]] };
    const saved = saveModel(train(table, "species_xf"), table, "species_xf");
    expect(saved).toMatchObject({ format: "ml-random-forest", label: "species_xf", features: ["a_xf", "b_xf"] });
    expect(JSON.parse(JSON.stringify(saved)).forest.name).toBe("RFClassifier");
  });

  it("is deterministic: the same data gives the same forest", () => {
    const table = { names: ["species", "a", "b"], rows: [[0, 0, 0], [1, 1, 1], [2, 2, 0], [0, 0.1, 0.2], [1, 0.9, 1.1], [2, 2.1, 0.1]] };
    expect(JSON.stringify(train(table, "species").toJSON())).toBe(JSON.stringify(train(table, "species").toJSON()));
  });
});
