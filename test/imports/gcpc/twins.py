"""Python twins of pipelines.ts: Google Cloud Pipeline Components loaded from the corpus YAML (argv: the corpus dir
is GCPC_CORPUS) with load_component_from_file."""
import os

from kfp import components, dsl
from google_cloud_pipeline_components.types import artifact_types

CORPUS = os.path.join(os.environ["GCPC_CORPUS"], "compiled")


def load(name):
    return components.load_component_from_file(os.path.join(CORPUS, name + ".yaml"))


custom_training_job = load("v1.custom_job.CustomTrainingJobOp")
wait_gcp_resources = load("v1.wait_gcp_resources.WaitGcpResourcesOp")
model_upload = load("v1.model.ModelUploadOp")
endpoint_create = load("v1.endpoint.EndpointCreateOp")
model_deploy = load("v1.endpoint.ModelDeployOp")
model_get = load("v1.model.ModelGetOp")
notification_email = load("v1.vertex_notification_email.VertexNotificationEmailOp")
bigquery_query_job = load("v1.bigquery.BigqueryQueryJobOp")
bigquery_create_model_job = load("v1.bigquery.BigqueryCreateModelJobOp")
bigquery_evaluate_model_job = load("v1.bigquery.BigqueryEvaluateModelJobOp")
tabular_dataset_create = load("v1.dataset.TabularDatasetCreateOp")
dataflow_python = load("v1.dataflow.DataflowPythonJobOp")


@dsl.pipeline(name="train-and-deploy")
def train_and_deploy(project: str, location: str = "us-central1", artifacts: str = "gs://bucket/model"):
    """Trains in a custom job, uploads and deploys the model, and mails its status at the end."""
    notify = notification_email(recipients=["ml-team@example.com"])
    with dsl.ExitHandler(notify):
        training = custom_training_job(
            project=project, location=location, display_name="train",
            worker_pool_specs=[{"machine_spec": {"machine_type": "n1-standard-4"}, "replica_count": 1, "container_spec": {"image_uri": "gcr.io/p/trainer:1"}}],
        )
        waited = wait_gcp_resources(gcp_resources=training.outputs["gcp_resources"])
        container = dsl.importer(artifact_uri=artifacts, artifact_class=artifact_types.UnmanagedContainerModel, metadata={"containerSpec": {"imageUri": "gcr.io/p/server:1"}})
        uploaded = model_upload(project=project, location=location, display_name="model", unmanaged_container_model=container.output)
        endpoint = endpoint_create(project=project, location=location, display_name="serving")
        model_deploy(model=uploaded.outputs["model"], endpoint=endpoint.outputs["endpoint"], dedicated_resources_machine_type="n1-standard-2", dedicated_resources_min_replica_count=1)
        model_get(model_name=waited.outputs["gcp_resources"], project=project)


@dsl.pipeline(name="bigquery-ml")
def bigquery_ml(project: str, location: str = "US"):
    """Queries BigQuery, trains and evaluates a BigQuery ML model, creates a dataset and runs Dataflow."""
    table = bigquery_query_job(project=project, location=location, query="SELECT * FROM penguins", query_parameters=[])
    created = bigquery_create_model_job(project=project, location=location, query="CREATE MODEL m OPTIONS(model_type='logistic_reg') AS SELECT 1")
    bigquery_evaluate_model_job(project=project, location=location, model=created.outputs["model"])
    tabular_dataset_create(project=project, display_name="penguins", bq_source="bq://p.d.t")
    dataflow_python(project=project, location="us-central1", python_module_path="gs://b/main.py", temp_location="gs://b/tmp", requirements_file_path="gs://b/req.txt")
    wait_gcp_resources(gcp_resources=table.outputs["gcp_resources"])


PIPELINES = {"trainAndDeploy": train_and_deploy, "bigqueryMl": bigquery_ml}
