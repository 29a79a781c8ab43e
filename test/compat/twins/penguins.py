from typing import NamedTuple

from kfp import dsl
from kfp.dsl import HTML, ClassificationMetrics, Dataset, Input, Metrics, Model


@dsl.component
def data_generator() -> NamedTuple("Outputs", [("trainData", Dataset), ("evalData", Dataset)]):
    """Prepares the Palmer penguins data shipped in vega-datasets and writes the train and eval CSVs.

    Returns:
        trainData: the training rows (80%)
        evalData: the evaluation rows (20%)
    """


@dsl.component
def transform(trainData: Input[Dataset], evalData: Input[Dataset], suffix: str) -> NamedTuple("Outputs", [("transformedTrainData", Dataset), ("transformedEvalData", Dataset)]):
    """Renames the columns of the train and eval sets with the suffix.

    Args:
        trainData: the training rows
        evalData: the evaluation rows
        suffix: appended to every column name

    Returns:
        transformedTrainData: the training rows, renamed
        transformedEvalData: the evaluation rows, renamed
    """


@dsl.component
def trainer(transformedTrainData: Input[Dataset], suffix: str) -> Model:
    """Trains the classifier on the transformed training rows.

    Args:
        transformedTrainData: the training rows, renamed with the suffix
        suffix: the suffix of the column names

    Returns:
        Output: the fitted model
    """


@dsl.component
def evaluator(trainedModel: Input[Model], transformedEvalData: Input[Dataset], suffix: str) -> NamedTuple("Outputs", [("metrics", Metrics), ("classification", ClassificationMetrics), ("confusionMatrix", HTML)]):
    """Scores the trained model on the transformed evaluation rows.

    Args:
        trainedModel: the fitted model
        transformedEvalData: the evaluation rows, renamed with the suffix
        suffix: the suffix of the column names

    Returns:
        metrics: the accuracy on the evaluation rows
        classification: the confusion matrix, in counts
        confusionMatrix: the row-normalised confusion matrix, drawn
    """


Outputs = NamedTuple("Outputs", [("metrics", Metrics), ("confusionMatrix", HTML)])


@dsl.pipeline(name="kfp-sample-pipeline", pipeline_root="gs://your-bucket/penguins/")
def penguins_pipeline(suffix: str = "_xf") -> Outputs:
    """Classifies Palmer penguins by species with a random forest."""
    data = data_generator()
    transformed = transform(trainData=data.outputs["trainData"], evalData=data.outputs["evalData"], suffix=suffix)
    trained = trainer(transformedTrainData=transformed.outputs["transformedTrainData"], suffix=suffix)
    evaluated = evaluator(trainedModel=trained.output, transformedEvalData=transformed.outputs["transformedEvalData"], suffix=suffix)
    return Outputs(metrics=evaluated.outputs["metrics"], confusionMatrix=evaluated.outputs["confusionMatrix"])


PIPELINES = {
    "penguinsPipeline": penguins_pipeline,
    "dataGenerator": data_generator,
    "transform": transform,
    "trainer": trainer,
    "evaluator": evaluator,
}
