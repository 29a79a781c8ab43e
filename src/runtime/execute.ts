import { localPathForUri } from "../dsl/uri.js";
import type { ExecutorInput } from "../spec/executor.js";
import { buildArguments } from "./arguments.js";
import { ExecutorError } from "./errors.js";
import type { ExecutableComponent } from "./interface.js";
import { outputValues, publishOutputs, writeText } from "./outputs.js";
import { ScratchSpace } from "./scratch.js";

/**
 * The container entry point of a bundled component: reads `--executor_input`,
 * calls the function, writes its outputs, and exits non-zero on failure.
 */
export async function execute(component: ExecutableComponent, argv: readonly string[] = process.argv.slice(2)): Promise<never> {
  const name = component.interface.name;
  let code = 0;
  try {
    await run(component, argv);
  } catch (error) {
    if (error instanceof ExecutorError) process.stderr.write(`kfp-ts: component '${name}' failed: ${error.message}\n`);
    else process.stderr.write(`kfp-ts: component '${name}' threw:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 1;
  }
  // Exit at once (timers and sockets the component left open must not keep the container alive), but
  // only after stdout and stderr have drained: on a pipe, process.exit() drops what is still queued.
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

/** Resolves once everything written to `stream` so far has been handed to the system. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    stream.write("", () => resolve());
  });
}

async function run(component: ExecutableComponent, argv: readonly string[]): Promise<void> {
  const input = parseExecutorInput(argv);
  const outputFile = input.outputs?.outputFile;
  const scratch = new ScratchSpace(outputFile);
  try {
    const args = buildArguments(component, input);
    const returned = await component.fn(...args);
    const output = publishOutputs(component.interface, outputValues(component.interface, returned), input, scratch);
    if (outputFile && isChiefWorker()) writeText(localPathForUri(outputFile), JSON.stringify(output));
  } finally {
    scratch.dispose();
  }
}

export function parseExecutorInput(argv: readonly string[]): ExecutorInput {
  const index = argv.indexOf("--executor_input");
  const text = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith("--executor_input="))?.slice("--executor_input=".length);
  if (text === undefined) {
    throw new ExecutorError("missing --executor_input: this program is a KFP component, started by a pipeline runner with the task's executor input");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ExecutorError(`--executor_input is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ExecutorError("--executor_input must be a JSON object (an ExecutorInput)");
  }
  return parsed as ExecutorInput;
}

// Multi-worker jobs (CLUSTER_SPEC): only the chief writes the executor output, as the Python executor does.
function isChiefWorker(): boolean {
  const spec = process.env.CLUSTER_SPEC;
  if (!spec) return true;
  try {
    const type = (JSON.parse(spec) as { task?: { type?: string } }).task?.type;
    return type === undefined || ["workerpool0", "chief", "master"].includes(type);
  } catch {
    return true;
  }
}
