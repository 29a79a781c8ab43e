// Container components: twins of the Python SDK's @dsl.container_component examples (test/containers/twins.py).
import { concat, containerComponent, Dataset, ifPresent, Metrics, Model, pipeline, type Int, type Outputs } from "kfp-ts";

/** Says hello: the greeting goes to an output parameter through its path. */
export const sayHello = containerComponent((out: Outputs<{ greeting: string }>, name: string) => ({
  image: "alpine",
  command: ["sh", "-c", 'mkdir -p "$(dirname "$1")" && echo "Hello, $0!" | tee "$1"'],
  args: [name, out.greeting],
}));

/** Greets someone, or an anonymous user when no name is given. */
export const helloSomeone = containerComponent((name?: string) => ({
  image: "alpine",
  command: ["echo", "hello", ifPresent(name, [name], ["anonymous user"])],
}));

/** Writes a dataset of `rows` lines. */
export const makeData = containerComponent((out: Outputs<{ data: Dataset }>, rows: Int) => ({
  image: "alpine",
  command: ["sh", "-c", 'mkdir -p "$(dirname "$1")" && seq "$0" > "$1"'],
  args: [rows, out.data.path],
}));

/** Every placeholder kind: artifact paths, URIs and metadata, parameters, template literals, ifPresent and concat. */
export const train = containerComponent((out: Outputs<{ model: Model; metrics: Metrics; accuracy: number }>, data: Dataset, epochs: Int, rate = 0.1, tag?: string) => ({
  image: "python:3.11",
  command: ["python3", "-m", "trainer"],
  args: [
    "--data", data.path, "--data-uri", data.uri, "--data-metadata", data.metadata,
    "--epochs", epochs, "--rate", rate, `--name=run-${epochs}-${rate}`,
    "--model", out.model.path, "--model-uri", out.model.uri, "--metrics", out.metrics.path, "--accuracy", out.accuracy,
    ifPresent(tag, ["--tag", tag]),
    concat("--label=", "run-", epochs),
    ifPresent(tag, concat("tag=", tag), "untagged"),
  ],
}));

export const containers = pipeline({ name: "containers" }, (who = "ada", epochs: Int = 2) => {
  const hello = sayHello(who);
  helloSomeone(hello.greeting);
  helloSomeone();
  const made = makeData(epochs);
  train(made.data, epochs, 0.5, "v1");
  train(made.data, 1);
});

/** The commands that exist on any host (sh, echo, seq), for the local runner. */
export const containersLocal = pipeline({ name: "containers-local" }, (who = "ada", rows: Int = 3) => {
  const hello = sayHello(who);
  helloSomeone(hello.greeting);
  helloSomeone();
  makeData(rows);
  return hello.greeting;
});
