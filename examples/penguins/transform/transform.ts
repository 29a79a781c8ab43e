// transform: the sample's pseudo-preprocessing: every column renamed with a suffix, values untouched.
import { component, Dataset } from "kfp-ts";
import { readTable, TARGET, writeTable, type Table } from "../lib/table.js";

/** The table with every column, the label included, renamed `name + suffix`. */
export function renameColumns(table: Table, suffix: string): Table {
  return { names: table.names.map((name) => name + suffix), rows: table.rows };
}

/**
 * Renames the columns of the train and eval sets with the suffix.
 * @param trainData the training rows
 * @param evalData the evaluation rows
 * @param suffix appended to every column name
 */
export const transform = component(async (trainData: Dataset, evalData: Dataset, suffix: string): Promise<{
  /** the training rows, renamed */
  transformedTrainData: Dataset;
  /** the evaluation rows, renamed */
  transformedEvalData: Dataset;
}> => {
  const transformedTrainData = new Dataset();
  const transformedEvalData = new Dataset();
  await writeTable(transformedTrainData.path, renameColumns(await readTable(trainData.path, TARGET), suffix));
  await writeTable(transformedEvalData.path, renameColumns(await readTable(evalData.path, TARGET), suffix));
  return { transformedTrainData, transformedEvalData };
});
