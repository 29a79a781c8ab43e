import { describe, expect, it } from "vitest";
import { parseCsv } from "../lib/table.js";
import { saveModel, train } from "../trainer/trainer.js";
import { evaluate, loadModel } from "./evaluator.js";
import { blue, normalizeRows, renderConfusionMatrix } from "./render.js";

describe("evaluator", () => {
  it("loads a dataset with suffixed columns by its suffixed label", () => {
    expect(parseCsv("species_xf,x_xf\n2,0.5\n", "species_xf").rows).toEqual([[2, 0.5]]);
  });

  it("fails on a CSV without a header", () => {
    expect(() => parseCsv("0,1\n0,1\n", "species")).toThrow(/no column 'species'/);
  });

  const table = { names: ["species_xf", "a_xf", "b_xf"], rows: [[0, 0, 0], [1, 1, 1], [2, 2, 0], [0, 0.1, 0.1], [1, 0.9, 1.1], [2, 2.1, 0.1]] };
  const saved = JSON.parse(JSON.stringify(saveModel(train(table, "species_xf"), table, "species_xf")));

  it("scores a saved model: accuracy and confusion counts", () => {
    const result = evaluate(loadModel(saved), saved, table, "species_xf");
    expect(result.accuracy).toBe(1);
    expect(result.counts).toEqual([[2, 0, 0], [0, 2, 0], [0, 0, 2]]);
  });

  it("counts mistakes in the right cells", () => {
    const wrong = { names: table.names, rows: [[1, 0, 0], [0, 2, 0]] };
    const result = evaluate(loadModel(saved), saved, wrong, "species_xf");
    expect(result.accuracy).toBe(0);
    expect(result.counts).toEqual([[0, 0, 1], [1, 0, 0], [0, 0, 0]]);
  });

  it("refuses a table whose columns are not the model's", () => {
    expect(() => evaluate(loadModel(saved), saved, { names: ["species_xf", "z", "b_xf"], rows: [] }, "species_xf")).toThrow(/the model reads columns a_xf, b_xf/);
  });

  it("draws the row-normalised matrix in the Blues colour map", () => {
    expect(normalizeRows([[3, 1], [0, 0]])).toEqual([[0.75, 0.25], [0, 0]]);
    expect([blue(0), blue(1)]).toEqual(["#f7fbff", "#08306b"]);
    const page = renderConfusionMatrix(["A", "B"], [[3, 1], [0, 4]], 0.875);
    expect(page.match(/<rect /g)).toHaveLength(4);
    expect(page).toContain(">0.75</text>");
    expect(page).toContain("Accuracy 0.8750 on 8 evaluation rows");
  });
});
