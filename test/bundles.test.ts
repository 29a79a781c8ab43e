// Embedded bundles as the backends receive them: within Kubeflow Pipelines' size limit and free of
// Argo's `{{`, one bundle per component (an edit changes only its own), and the same bytes whatever
// the install. Real compiles of real projects in temporary directories, real local runs.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { runPipelineSpec } from "../src/local/run.js";
import { embeddedProgram, isEmbeddedCommand } from "../src/spec/embedded-command.js";
import type { ContainerSpec, PipelineSpec } from "../src/spec/pipeline-spec.js";
import { maxContainerBytes } from "../transformer/bundle/limits.js";
import { compile } from "../transformer/compile.js";
import { CompileError } from "../transformer/diagnostics.js";
import { exampleEntries, linkedProject, repoRoot, runCli } from "./helpers.js";

const temp = () => mkdtempSync(join(tmpdir(), "kfp-ts-bundles-"));

/** Writes files under `root`, creating directories. */
function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A project named `app` whose `kfp-ts` is this repository, linked as `npm link` does. */
const appProject = (files: Record<string, string>): string => linkedProject("kfp-ts-bundles-", { "package.json": '{ "name": "app", "type": "module" }\n', ...files });

function executors(spec: PipelineSpec): ContainerSpec[] {
  return Object.values(spec.deploymentSpec?.executors ?? {}).map((e) => e.container!);
}

describe("embedded bundles within the backends' limits", () => {
  it.each(exampleEntries())("%s: every container spec is under the size bound, runs the packed bundle with node, and holds no `{{` but KFP's", async (example) => {
    const result = await compile(join(repoRoot, "examples", example), { typeCheck: false });
    let embedded = 0;
    for (const compiled of result.specs) {
      for (const container of executors(compiled.spec)) {
        expect(Buffer.byteLength(JSON.stringify(container))).toBeLessThanOrEqual(maxContainerBytes);
        expect(maxContainerBytes).toBeLessThan(128 * 1024 - 16 * 1024);
        // Container components and imported YAML run their own commands, placeholders and all.
        if (!isEmbeddedCommand(container.command)) continue;
        embedded += 1;
        expect(JSON.stringify(container.command)).not.toContain("{{");
        expect(JSON.stringify(container.env ?? [])).not.toContain("{{");
        // The only `{{` are the executor's own placeholder, which the KFP launcher resolves.
        expect(container.args!.filter((a) => a.includes("{{"))).toEqual(["{{$}}"]);
        expect(embeddedProgram(container)!.code).toContain("await execute(");
      }
    }
    expect(embedded).toBeGreaterThan(0);
  });

  it("holds a bundle whose text has `{{` (Argo's syntax) without any of it reaching the spec", async () => {
    const root = appProject({
      "argo.ts": 'import { component } from "kfp-ts";\n\nexport const say = component((): string => "{{pod.name}} {{inputs.parameters.x}} {{=1+1}}");\n',
    });
    const result = await compile(join(root, "argo.ts"));
    const [container] = executors(result.specs[0]!.spec);
    expect(embeddedProgram(container!)!.code).toContain("{{pod.name}}");
    expect(result.specs[0]!.text.replace('"{{$}}"', "")).not.toContain("{{");
  });

  it("refuses a component that cannot fit with a located KFP3004 error suggesting --containerized", async () => {
    // Random text does not compress: 160 kB of it cannot fit.
    const noise = randomBytes(120_000).toString("base64");
    const root = appProject({
      "noise.ts": "export const noise = " + JSON.stringify(noise) + ";\n",
      "big.ts": 'import { component } from "kfp-ts";\nimport { noise } from "./noise.js";\n\nexport const big = component((): number => noise.length);\n',
    });
    const error = await compile(join(root, "big.ts")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).diagnostics).toEqual([expect.objectContaining({
      code: "KFP3004",
      severity: "error",
      message: expect.stringMatching(/component 'big' does not fit in a container spec: \d+ KiB embedded/),
      location: expect.objectContaining({ file: join(root, "big.ts"), line: 4 }),
      hint: expect.stringContaining("--containerized"),
    })]);
    // Containerized, it compiles.
    const containerized = await compile(join(root, "big.ts"), { containerized: { buildDir: join(root, "build"), registry: "registry.example/app" } });
    expect(containerized.specs).toHaveLength(1);
  });
});

describe("one edit, one bundle", () => {
  const components = (extract: string) => `import { component, pipeline } from "kfp-ts";

/** Loads the data. */
export const load = component((): string => {
  ${extract}
});

/** Shouts. */
export const shout = component((text: string): string => text.toUpperCase());

/** Counts. */
export const count = component((text: string): number => text.length);

export const steps = pipeline({ name: "steps" }, () => {
  load();
  shout("hi");
  count("hello");
});
`;
  const before = components('return "v1";');
  // Lines added above the other components move them in the file, but not in their bundles.
  const after = components('const version = "v2";\n  console.log("loading", version);\n  return version;');

  let root: string;
  beforeAll(() => {
    root = appProject({ "steps.ts": before });
  });

  it("changes only the edited component's bundle bytes and cache key, and a local re-run reuses the others", async () => {
    const first = await compile(join(root, "steps.ts"));
    const firstRun = await runPipelineSpec(first.specs[0]!.spec, { root: join(root, ".kfp-ts"), sourceRoot: root });
    expect(firstRun.status).toBe("succeeded");

    writeFileSync(join(root, "steps.ts"), after);
    const second = await compile(join(root, "steps.ts"));
    const code = (result: typeof first) => new Map(result.bundles.map((b) => [b.component.functionName, b.code]));
    const [a, b] = [code(first), code(second)];
    expect(b.get("load")).not.toBe(a.get("load"));
    expect(b.get("shout")).toBe(a.get("shout"));
    expect(b.get("count")).toBe(a.get("count"));
    // A bundle holds its own component only.
    expect(a.get("shout")).toContain("text.toUpperCase()");
    expect(a.get("shout")).not.toContain("text.length");
    expect(a.get("shout")).not.toContain('"v1"');

    // What KFP's cache key takes from the container: image, command and args.
    const keyPart = (spec: PipelineSpec) => new Map(Object.entries(spec.deploymentSpec!.executors!).map(([label, e]) => [label, JSON.stringify([e.container!.image, e.container!.command, e.container!.args])]));
    const [keysA, keysB] = [keyPart(first.specs[0]!.spec), keyPart(second.specs[0]!.spec)];
    expect(keysB.get("exec-load")).not.toBe(keysA.get("exec-load"));
    expect(keysB.get("exec-shout")).toBe(keysA.get("exec-shout"));
    expect(keysB.get("exec-count")).toBe(keysA.get("exec-count"));

    const secondRun = await runPipelineSpec(second.specs[0]!.spec, { root: join(root, ".kfp-ts"), sourceRoot: root });
    expect(secondRun.status).toBe("succeeded");
    expect(Object.fromEntries(secondRun.tasks.map((t) => [t.name, t.state]))).toEqual({ load: "succeeded", shout: "cached", count: "cached" });
  });

  it("points a local run's stack trace at the user's file and line", async () => {
    const failing = appProject({
      "fails.ts": 'import { component, pipeline } from "kfp-ts";\n\nexport const fail = component((): void => {\n  throw new Error("no data");\n});\n\nexport const failing = pipeline({ name: "failing" }, () => {\n  fail();\n});\n',
    });
    const result = await compile(join(failing, "fails.ts"));
    const run = await runPipelineSpec(result.specs[0]!.spec, { root: join(failing, ".kfp-ts"), sourceRoot: failing });
    expect(run.status).toBe("failed");
    const log = readFileSync(run.tasks[0]!.logPath!, "utf8");
    expect(log).toContain(`${join(failing, "fails.ts")}:4:`);
  });
});

describe("the same bytes everywhere", () => {
  const files = {
    "pipeline.ts": `import { component, pipeline } from "kfp-ts";
import { greet } from "greet";

/** Greets. */
export const hello = component((name: string): string => greet(name));

export const greeting = pipeline({ name: "greeting" }, (name = "world") => {
  hello(name);
});
`,
  };
  const greetPackage = {
    "package.json": '{ "name": "greet", "version": "1.0.0", "type": "module", "main": "index.js" }\n',
    "index.js": "export function greet(name) {\n  return `hello ${name}`;\n}\n",
    "index.d.ts": "export declare function greet(name: string): string;\n",
  };
  const prefixed = (prefix: string, tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).map(([path, text]) => [`${prefix}/${path}`, text]));

  it("compiles a project installed from the npm tarball and one in a workspace with kfp-ts linked to the same bytes", () => {
    const packs = temp();
    const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", packs], { cwd: repoRoot, encoding: "utf8" }).trim().split("\n").pop()!;

    // 1. A plain project; kfp-ts unpacked from its tarball as `npm install kfp-ts-x.tgz` would, dependencies alongside.
    const plain = join(temp(), "app");
    writeTree(plain, { "package.json": '{ "name": "app", "type": "module" }\n', ...files, ...prefixed("node_modules/greet", greetPackage) });
    mkdirSync(join(plain, "node_modules/kfp-ts"));
    execFileSync("tar", ["xzf", join(packs, tarball), "-C", join(plain, "node_modules/kfp-ts"), "--strip-components=1"]);
    symlinkSync(join(repoRoot, "node_modules"), join(plain, "node_modules/kfp-ts/node_modules"));

    // 2. A workspace, deeper: dependencies hoisted to its root, kfp-ts linked to this repository.
    const workspace = join(temp(), "work", "space");
    writeTree(workspace, {
      "package.json": '{ "name": "space", "private": true, "workspaces": ["packages/*"] }\n',
      ...prefixed("packages/app", { "package.json": '{ "name": "app", "type": "module" }\n', ...files }),
      ...prefixed("node_modules/greet", greetPackage),
    });
    symlinkSync(repoRoot, join(workspace, "node_modules/kfp-ts"));

    const outputs = [
      { cwd: plain, cli: join(plain, "node_modules/kfp-ts/bin/kfp-ts.js"), file: "pipeline.ts" },
      { cwd: workspace, cli: join(workspace, "node_modules/kfp-ts/bin/kfp-ts.js"), file: "packages/app/pipeline.ts" },
    ].map(({ cwd, cli, file }) => {
      const out = join(temp(), "greeting.yaml");
      const result = runCli(["compile", file, "-o", out], { cwd, cli });
      expect(result.stderr).not.toMatch(/error|warning/);
      expect(result.status).toBe(0);
      return readFileSync(out, "utf8");
    });
    expect(outputs[1]).toBe(outputs[0]);
    const container = (parse(outputs[0]!) as PipelineSpec).deploymentSpec!.executors!["exec-hello"]!.container!;
    const program = embeddedProgram(container)!;
    expect(program.code).toContain("// node_modules/greet/index.js\n");
    expect(program.code).toContain("// node_modules/kfp-ts/dist/src/runtime/execute.js\n");
    expect(program.code).toContain("// pipeline.ts\n");
    expect(JSON.parse(program.sourceMap!).sources).toEqual(["pipeline.ts"]);
    for (const text of [outputs[0]!, program.code, program.sourceMap!]) expect(text).not.toMatch(/\/tmp\/|kfp-ts-bundles-|\.\.\/|\/work\//);
  });
});
