// Components shared by the introduction examples (the four pipelines of the Vertex AI Pipelines introduction).
import { component } from "kfp-ts";

/**
 * Prints the given text.
 * @param text the text to print
 */
export const helloWorld = component((text: string): void => {
  console.log(text);
});

/**
 * Returns its input, so that another task can consume it.
 * @param text the text to pass on
 */
export const echo = component((text: string): string => {
  console.log(text);
  return text;
});
