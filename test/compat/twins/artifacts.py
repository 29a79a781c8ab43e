from typing import NamedTuple

from kfp import dsl
from kfp.dsl import ClassificationMetrics, Dataset, Input, Markdown, Metrics

from custom_artifacts import ThresholdModel


@dsl.component
def make_points(count: int = 200, seed: int = 7) -> Dataset:
    """Generates points of two classes on either side of the line x + y = 1.

    Args:
        count: how many points
        seed: the seed of the random generator
    """


@dsl.component
def split_points(points: Input[Dataset], testFraction: float = 0.25) -> NamedTuple("Outputs", [("train", Dataset), ("test", Dataset)]):
    """Splits points into a training and a test set.

    Args:
        points: the points to split
        testFraction: the share of points that go to the test set
    """


@dsl.component
def fit_threshold(train: Input[Dataset]) -> NamedTuple("Outputs", [("model", ThresholdModel), ("trainAccuracy", float)]):
    """Fits a threshold on the sum of the features.

    Args:
        train: the training points

    Returns:
        model: the fitted threshold
        trainAccuracy: accuracy on the training points
    """


@dsl.component
def evaluate(model: Input[ThresholdModel], test: Input[Dataset]) -> NamedTuple("Outputs", [("metrics", Metrics), ("confusion", ClassificationMetrics), ("report", Markdown)]):
    """Scores the model on the test points.

    Args:
        model: the fitted model
        test: the test points
    """


Outputs = NamedTuple("Outputs", [("model", ThresholdModel), ("trainAccuracy", float), ("metrics", Metrics), ("report", Markdown)])


@dsl.pipeline(name="artifacts")
def artifacts_pipeline(count: int = 200, seed: int = 7) -> Outputs:
    """Generates points, fits a threshold and evaluates it."""
    points = make_points(count=count, seed=seed)
    split = split_points(points=points.output)
    fitted = fit_threshold(train=split.outputs["train"])
    evaluated = evaluate(model=fitted.outputs["model"], test=split.outputs["test"])
    return Outputs(model=fitted.outputs["model"], trainAccuracy=fitted.outputs["trainAccuracy"], metrics=evaluated.outputs["metrics"], report=evaluated.outputs["report"])


PIPELINES = {
    "artifactsPipeline": artifacts_pipeline,
    "makePoints": make_points,
    "splitPoints": split_points,
    "fitThreshold": fit_threshold,
    "evaluate": evaluate,
}
