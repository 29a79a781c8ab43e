import { pipeline, task } from "kfp-ts";
import { helloWorld } from "./lib/intro-components.js";

/** The task asks for one GPU (Vertex AI schedules it on an accelerator; a local run ignores the request). */
export const withGpu = pipeline({ name: "hello-world-with-gpu" }, (text = "hi accelerator") => {
  task(helloWorld, { accelerator: { type: "NVIDIA_TESLA_K80", count: 1 } })(text);
});
