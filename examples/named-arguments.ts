// Components with named arguments: one destructured object parameter, one input per field, called with an object.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { component, Dataset, Model, pipeline, type Int } from "kfp-ts";

/** Writes `rows` numbered lines. */
export const makeData = component(async ({ rows = 5 }: { rows?: Int }): Promise<Dataset> => {
  const data = new Dataset();
  await mkdir(dirname(data.path), { recursive: true });
  await writeFile(data.path, Array.from({ length: rows }, (_, i) => `row ${i + 1}`).join("\n") + "\n");
  return data;
});

/**
 * Fits a model that remembers how many rows it saw.
 * @param data the training rows
 */
export const train = component(async ({ data, epochs = 10, rate }: {
  data: Dataset;
  epochs?: Int;
  /** The step size; optional, with no default. */
  rate?: number;
}): Promise<{ model: Model; rows: Int }> => {
  const rows = (await readFile(data.path, "utf8")).trim().split("\n").length;
  const model = new Model();
  await mkdir(dirname(model.path), { recursive: true });
  await writeFile(model.path, JSON.stringify({ rows, epochs, rate: rate ?? null }));
  return { model, rows };
});

/** Trains on generated rows, passing inputs by name as Python users pass keywords. */
export const namedArguments = pipeline({ name: "named-arguments" }, async (rows: Int = 4) => {
  const data = await makeData({ rows });
  const { model } = await train({ data, epochs: 3 });
  return model;
});
