// Written by `kfp-ts import`: typed components for component YAML files. Regenerate rather than edit.
import { Dataset, importedComponent, type Int } from "kfp-ts";

/**
 * Counts the words of a text file with wc.
 *
 * Runs `alpine`, from ./count-words.yaml.
 */
export const countWords = importedComponent<{
  /** The text to count. */
  text: Dataset;
}, {
  /** How many words the text has. */
  count: Int;
}>("./count-words.yaml");
