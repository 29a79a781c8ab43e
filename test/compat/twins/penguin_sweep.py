from typing import List, NamedTuple

from kfp import dsl
from kfp.dsl import Artifact, Dataset, Input, Model, Output, PipelineTaskFinalStatus

from penguins import data_generator, transform


@dsl.component
def train_and_score(transformedTrainData: Input[Dataset], transformedEvalData: Input[Dataset], suffix: str, trees: int, model: Output[Model]) -> NamedTuple("Outputs", [("accuracy", float)]):
    """Trains a random forest of the given size and scores it on the evaluation rows.

    Args:
        transformedTrainData: the training rows, renamed with the suffix
        transformedEvalData: the evaluation rows, renamed with the suffix
        suffix: the suffix of the column names
        trees: how many trees the forest grows

    Returns:
        model: the fitted model
        accuracy: the accuracy on the evaluation rows
    """


@dsl.component
def pick_best(models: Input[List[Model]], accuracies: List[float], model: Output[Model]) -> NamedTuple("Outputs", [("accuracy", float)]):
    """Picks the most accurate model (the smallest forest among equals).

    Args:
        models: the models of the sweep
        accuracies: their accuracies, in the same order

    Returns:
        model: the best model
        accuracy: its accuracy
    """


@dsl.component
def deploy(model: Input[Model]) -> Artifact:
    """Deploys the model: writes the endpoint record a serving system would read.

    Args:
        model: the model to serve

    Returns:
        Output: the endpoint
    """


@dsl.component
def report(accuracy: float, reason: str) -> str:
    """Reports a model that was not deployed.

    Args:
        accuracy: the model's accuracy
        reason: why it was not deployed
    """


@dsl.component
def notify(status: PipelineTaskFinalStatus) -> str:
    """Says how the sweep ended, whatever happened to it.

    Args:
        status: the final status of the sweep
    """


@dsl.pipeline(name="penguin-sweep")
def penguin_sweep(treeCounts: List[int] = [3, 10, 30], threshold: float = 0.97, suffix: str = "_xf"):
    """Trains forests of several sizes, and deploys the most accurate when it is accurate enough."""
    final = notify().set_caching_options(False)
    with dsl.ExitHandler(final):
        data = data_generator()
        transformed = transform(trainData=data.outputs["trainData"], evalData=data.outputs["evalData"], suffix=suffix)
        with dsl.ParallelFor(treeCounts, parallelism=2) as trees:
            run = train_and_score(transformedTrainData=transformed.outputs["transformedTrainData"], transformedEvalData=transformed.outputs["transformedEvalData"], suffix=suffix, trees=trees)
        best = pick_best(models=dsl.Collected(run.outputs["model"]), accuracies=dsl.Collected(run.outputs["accuracy"]))
        with dsl.If(best.outputs["accuracy"] >= threshold):
            deploy(model=best.outputs["model"])
        with dsl.Else():
            report(accuracy=best.outputs["accuracy"], reason="below the threshold")


PIPELINES = {"penguinSweep": penguin_sweep}
