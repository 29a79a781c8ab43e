from kfp import dsl


class ThresholdModel(dsl.Artifact):
    schema_title = "system.ThresholdModel"
    schema_version = "0.0.1"
