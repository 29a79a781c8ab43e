/** A mistake in what the executor was given or what the component returned: reported without a stack trace. */
export class ExecutorError extends Error {
  override name = "ExecutorError";
}
