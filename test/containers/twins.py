"""Python twins of test/containers/pipelines.ts: @dsl.container_component as the KFP documentation writes them."""
from typing import Optional

from kfp import dsl
from kfp.dsl import Dataset, Input, Metrics, Model, Output, OutputPath


@dsl.container_component
def say_hello(name: str, greeting: OutputPath(str)):
    """Says hello: the greeting goes to an output parameter through its path."""
    return dsl.ContainerSpec(
        image="alpine",
        command=["sh", "-c", 'mkdir -p "$(dirname "$1")" && echo "Hello, $0!" | tee "$1"'],
        args=[name, greeting],
    )


@dsl.container_component
def hello_someone(name: Optional[str] = None):
    """Greets someone, or an anonymous user when no name is given."""
    return dsl.ContainerSpec(
        image="alpine",
        command=["echo", "hello", dsl.IfPresentPlaceholder(input_name="name", then=[name], else_=["anonymous user"])],
    )


@dsl.container_component
def make_data(rows: int, data: Output[Dataset]):
    """Writes a dataset of `rows` lines."""
    return dsl.ContainerSpec(
        image="alpine",
        command=["sh", "-c", 'mkdir -p "$(dirname "$1")" && seq "$0" > "$1"'],
        args=[rows, data.path],
    )


@dsl.container_component
def train(data: Input[Dataset], epochs: int, model: Output[Model], metrics: Output[Metrics], accuracy: OutputPath(float), rate: float = 0.1, tag: Optional[str] = None):
    """Every placeholder kind: artifact paths, URIs and metadata, parameters, template literals, ifPresent and concat."""
    return dsl.ContainerSpec(
        image="python:3.11",
        command=["python3", "-m", "trainer"],
        args=[
            "--data", data.path, "--data-uri", data.uri, "--data-metadata", data.metadata,
            "--epochs", epochs, "--rate", rate, f"--name=run-{epochs}-{rate}",
            "--model", model.path, "--model-uri", model.uri, "--metrics", metrics.path, "--accuracy", accuracy,
            dsl.IfPresentPlaceholder(input_name="tag", then=["--tag", tag]),
            dsl.ConcatPlaceholder(["--label=", "run-", epochs]),
            dsl.IfPresentPlaceholder(input_name="tag", then=dsl.ConcatPlaceholder(["tag=", tag]), else_="untagged"),
        ],
    )


@dsl.pipeline(name="containers")
def containers(who: str = "ada", epochs: int = 2):
    hello = say_hello(name=who)
    hello_someone(name=hello.outputs["greeting"])
    hello_someone()
    made = make_data(rows=epochs)
    train(data=made.outputs["data"], epochs=epochs, rate=0.5, tag="v1")
    train(data=made.outputs["data"], epochs=1)


@dsl.pipeline(name="containers-local")
def containers_local(who: str = "ada", rows: int = 3) -> str:
    """The commands that exist on any host (sh, echo, seq), for the local runner."""
    hello = say_hello(name=who)
    hello_someone(name=hello.outputs["greeting"])
    hello_someone()
    make_data(rows=rows)
    return hello.outputs["greeting"]


PIPELINES = {"containers": containers, "containersLocal": containers_local, "sayHello": say_hello, "helloSomeone": hello_someone, "makeData": make_data, "train": train}
