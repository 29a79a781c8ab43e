"""Python twins of test/imports/pipelines.ts: the same component YAML loaded with load_component_from_file."""
import os

from kfp import components, dsl
from kfp.dsl import Dataset

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
say_hello = components.load_component_from_file(os.path.join(FIXTURES, "say-hello.yaml"))
train = components.load_component_from_file(os.path.join(FIXTURES, "train.yaml"))
split_dataset = components.load_component_from_file(os.path.join(FIXTURES, "split.v1.yaml"))
greet_twice = components.load_component_from_file(os.path.join(FIXTURES, "greet-twice.yaml"))


@dsl.component
def shout(text: str) -> str:
    return text.upper()


@dsl.pipeline(name="imported-containers")
def imported_containers(uri: str = "gs://bucket/data.csv", epochs: int = 3):
    data = dsl.importer(artifact_uri=uri, artifact_class=Dataset)
    split = split_dataset(data=data.output, seed=7)
    train(data=split.outputs["train"], epochs=epochs, tag="v1")
    train(data=split.outputs["test"], epochs=1, rate=0.5)
    hello = say_hello(name="ada")
    shout(text=hello.outputs["greeting"])


@dsl.pipeline(name="imported-graph")
def imported_graph(who: str = "alan"):
    greeted = greet_twice(first=who)
    again = greet_twice()
    shout(text=greeted.output)
    say_hello(name=again.output)


PIPELINES = {"importedContainers": imported_containers, "importedGraph": imported_graph}
