// kfp-ts/submit: send pipelines to Vertex AI Pipelines, Kubeflow Pipelines and Artifact Registry. Runs on the developer's machine.
export { submitToVertex, waitForVertexJob, getVertexJob, listVertexJobs, cancelVertexJob, pipelineJobRequest, finalStates, type VertexJob, type VertexSubmitOptions, type WaitOptions } from "./vertex/jobs.js";
export { pipelineServiceClient, type VertexLocation } from "./vertex/client.js";
export { toProtoStruct, toProtoValue, fromProtoStruct, fromProtoValue, type ProtoStruct, type ProtoValue } from "./vertex/struct.js";
export { submitToKfp, getKfpRun, waitForKfpRun, kfpFinalStates, type KfpRun, type KfpSubmitOptions } from "./kfp/runs.js";
export { uploadTemplate, type UploadOptions, type UploadedTemplate } from "./registry.js";
export { loadPipeline } from "../host/pipeline-file.js";
export { UserError } from "../errors.js";
