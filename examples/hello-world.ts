import { pipeline } from "kfp-ts";
import { helloWorld } from "./lib/intro-components.js";

export const helloWorldPipeline = pipeline(
  { name: "hello-world", description: "A simple intro pipeline", root: "gs://your-bucket/helloworld/" },
  (text = "hi there") => {
    helloWorld(text);
  },
);
