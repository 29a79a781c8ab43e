// KFP's artifact compatibility: system.Artifact is compatible with every artifact type in both directions;
// any other mismatch of artifact types is an error.
import { expectError, expectType } from "tsd";
import { artifactType, component, Dataset, Metrics, Model, pipeline, type Artifact, type GenericArtifact, type Int } from "kfp-ts";

class Embeddings extends artifactType("google.Embeddings") {}

const makeGeneric = component(async (): Promise<Artifact> => ({}) as Artifact);
const makeGenerics = component(async (): Promise<{ first: Artifact; second: Artifact; all: Artifact[] }> => ({}) as never);
const makeData = component(async (): Promise<Dataset> => new Dataset());
const useData = component((data: Dataset): number => 1);
const useModel = component((model: Model, threshold = 0.5): number => threshold);
const useMetrics = component((metrics: Metrics): void => {});
const useEmbeddings = component((embeddings: Embeddings): void => {});
const useGeneric = component((artifact: Artifact): void => {});
const useDatasets = component((all: Dataset[]): void => {});

pipeline({ name: "compatible" }, async () => {
  const generic = await makeGeneric();
  expectType<GenericArtifact>(generic);
  // A generic Artifact feeds any artifact input …
  useData(generic);
  useModel(generic);
  useMetrics(generic);
  useEmbeddings(generic);
  const { first, second, all } = await makeGenerics();
  useData(first);
  useModel(second, 0.7);
  useDatasets(all);
  // … and any artifact feeds a generic Artifact input.
  const data = await makeData();
  useGeneric(data);
  useGeneric(generic);
});

pipeline({ name: "still-mismatched" }, async () => {
  const data = await makeData();
  expectError(useModel(data));
  expectError(useEmbeddings(data));
  expectError(useData("gs://bucket/data"));
  expectError(useData(await makeGeneric(), 1));
});

// Named arguments: one object of inputs, with the same compatibility.
const trainNamed = component(async ({ data, epochs = 10 }: { data: Dataset; epochs?: Int }): Promise<Model> => new Model());
pipeline({ name: "named" }, async () => {
  const data = await makeData();
  expectType<Model>(await trainNamed({ data, epochs: 3 }));
  await trainNamed({ data: await makeGeneric() });
  expectError(trainNamed({ data, epochs: "3" }));
  expectError(trainNamed({ data: (await trainNamed({ data })) }));
  expectError(trainNamed({ epochs: 3 }));
});
