// Hostile specs and faulty tasks against the real local runner (the real CLI, real subprocesses).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resumeRun } from "../src/local/resume.js";
import { runPipelineSpec } from "../src/local/run.js";
import type { PipelineSpec } from "../src/spec/pipeline-spec.js";
import { compile } from "../transformer/compile.js";
import { repoRoot, runCli } from "./helpers.js";

const temp = (prefix = "kfp-ts-hostile-") => mkdtempSync(join(tmpdir(), prefix));

interface ShellSpec {
  pipeline?: string;
  task?: string;
  output?: string;
  script?: string;
  retries?: number;
  /** The default of the pipeline parameter `text`, passed to the script as its $0. */
  text?: string;
  env?: Record<string, string>;
}

/** A one-task spec whose task runs `script` with `sh -c` and writes its artifact output `output`. */
function shellSpec({ pipeline = "shell", task = "step", output = "notes", script = 'mkdir -p "$(dirname "$1")" && echo "$0" > "$1"', retries, text = "hi", env }: ShellSpec = {}): PipelineSpec {
  return {
    components: {
      "comp-step": {
        executorLabel: "exec-step",
        inputDefinitions: { parameters: { text: { parameterType: "STRING", defaultValue: "hi", isOptional: true } } },
        outputDefinitions: { artifacts: { [output]: { artifactType: { schemaTitle: "system.Artifact", schemaVersion: "0.0.1" } } } },
      },
    },
    deploymentSpec: {
      executors: {
        "exec-step": { container: { image: "alpine:3", command: ["sh", "-c"], args: [script, "{{$.inputs.parameters['text']}}", `{{$.outputs.artifacts['${output}'].path}}`],
          ...(env && { env: Object.entries(env).map(([name, value]) => ({ name, value })) }) } },
      },
    },
    pipelineInfo: { name: pipeline },
    root: {
      inputDefinitions: { parameters: { text: { parameterType: "STRING", defaultValue: text, isOptional: true } } },
      dag: {
        tasks: {
          [task]: {
            taskInfo: { name: task },
            componentRef: { name: "comp-step" },
            inputs: { parameters: { text: { componentInputParameter: "text" } } },
            cachingOptions: {},
            ...(retries !== undefined && { retryPolicy: { maxRetryCount: retries, backoffDuration: "0s" } }),
          },
        },
      },
    },
    schemaVersion: "2.1.0",
    sdkVersion: "hand-written",
  } as PipelineSpec;
}

/** Writes the spec as JSON (names with any character survive) into a fresh sandbox, and runs it there. */
function runSpec(spec: PipelineSpec, args: string[] = []) {
  const sandbox = temp();
  const root = join(sandbox, "root");
  const file = join(sandbox, "spec.json");
  writeFileSync(file, JSON.stringify(spec));
  const result = runCli(["run", file, "--root", root, ...args]);
  return { ...result, sandbox, root };
}

/** Everything under `dir`, as relative paths. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

describe("names in a spec cannot lead a run out of its root", () => {
  it.each([
    ["a pipeline name with ..", { pipeline: "../ESC-PIPE" }, "pipelineInfo.name"],
    ["a task name with ..", { task: "../../../ESC-TASK" }, "root.dag.tasks"],
    ["an absolute task name", { task: "/tmp/ABS-TASK" }, "root.dag.tasks"],
    ["an output name with ..", { output: "../../../../ESC-OUT" }, "components.comp-step.outputDefinitions.artifacts"],
    ["an absolute output name", { output: "/tmp/ABS-OUT" }, "components.comp-step.outputDefinitions.artifacts"],
    ["a task name with a NUL byte", { task: "a\u0000b" }, "root.dag.tasks"],
    ["an output name with a NUL byte", { output: "a\u0000b" }, "components.comp-step.outputDefinitions.artifacts"],
    ["a task name that is a runner folder", { task: ".staging" }, "root.dag.tasks"],
    ["an empty output name", { output: "" }, "components.comp-step.outputDefinitions.artifacts"],
  ])("refuses %s with an error naming the field, and writes nothing", (_, names, field) => {
    const { status, stderr, sandbox } = runSpec(shellSpec(names));
    expect(status, stderr).toBe(1);
    expect(stderr).toContain(field);
    expect(stderr).toContain("is not a safe name");
    expect(stderr).not.toMatch(/unexpected error|    at /);
    expect(tree(sandbox)).toEqual(["spec.json"]);
    expect(existsSync("/tmp/ABS-TASK") || existsSync("/tmp/ABS-OUT")).toBe(false);
  });

  it("refuses the same names from the API, before anything runs", async () => {
    const root = join(temp(), "root");
    await expect(runPipelineSpec(shellSpec({ task: "../../x" }), { root })).rejects.toThrow(/root\.dag\.tasks: "\.\.\/\.\.\/x" is not a safe name/);
    expect(existsSync(root)).toBe(false);
  });

  it("refuses a pipeline folder that is a symbolic link out of the root, and writes nothing there", () => {
    const sandbox = temp();
    const root = join(sandbox, "root");
    const outside = join(sandbox, "outside");
    mkdirSync(root);
    mkdirSync(outside);
    symlinkSync(outside, join(root, "shell"));
    const file = join(sandbox, "spec.json");
    writeFileSync(file, JSON.stringify(shellSpec()));
    const { status, stderr } = runCli(["run", file, "--root", root]);
    expect(status, stderr).toBe(1);
    expect(stderr).toMatch(/symbolic link that leads outside/);
    expect(stderr).not.toMatch(/unexpected error|    at /);
    expect(readdirSync(outside)).toEqual([]);
  });

  it("refuses a dangling symbolic link in the way", () => {
    const sandbox = temp();
    const root = join(sandbox, "root");
    mkdirSync(root);
    symlinkSync(join(sandbox, "not-yet"), join(root, "shell"));
    const file = join(sandbox, "spec.json");
    writeFileSync(file, JSON.stringify(shellSpec()));
    const { status, stderr } = runCli(["run", file, "--root", root]);
    expect(status, stderr).toBe(1);
    expect(stderr).toMatch(/symbolic link that leads nowhere/);
    expect(existsSync(join(sandbox, "not-yet"))).toBe(false);
  });

  it("follows symbolic links that stay inside the root, and a root that is itself a link", () => {
    const sandbox = temp();
    const real = join(sandbox, "real-root");
    mkdirSync(join(real, "elsewhere"), { recursive: true });
    symlinkSync(join(real, "elsewhere"), join(real, "shell"));
    symlinkSync(real, join(sandbox, "root"));
    const file = join(sandbox, "spec.json");
    writeFileSync(file, JSON.stringify(shellSpec()));
    const { status, stderr } = runCli(["run", file, "--root", join(sandbox, "root")]);
    expect(status, stderr).toBe(0);
    expect(readdirSync(join(real, "elsewhere"))).toHaveLength(1);
  });
});

describe("names and values that no process can take", () => {
  it("shortens a 300-character pipeline name with a stable hash suffix", () => {
    const name = "p".repeat(300);
    const first = runSpec(shellSpec({ pipeline: name }));
    expect(first.status, first.stderr).toBe(0);
    const [folder] = readdirSync(first.root).filter((f) => f.startsWith("p"));
    expect(folder!.length).toBeLessThanOrEqual(120);
    expect(folder).toMatch(/^p+-[0-9a-f]{12}$/);
    const second = runSpec(shellSpec({ pipeline: name }));
    expect(readdirSync(second.root).filter((f) => f.startsWith("p"))).toEqual([folder]);
  });

  it.each([
    ["a parameter value passed as an argument", { text: "a\u0000b" }, /argument 4 contains a NUL byte/],
    ["an environment value", { env: { MODE: "a\u0000b" } }, /environment variable "MODE" contains a NUL byte/],
  ])("fails a task when %s holds a NUL byte, with a message and no trace", (_, settings, message) => {
    const { status, stderr } = runSpec(shellSpec(settings));
    expect(status).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/unexpected error|    at /);
  });
});

describe("task timeouts", () => {
  it("kills the whole process tree of a task that runs too long, and retries it per its policy", () => {
    const sandbox = temp();
    const pids = join(sandbox, "pids");
    // The task starts a grandchild that would outlive a naive kill, then waits.
    const script = `sleep 300 & echo $! >> ${pids}; echo $$ >> ${pids}; wait`;
    const file = join(sandbox, "spec.json");
    writeFileSync(file, JSON.stringify(shellSpec({ script, retries: 1 })));
    const started = Date.now();
    const { status, stderr } = runCli(["run", file, "--root", join(sandbox, "root"), "--task-timeout", "1s"]);
    expect(status).toBe(1);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(stderr).toContain("timed out after 1s");
    const written = readFileSync(pids, "utf8").trim().split("\n").map(Number);
    expect(written).toHaveLength(4); // two attempts, each a shell and its sleep
    for (const pid of written) expect(alive(pid), `process ${pid}`).toBe(false);
  });

  it("refuses a --task-timeout that is not a duration", () => {
    const { status, stderr } = runSpec(shellSpec(), ["--task-timeout", "soon"]);
    expect(status).toBe(2);
    expect(stderr).toContain("--task-timeout takes a duration");
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by its parent) is gone for our purpose; so is one reaped since the check above.
  const ps = spawnSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" });
  return ps.status === 0 && !/^Z/m.test(ps.stdout.trim());
}

describe("task output", () => {
  let specs: Map<string, PipelineSpec>;
  beforeAll(async () => {
    const result = await compile(join(repoRoot, "test/fixtures/hostile/faults.ts"));
    specs = new Map(result.specs.map((s) => [s.name, s.spec]));
  });

  it("keeps the head and the tail of a capped log, saying how much was dropped", async () => {
    const script = 'i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i+1)); done; mkdir -p "$(dirname "$1")"; echo x > "$1"';
    const result = await runPipelineSpec(shellSpec({ script }), { root: join(temp(), "root"), maxLogBytes: 2000 });
    expect(result.status).toBe("succeeded");
    const log = readFileSync(result.tasks[0]!.logPath!, "utf8");
    expect(log).toMatch(/^=== step: attempt 1 of 1/);
    expect(log).toContain("line 0\nline 1\n");
    expect(log).toMatch(/line 1999\n$/);
    const dropped = /\[kfp-ts: (\d+) bytes of output dropped here; the log keeps the first 1000 and the last 1000 bytes\]/.exec(log);
    expect(dropped).not.toBeNull();
    const total = Array.from({ length: 2000 }, (_, i) => `line ${i}\n`).join("").length;
    expect(Number(dropped![1])).toBe(total - 2000);
  });

  it("gets the last line of a very loud kfp-ts component into its log (the runtime lets stdout drain)", async () => {
    const result = await runPipelineSpec(specs.get("loud")!, { root: join(temp(), "root"), parameters: { megabytes: 30 } });
    expect(result.status).toBe("succeeded");
    const log = readFileSync(result.tasks[0]!.logPath!, "utf8");
    expect(log.trimEnd().endsWith("THE LAST LINE")).toBe(true);
    expect(log).toContain("bytes of output dropped here");
  });

  it("fails a component whose top-level await never settles with exit code 13, as plain Node does", async () => {
    const result = await runPipelineSpec(specs.get("never-settles")!, { root: join(temp(), "root") });
    expect(result.status).toBe("failed");
    expect(result.tasks[0]).toMatchObject({ state: "failed", exitCode: 13 });
    expect(readFileSync(result.tasks[0]!.logPath!, "utf8")).toContain("Detected unsettled top-level await");
  });
});

describe("kfp-ts run --resume", () => {
  /** a → b → c, each a shell task that counts its runs; b waits for `gate` the first time, so the runner can be killed then. */
  function chainSpec(dir: string): PipelineSpec {
    const step = (name: string, wait: boolean) => ({
      component: {
        executorLabel: `exec-${name}`,
        outputDefinitions: { artifacts: { out: { artifactType: { schemaTitle: "system.Artifact", schemaVersion: "0.0.1" } } } },
      },
      executor: {
        container: {
          image: "alpine:3", command: ["sh", "-c"],
          args: [
            `echo run >> ${dir}/${name}.runs; ${wait ? `if [ ! -f ${dir}/gate ]; then echo $$ > ${dir}/${name}.pid; mkdir -p "$(dirname "$0")"; echo partial > "$0"; sleep 300; fi; ` : ""}mkdir -p "$(dirname "$0")"; echo ${name} > "$0"`,
            "{{$.outputs.artifacts['out'].path}}",
          ],
        },
      },
    });
    const names = ["a", "b", "c"];
    return {
      components: Object.fromEntries(names.map((n) => [`comp-${n}`, step(n, n === "b").component])),
      deploymentSpec: { executors: Object.fromEntries(names.map((n) => [`exec-${n}`, step(n, n === "b").executor])) },
      pipelineInfo: { name: "resumable" },
      root: {
        dag: {
          tasks: Object.fromEntries(names.map((n, i) => [n, {
            taskInfo: { name: n }, componentRef: { name: `comp-${n}` }, cachingOptions: {},
            ...(i > 0 && { dependentTasks: [names[i - 1]!] }),
          }])),
        },
      },
      schemaVersion: "2.1.0",
      sdkVersion: "hand-written",
    } as PipelineSpec;
  }

  it("continues the same run after kill -9: finished tasks kept, the rest run again, staging cleaned", async () => {
    const sandbox = temp();
    const root = join(sandbox, "root");
    const file = join(sandbox, "spec.json");
    writeFileSync(file, JSON.stringify(chainSpec(sandbox)));
    const runner = spawn(process.execPath, [join(repoRoot, "bin/kfp-ts.js"), "run", file, "--root", root], { stdio: "ignore" });
    await until(() => existsSync(join(sandbox, "b.pid")), 60_000);
    runner.kill("SIGKILL");
    await new Promise((resolve) => runner.on("exit", resolve));
    // The task the runner started outlives it (a container would too): stop it as an operator would.
    const orphan = Number(readFileSync(join(sandbox, "b.pid"), "utf8"));
    try {
      process.kill(-orphan, "SIGKILL");
    } catch {
      // already gone
    }

    const [runId] = readdirSync(join(root, "resumable"));
    const runDir = join(root, "resumable", runId!);
    expect(existsSync(join(runDir, ".staging"))).toBe(true);
    const listed = runCli(["runs", "list", "--root", root, "--json"]);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ id: runId, status: "interrupted" });

    writeFileSync(join(sandbox, "gate"), "");
    const resumed = runCli(["run", "--resume", "latest", "--root", root, "--json"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ runId, status: "succeeded" });
    expect(resumed.stderr).toContain(`resuming run ${runId}: 1 finished task kept`);
    expect(readFileSync(join(sandbox, "a.runs"), "utf8")).toBe("run\n");
    expect(readFileSync(join(sandbox, "b.runs"), "utf8")).toBe("run\nrun\n");
    expect(readFileSync(join(sandbox, "c.runs"), "utf8")).toBe("run\n");
    expect(existsSync(join(runDir, ".staging"))).toBe(false);
    expect(readFileSync(join(runDir, "b", "out"), "utf8")).toBe("b\n");
    const shown = JSON.parse(runCli(["runs", "show", runId!, "--root", root, "--json"]).stdout) as { status: string; tasks: { path: string; state: string }[] };
    expect(shown.status).toBe("succeeded");
    expect(shown.tasks.map((t) => [t.path, t.state]).sort()).toEqual([["a", "succeeded"], ["b", "succeeded"], ["c", "succeeded"]]);
    expect(readdirSync(join(root, "resumable"))).toEqual([runId]);
  });

  it("refuses to resume a run that succeeded, and a run that does not exist", () => {
    const { root, status } = runSpec(shellSpec());
    expect(status).toBe(0);
    const again = runCli(["run", "--resume", "latest", "--root", root]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/succeeded: there is nothing to resume/);
    const missing = runCli(["run", "--resume", "19990101", "--root", root]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("no run '19990101' to resume");
    const both = runCli(["run", "spec.json", "--resume", "latest", "--root", root]);
    expect(both.status).toBe(2);
  });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("kfp-ts run --resume in a loop", () => {
  it("runs again only the failed iteration of a loop", async () => {
    const dir = temp();
    const root = join(dir, "root");
    const spec = (await compile(join(repoRoot, "test/fixtures/hostile/faults.ts"), { pipeline: "pickyLoop" })).specs[0]!.spec;
    const first = await runPipelineSpec(spec, { root, parameters: { dir }, cache: false });
    expect(first.status).toBe("failed");
    writeFileSync(join(dir, "gate"), "");
    const resumed = await resumeRun(first.runId, { root, cache: false });
    expect(resumed).toMatchObject({ runId: first.runId, status: "succeeded" });
    expect([1, 2, 3].map((i) => readFileSync(join(dir, `item-${i}.runs`), "utf8"))).toEqual(["run\n", "run\nrun\n", "run\n"]);
  });
});
