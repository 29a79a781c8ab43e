import { pipeline } from "kfp-ts";
import { echo } from "./lib/intro-components.js";

/** One task consumes what another produced: the edge comes from the data flow. */
export const producerConsumer = pipeline({ name: "producer-consumer" }, (text = "hi there") => {
  const producer = echo(text);
  echo(producer);
});
