"""Twins of test/compat/control-flow/pipelines.ts: every control-flow construct, written with the Python SDK."""
from typing import List

from kfp import dsl
from kfp.dsl import Dataset, Input, Model, PipelineTaskFinalStatus

IMAGE = "python:3.11"


@dsl.component(base_image=IMAGE)
def flip() -> str:
    return "heads"


@dsl.component(base_image=IMAGE)
def count() -> int:
    return 3


@dsl.component(base_image=IMAGE)
def score() -> float:
    return 0.5


@dsl.component(base_image=IMAGE)
def echo(text: str) -> str:
    return text


@dsl.component(base_image=IMAGE)
def add(a: float, b: float) -> float:
    return a + b


@dsl.component(base_image=IMAGE)
def total(values: List[float]) -> float:
    return sum(values)


@dsl.component(base_image=IMAGE)
def list_numbers() -> List[int]:
    return [1, 2, 3]


@dsl.component(base_image=IMAGE)
def make_model(seed: int) -> Model:
    return Model(uri=dsl.get_uri())


@dsl.component(base_image=IMAGE)
def merge(models: Input[List[Model]]) -> str:
    return ""


@dsl.component(base_image=IMAGE)
def use_model(model: Input[Model]) -> str:
    return model.uri


@dsl.component(base_image=IMAGE)
def use_data(data: Input[Dataset], model: Input[Model]) -> str:
    return data.uri


@dsl.component(base_image=IMAGE)
def fail(msg: str):
    raise RuntimeError(msg)


@dsl.component(base_image=IMAGE)
def cleanup(status: PipelineTaskFinalStatus) -> str:
    return status.state


@dsl.component(base_image=IMAGE)
def show(text: str = "none") -> str:
    return text


@dsl.pipeline(name="conditions")
def conditions(text: str = "heads", n: int = 3, flag: bool = True):
    c = count()
    with dsl.If(c.output > 2):
        echo(text="big")
    with dsl.If(text == "heads"):
        with dsl.If(flag == True):
            echo(text=text)
    s = score()
    with dsl.If(s.output < n):
        echo(text="low")
    with dsl.If(text != "tails"):
        show(text=text)


@dsl.pipeline(name="inner")
def inner(text: str) -> str:
    return echo(text=text).output


@dsl.pipeline(name="branches")
def branches():
    f = flip()
    with dsl.If(f.output == "heads"):
        echo(text="H")
    with dsl.Elif(f.output == "tails"):
        inner(text=f.output)
    with dsl.Else():
        echo(text="?")


@dsl.pipeline(name="static-loop")
def static_loop():
    with dsl.ParallelFor([{"a": 1.5, "b": 10.5}, {"a": 2.5, "b": 20.5}], parallelism=2) as item:
        add(a=item.a, b=item.b)


@dsl.pipeline(name="loops")
def loops(values: List[float] = [1.5, 2.5], words: List[str] = ["x", "y"]) -> float:
    with dsl.ParallelFor(values) as v:
        with dsl.ParallelFor(words) as w:
            echo(text=w)
        a = add(a=v, b=1.5)
    t = total(values=dsl.Collected(a.output))
    return t.output


@dsl.pipeline(name="nested-control")
def nested_control(threshold: int = 2):
    nums = list_numbers()
    with dsl.ParallelFor(nums.output) as n:
        with dsl.If(n > threshold):
            echo(text="big")
    c = count()
    with dsl.If(c.output == 1):
        with dsl.ParallelFor([1.5, 2.5]) as x:
            add(a=x, b=2.5)


@dsl.pipeline(name="oneofs")
def oneofs() -> str:
    f = flip()
    with dsl.If(f.output == "heads"):
        a = echo(text="yes")
    with dsl.Else():
        b = echo(text="no")
    said = dsl.OneOf(a.output, b.output)
    with dsl.If(f.output == "heads"):
        m1 = make_model(seed=1)
    with dsl.Else():
        m2 = make_model(seed=2)
    use_model(model=dsl.OneOf(m1.output, m2.output))
    show(text=said)
    return said


@dsl.pipeline(name="exits")
def exits(text: str = "boom"):
    final = cleanup()
    with dsl.ExitHandler(final):
        fail(msg=text)
        echo(text=text)
    f = fail(msg="again")
    cleanup().after(f).ignore_upstream_failure()


@dsl.pipeline(name="imports")
def imports(uri: str = "gs://bucket/data.csv"):
    data = dsl.importer(artifact_uri=uri, artifact_class=Dataset, reimport=True, metadata={"source": "bucket"})
    model = dsl.importer(artifact_uri="gs://bucket/model", artifact_class=Model)
    use_data(data=data.output, model=model.output)


@dsl.pipeline(name="templates")
def templates(name: str = "n"):
    e = echo(text=name)
    echo(text=f"{name}-v2")
    echo(text=f"{e.output}!")
    with dsl.ParallelFor(["a", "b"]) as x:
        echo(text=f"item {x} of {name}")


@dsl.pipeline(name="gather")
def gather() -> List[Model]:
    with dsl.ParallelFor([1, 2, 3]) as s:
        m = make_model(seed=s)
    merge(models=dsl.Collected(m.output))
    return dsl.Collected(m.output)


PIPELINES = {
    "conditions": conditions,
    "branches": branches,
    "staticLoop": static_loop,
    "loops": loops,
    "nestedControl": nested_control,
    "oneofs": oneofs,
    "exits": exits,
    "imports": imports,
    "templates": templates,
    "gather": gather,
}


@dsl.pipeline(name="runtime-settings")
def runtime_settings(cpu: str = "500m", memory: str = "4Gi", gpu: str = "NVIDIA_TESLA_T4", gpus: int = 1, image: str = "python:3.12"):
    echo(text="x").set_cpu_limit(cpu).set_memory_request(memory).set_accelerator_type(gpu).set_accelerator_limit(gpus).set_container_image(image)


PIPELINES["runtimeSettings"] = runtime_settings
