// Every example runs locally as a new user would run it, and an immediate second run hits the cache.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleEntries, runCli } from "./helpers.js";

const examples = exampleEntries();

describe("npx kfp-ts run examples/<file>.ts", () => {
  it.each(examples)("%s runs, prints its outputs, and re-runs from the cache", (example) => {
    const root = mkdtempSync(join(tmpdir(), "kfp-ts-example-"));
    const first = runCli(["run", `examples/${example}`, "--root", root, "--json"]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/\nRun \S+ succeeded in [\d.]+s\n/);
    expect(first.stderr).toMatch(/\n(Outputs|Task outputs):\n/s);
    const second = runCli(["run", `examples/${example}`, "--root", root, "--json"]);
    expect(second.status, second.stderr).toBe(0);
    // Equal values; an artifact may come from another execution with the same cache key (as on KFP).
    const values = (text: string) => JSON.parse(text).outputs as Record<string, unknown>;
    const comparable = (outputs: Record<string, unknown>) => Object.fromEntries(Object.entries(outputs).map(([k, v]) =>
      [k, v && typeof v === "object" && "uri" in v ? { ...v, id: undefined, uri: undefined } : v]));
    expect(comparable(values(second.stdout))).toEqual(comparable(values(first.stdout)));
    const shown = JSON.parse(runCli(["runs", "show", JSON.parse(second.stdout).runId, "--root", root, "--json"]).stdout);
    for (const task of shown.tasks.filter((t: { kind: string }) => t.kind === "container")) {
      if (task.cacheNote === "off for this task") expect(task.state).toBe("succeeded");
      else expect([task.path, task.state]).toEqual([task.path, "cached"]);
    }
  });
});

describe("the penguin sample", () => {
  it("classifies the reference split with an accuracy of at least 0.93, and re-runs all four tasks from the cache", () => {
    const root = mkdtempSync(join(tmpdir(), "kfp-ts-penguins-"));
    const first = runCli(["run", "examples/penguins/pipeline.ts", "--root", root, "--json"]);
    expect(first.status, first.stderr).toBe(0);
    const { outputs, runId } = JSON.parse(first.stdout);
    expect(outputs.metrics.metadata.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(first.stderr).toMatch(/accuracy=(1|0\.9[3-9]\d*)\b/);
    const shown = JSON.parse(runCli(["runs", "show", runId, "--root", root, "--json"]).stdout);
    const evaluator = shown.tasks.find((t: { path: string }) => t.path === "evaluator");
    expect(evaluator.outputArtifacts.classification[0].metadata.confusionMatrix.annotationSpecs.map((s: { displayName: string }) => s.displayName)).toEqual(["Adelie", "Chinstrap", "Gentoo"]);
    expect(readFileSync(outputs.confusionMatrix.uri, "utf8")).toContain("<svg");
    expect(JSON.parse(readFileSync(outputs.metrics.uri, "utf8"))).toEqual({ metrics: [{ name: "accuracy", numberValue: outputs.metrics.metadata.accuracy, format: "RAW" }] });

    const second = runCli(["run", "examples/penguins/pipeline.ts", "--root", root, "--json"]);
    const again = JSON.parse(runCli(["runs", "show", JSON.parse(second.stdout).runId, "--root", root, "--json"]).stdout);
    expect(again.tasks.map((t: { path: string; state: string }) => [t.path, t.state])).toEqual([
      ["data-generator", "cached"], ["transform", "cached"], ["trainer", "cached"], ["evaluator", "cached"],
    ]);
  });
});

describe("the penguin sweep", () => {
  it("trains three forests in parallel, deploys the best above the threshold, and only reports it below", () => {
    const root = mkdtempSync(join(tmpdir(), "kfp-ts-sweep-"));
    const states = (args: string[]) => {
      const run = runCli(["run", "examples/penguin-sweep/pipeline.ts", "--root", root, "--json", ...args]);
      expect(run.status, run.stderr).toBe(0);
      const shown = JSON.parse(runCli(["runs", "show", JSON.parse(run.stdout).runId, "--root", root, "--json"]).stdout);
      return new Map<string, { state: string; outputs?: Record<string, unknown> }>(shown.tasks.map((t: { path: string }) => [t.path, t]));
    };
    const deployed = states([]);
    expect([0, 1, 2].map((i) => deployed.get(`exit-handler-1/for-loop-2/${i}/train-and-score`)?.state)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(deployed.get("exit-handler-1/condition-branches-3/condition-4/deploy")?.state).toBe("succeeded");
    expect(deployed.get("exit-handler-1/condition-branches-3/condition-5")?.state).toBe("skipped");
    expect(deployed.get("notify")?.state).toBe("succeeded");

    const reported = states(["--param", "threshold=1.5"]);
    expect(reported.get("exit-handler-1/condition-branches-3/condition-4")?.state).toBe("skipped");
    expect(reported.get("exit-handler-1/condition-branches-3/condition-5/report")?.state).toBe("succeeded");
    expect([0, 1, 2].map((i) => reported.get(`exit-handler-1/for-loop-2/${i}/train-and-score`)?.state)).toEqual(["cached", "cached", "cached"]);
  });
});
