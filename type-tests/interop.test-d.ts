// Imported component YAML and container components: wiring mistakes against them are type errors.
import { expectError, expectType } from "tsd";
import { artifactType, component, containerComponent, Dataset, importedComponent, Model, pipeline, type Int, type Outputs } from "kfp-ts";

// As `kfp-ts import` writes them.
class VertexModel extends artifactType("google.VertexModel", "0.0.1") {}
const train = importedComponent<{
  data: Dataset;
  epochs: Int;
  rate?: number;
}, {
  model: Model;
  accuracy: number;
}>("./train.yaml");
const deploy = importedComponent<{ model: VertexModel; machine_type?: string }, { gcp_resources: string }>("./deploy.yaml");
const ping = importedComponent<{ host?: string }, void>("./ping.yaml");

const makeModel = component((): Model => new Model());
const makeData = component((): Dataset => new Dataset());

pipeline({ name: "imports" }, () => {
  const data = makeData();
  const trained = train({ data, epochs: 3 });
  expectType<Model>(trained.model);
  expectType<number>(trained.accuracy);
  ping();
  ping({ host: "example.com" });
  // A Model passed to a Dataset input.
  expectError(train({ data: makeModel(), epochs: 3 }));
  // A required input left out.
  expectError(train({ data }));
  // A misspelled input name.
  expectError(train({ data, epochs: 3, rtae: 0.1 }));
  // A system.Model is not a google.VertexModel.
  expectError(deploy({ model: trained.model }));
  // Inputs go by name, in one object.
  expectError(train(data, 3));
});

const greet = containerComponent((out: Outputs<{ greeting: string; model: Model }>, name: string, times: Int = 1) => ({
  image: "alpine",
  command: ["sh", "-c", "echo", name, times, out.greeting, out.model.path],
}));
const hello = containerComponent((name?: string) => ({ image: "alpine", command: ["echo", name] }));

pipeline({ name: "containers" }, () => {
  const greeted = greet("ada");
  expectType<{ greeting: string; model: Model }>(greeted);
  greet("ada", 2);
  expectType<void>(hello());
  // Outputs are not inputs.
  expectError(greet({ greeting: "x" }, "ada"));
  expectError(greet(3));
});

// A container's command line holds text, inputs, outputs and placeholders only.
expectError(containerComponent((data: Dataset) => ({ image: "alpine", command: [new Date()] })));
