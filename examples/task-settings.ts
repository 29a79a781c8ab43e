import { pipeline, task } from "kfp-ts";
import { echo, helloWorld } from "./lib/intro-components.js";

/** Every task setting: display name, caching, retries, resources, an accelerator, environment and image. */
export const taskSettings = pipeline({ name: "task-settings", displayName: "Task settings" }, (text = "configured") => {
  const first = task(echo, {
    displayName: "first echo",
    caching: false,
    retry: { count: 3, backoffDuration: "30s", backoffFactor: 1.5, backoffMaxDuration: "10m" },
  })(text);
  const second = task(echo, {
    cpuRequest: "500m",
    cpuLimit: 2,
    memoryRequest: "512Mi",
    memoryLimit: "4G",
    env: { GREETING: "hello", MODE: "test" },
    cacheKey: "echo-v1",
    image: "node:20-slim",
  })(first);
  task(helloWorld, { accelerator: { type: "NVIDIA_TESLA_T4", count: 2 }, after: [first] })(second);
});
