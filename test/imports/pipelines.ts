// Pipelines that call imported component YAML (test/imports/fixtures), twins of test/imports/twins.py.
import { component, Dataset, importArtifact, pipeline, type Int } from "kfp-ts";
import { greetTwice, sayHello, splitDataset, train } from "./fixtures/components.js";

export const shout = component((text: string): string => text.toUpperCase());

export const importedContainers = pipeline({ name: "imported-containers" }, (uri = "gs://bucket/data.csv", epochs: Int = 3) => {
  const data = importArtifact(Dataset, uri);
  const split = splitDataset({ data, seed: 7 });
  train({ data: split.train, epochs, tag: "v1" });
  train({ data: split.test, epochs: 1, rate: 0.5 });
  const hello = sayHello({ name: "ada" });
  shout(hello.greeting);
});

export const importedGraph = pipeline({ name: "imported-graph" }, (who = "alan") => {
  const greeted = greetTwice({ first: who });
  const again = greetTwice();
  shout(greeted);
  sayHello({ name: again });
});
