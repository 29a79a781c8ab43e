from typing import NamedTuple, Optional

from kfp import dsl
from kfp.dsl import Dataset, Input, Model


@dsl.component
def make_data(rows: int = 5) -> Dataset:
    """Writes `rows` numbered lines."""


@dsl.component
def train(data: Input[Dataset], epochs: int = 10, rate: Optional[float] = None) -> NamedTuple("Outputs", [("model", Model), ("rows", int)]):
    """Fits a model that remembers how many rows it saw.

    Args:
        data: the training rows
        rate: The step size; optional, with no default.
    """


@dsl.pipeline(name="named-arguments")
def named_arguments(rows: int = 4) -> Model:
    """Trains on generated rows, passing inputs by name as Python users pass keywords."""
    data = make_data(rows=rows)
    return train(data=data.output, epochs=3).outputs["model"]


PIPELINES = {"namedArguments": named_arguments, "makeData": make_data, "train": train}
