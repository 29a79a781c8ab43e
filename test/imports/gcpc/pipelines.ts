// Pipelines of Google Cloud Pipeline Components imported with `kfp-ts import` (the test writes ./gcpc.ts from
// the corpus), twins of ./twins.py that loads the same YAML with load_component_from_file.
import { finalStatus, importArtifact, pipeline } from "kfp-ts";
import {
  bigqueryCreateModelJob, bigqueryEvaluateModelJob, bigqueryQueryJob, customTrainingJob, dataflowPython,
  endpointCreate, modelDeploy, modelGet, modelUpload, tabularDatasetCreate, vertexPipelinesNotificationEmail,
  UnmanagedContainerModel, waitGcpResources,
} from "./gcpc.js";

/** Trains in a custom job, uploads and deploys the model, and mails its status at the end. */
export const trainAndDeploy = pipeline({ name: "train-and-deploy" }, (project: string, location = "us-central1", artifacts = "gs://bucket/model") => {
  try {
    const training = customTrainingJob({
      project, location, display_name: "train",
      worker_pool_specs: [{ machine_spec: { machine_type: "n1-standard-4" }, replica_count: 1, container_spec: { image_uri: "gcr.io/p/trainer:1" } }],
    });
    const waited = waitGcpResources({ gcp_resources: training.gcp_resources });
    const container = importArtifact(UnmanagedContainerModel, artifacts, { metadata: { containerSpec: { imageUri: "gcr.io/p/server:1" } } });
    const uploaded = modelUpload({ project, location, display_name: "model", unmanaged_container_model: container });
    const endpoint = endpointCreate({ project, location, display_name: "serving" });
    modelDeploy({ model: uploaded.model, endpoint: endpoint.endpoint, dedicated_resources_machine_type: "n1-standard-2", dedicated_resources_min_replica_count: 1 });
    modelGet({ model_name: waited.gcp_resources, project });
  } finally {
    vertexPipelinesNotificationEmail({ recipients: ["ml-team@example.com"], pipeline_task_final_status: finalStatus() });
  }
});

/** Queries BigQuery, trains and evaluates a BigQuery ML model, creates a dataset and runs Dataflow. */
export const bigqueryMl = pipeline({ name: "bigquery-ml" }, (project: string, location = "US") => {
  const table = bigqueryQueryJob({ project, location, query: "SELECT * FROM penguins", query_parameters: [] });
  const created = bigqueryCreateModelJob({ project, location, query: "CREATE MODEL m OPTIONS(model_type='logistic_reg') AS SELECT 1" });
  bigqueryEvaluateModelJob({ project, location, model: created.model });
  tabularDatasetCreate({ project, display_name: "penguins", bq_source: "bq://p.d.t" });
  dataflowPython({ project, location: "us-central1", python_module_path: "gs://b/main.py", temp_location: "gs://b/tmp", requirements_file_path: "gs://b/req.txt" });
  waitGcpResources({ gcp_resources: table.gcp_resources });
});
