from typing import NamedTuple

from kfp import dsl
from kfp.dsl import Dataset, Metrics

from artifacts import evaluate, fit_threshold, make_points, split_points

Split = NamedTuple("Split", [("train", Dataset), ("test", Dataset)])


@dsl.pipeline(name="prepare")
def prepare(count: int = 100, seed: int = 1) -> Split:
    """Makes the training and test sets: a pipeline used as a step of another."""
    points = make_points(count=count, seed=seed)
    split = split_points(points=points.output)
    return Split(train=split.outputs["train"], test=split.outputs["test"])


@dsl.pipeline(name="nested")
def nested(count: int = 100) -> Metrics:
    """Prepares data with a nested pipeline, then fits and evaluates twice on it."""
    prepared = prepare(count=count)
    first = fit_threshold(train=prepared.outputs["train"])
    second = fit_threshold(train=prepared.outputs["train"])
    evaluated = evaluate(model=first.outputs["model"], test=prepared.outputs["test"])
    evaluate(model=second.outputs["model"], test=prepared.outputs["test"])
    return evaluated.outputs["metrics"]


PIPELINES = {"prepare": prepare, "nested": nested}
