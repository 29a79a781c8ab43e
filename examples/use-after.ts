import { pipeline, task } from "kfp-ts";
import { echo } from "./lib/intro-components.js";

/** The second task waits for the first without consuming its output. */
export const useAfter = pipeline({ name: "use-after" }, (text = "hi there") => {
  const producer = echo(text);
  task(echo, { after: [producer] })(text);
});
