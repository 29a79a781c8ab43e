import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ProjectBuild } from "../transformer/build/build-project.js";
import { compile } from "../transformer/compile.js";
import { linkedProject, repoRoot, runCli, startCli } from "./helpers.js";

const folders: string[] = [];
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Edits a file by replacing one match of `pattern` (which must match). */
function edit(path: string, pattern: RegExp, replacement: string): void {
  const text = readFileSync(path, "utf8");
  const edited = text.replace(pattern, replacement);
  expect(edited, `${path} has no ${pattern}`).not.toBe(text);
  writeFileSync(path, edited);
}

describe("kfp-ts build --watch, incrementally (the penguin sample)", () => {
  // Inside the repository, so the sample's npm dependencies resolve as they do for examples/penguins.
  mkdirSync(join(repoRoot, "bench/.work"), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, "bench/.work", "watch-test-"));
  folders.push(dir);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../../../tsconfig.base.json", compilerOptions: { noEmit: true, paths: { "vega-datasets/data/*": ["../../../node_modules/vega-datasets/data/*"] } }, include: ["src"], kfpTs: { outDir: "specs" } }));
  cpSync(join(repoRoot, "examples/penguins"), join(dir, "src"), { recursive: true, filter: (f) => !f.endsWith(".test.ts") });
  const build = new ProjectBuild(join(dir, "tsconfig.json"), {}, { incremental: true });
  afterAll(() => build.dispose());

  /** Every spec of the rebuild equals a cold compile of its file, export by export. */
  const expectSameAsCold = async (specs: Awaited<ReturnType<ProjectBuild["run"]>>["specs"]) => {
    for (const file of new Set(specs.map((s) => s.sourceFile))) {
      const cold = await compile(file);
      for (const spec of specs.filter((s) => s.sourceFile === file)) {
        const twin = cold.specs.find((c) => c.exportName === spec.exportName);
        expect(readFileSync(spec.path, "utf8"), `${relative(dir, spec.path)} against a cold compile`).toBe(twin?.text);
      }
    }
  };

  it("rebuilds what a one-line edit reaches, each spec byte-identical to a cold compile", async () => {
    const first = await build.run();
    expect(first.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(first.specs).toHaveLength(5);

    // A component's body: its spec and the pipeline's change (the bundle they embed); its importers are recompiled.
    const trainer = join(dir, "src/trainer/trainer.ts");
    edit(trainer, /const label = TARGET \+ suffix;/, `const label = TARGET + suffix + "";`);
    const component = await build.run([trainer]);
    expect(component.diagnostics).toEqual([]);
    // An edit inside a function body that changes no type: no analysis again, the specs written before the check.
    expect(component.writtenAfter).toBeGreaterThan(0);
    expect(component.specs.filter((s) => s.written).map((s) => s.name).sort()).toEqual(["kfp-sample-pipeline", "trainer"]);
    await expectSameAsCold(component.specs);

    // A pipeline's body: only the pipeline is recompiled, analysed again (its body is the DAG).
    const pipelineFile = join(dir, "src/pipeline.ts");
    edit(pipelineFile, /suffix = "[^"]*"/, `suffix = "_edited"`);
    const pipeline = await build.run([pipelineFile]);
    expect(pipeline.specs.map((s) => [s.name, s.written])).toEqual([["kfp-sample-pipeline", true]]);
    expect(pipeline.writtenAfter).toBeUndefined();
    await expectSameAsCold(pipeline.specs);

    // A type every file uses (a line added to a module every bundle holds: every source map moves): all is rebuilt.
    const table = join(dir, "src/lib/table.ts");
    edit(table, /export interface Table \{/, "export interface Table {\n  edited?: number;");
    const type = await build.run([table]);
    expect(type.specs).toHaveLength(5);
    expect(type.specs.filter((s) => s.written)).toHaveLength(5);
    await expectSameAsCold(type.specs);
  }, 600_000);

  it("reports an error without losing the warm state, and a fix clears it", async () => {
    const trainer = join(dir, "src/trainer/trainer.ts");
    const fixed = readFileSync(trainer, "utf8");
    // A type error inside a body: written before the check (as tsc --watch emits), then reported.
    edit(trainer, /const model = new Model\(\);/, "const model: string = new Model();");
    const broken = await build.run([trainer]);
    expect(broken.diagnostics.map((d) => d.code)).toContain("TS2322");
    expect(broken.writtenAfter).toBeGreaterThan(0);
    // A KFP error (the component's signature: analysed again): nothing written.
    writeFileSync(trainer, fixed);
    edit(trainer, /Promise<Model>/, "Promise<Model | Dataset>");
    const signature = await build.run([trainer]);
    expect(signature.diagnostics.filter((d) => d.severity === "error")).not.toEqual([]);
    expect(signature.specs).toEqual([]);
    writeFileSync(trainer, fixed);
    const again = await build.run([trainer]);
    expect(again.diagnostics).toEqual([]);
    await expectSameAsCold(again.specs);
  }, 600_000);
});

describe("kfp-ts compile --watch", () => {
  it("compiles on every change, reports errors without dying, and writes what a cold compile writes", async () => {
    const steps = (body: string) => `import { component } from "kfp-ts";\n\nexport const shout = component((text: string): string => {\n  ${body}\n});\n`;
    const pipeline = (argument: string) => `import { pipeline } from "kfp-ts";\nimport { shout } from "./steps.js";\n\nexport const hello = pipeline({ name: "hello" }, (text: string = "hi") => {\n  const a = shout(text);\n  shout(${argument});\n});\n`;
    const dir = linkedProject("kfp-ts-compile-watch-", {
      "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [], noEmit: true } }),
      "steps.ts": steps(`return text.toUpperCase();`),
      "pipeline.ts": pipeline("a"),
    });
    folders.push(dir);

    const { child, output, printed } = startCli(["compile", "pipeline.ts", "-o", "out/", "--watch"], dir);
    const cold = () => {
      const run = runCli(["compile", "pipeline.ts", "-o", "cold.yaml"], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      return readFileSync(join(dir, "cold.yaml"), "utf8");
    };
    try {
      let mark = await printed(/watching \. for changes/, 0);
      expect(output()).toMatch(/wrote out\/hello\.yaml/);
      expect(readFileSync(join(dir, "out/hello.yaml"), "utf8")).toBe(cold());

      // A KFP error in the pipeline, then a type error in the component: each reported, the watcher goes on.
      // Saved as editors with "safe write" do (a copy renamed over the file): the saves after it are seen too.
      writeFileSync(join(dir, "pipeline.ts.tmp"), pipeline(`a + "!"`));
      renameSync(join(dir, "pipeline.ts.tmp"), join(dir, "pipeline.ts"));
      mark = await printed(/rebuilt in \d+ ms \(pipeline\.ts\): 1 error/, mark);
      expect(output()).toMatch(/pipeline\.ts:6:9 - error KFP2002/);
      writeFileSync(join(dir, "pipeline.ts"), pipeline("a"));
      mark = await printed(/rebuilt in \d+ ms \(pipeline\.ts\): 0 specs written, 1 unchanged/, mark);
      // A body edit is written before TypeScript's check, as tsc --watch emits; the check's error follows.
      writeFileSync(join(dir, "steps.ts"), steps(`return 42;`));
      mark = await printed(/rebuilt in \d+ ms \(steps\.ts\): 1 error \(1 spec written in \d+ ms, before the type check\)/, mark);
      expect(output()).toMatch(/steps\.ts:4:3 - error TS2322/);

      // The fix, a new body: the spec is rewritten, byte-identical to a cold compile.
      writeFileSync(join(dir, "steps.ts"), steps(`return text.toLowerCase();`));
      await printed(/rebuilt in \d+ ms \(steps\.ts\): 1 spec written, 0 unchanged/, mark);
      expect(readFileSync(join(dir, "out/hello.yaml"), "utf8")).toBe(cold());
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  }, 300_000);
});

describe("watch mode and tsconfig changes", () => {
  it("starts again on a tsconfig change: a `paths` alias added there resolves at once", async () => {
    const tsconfig = (paths: Record<string, string[]>) => JSON.stringify({ compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, skipLibCheck: true, types: [], noEmit: true, paths }, include: ["*.ts"], kfpTs: { outDir: "specs" } });
    const dir = linkedProject("kfp-ts-watch-config-", {
      "tsconfig.json": tsconfig({}),
      "steps.ts": `import { component } from "kfp-ts";\n\nexport const shout = component((text: string): string => text.toUpperCase());\n`,
      "pipeline.ts": `import { pipeline } from "kfp-ts";\nimport { shout } from "@app/steps";\n\nexport const hello = pipeline({ name: "hello" }, (text: string = "hi") => {\n  shout(text);\n});\n`,
    });
    folders.push(dir);
    const { child, output, printed } = startCli(["build", "--watch", "--no-pretty"], dir);
    try {
      let mark = await printed(/watching \. for changes/, 0);
      expect(output()).toMatch(/pipeline\.ts\(2,\d+\): error TS2307/);
      writeFileSync(join(dir, "tsconfig.json"), tsconfig({ "@app/*": ["./*.ts"] }));
      mark = await printed(/rebuilt in \d+ ms \(tsconfig\.json\): 2 specs written, 0 unchanged/, mark);
      const cold = runCli(["compile", "pipeline.ts", "-o", "cold.yaml"], { cwd: dir });
      expect(cold.status, cold.stderr).toBe(0);
      expect(readFileSync(join(dir, "specs/pipeline/hello.yaml"), "utf8")).toBe(readFileSync(join(dir, "cold.yaml"), "utf8"));
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  }, 300_000);
});

describe("watch mode: edits inside function bodies", () => {
  const project = (noEmitOnError: boolean) => {
    const dir = linkedProject("kfp-ts-no-emit-", {
      "tsconfig.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [], noEmit: true, noEmitOnError }, include: ["*.ts"], kfpTs: { outDir: "specs" } }),
      "steps.ts": `import { component } from "kfp-ts";\n\nexport const shout = component((text: string): string => {\n  return text.toUpperCase();\n});\n`,
    });
    folders.push(dir);
    return { dir, steps: join(dir, "steps.ts"), spec: join(dir, "specs/steps/shout.yaml") };
  };

  it("moves the definitions after a body edit along: each bundle still holds only its own component", async () => {
    const { dir, steps } = project(false);
    writeFileSync(steps, `import { component } from "kfp-ts";\n\nexport const shout = component((text: string): string => {\n  return text.toUpperCase();\n});\n\nexport const whisper = component((text: string): string => text.toLowerCase());\n`);
    const build = new ProjectBuild(join(dir, "tsconfig.json"), {}, { incremental: true });
    try {
      await build.run();
      edit(steps, /return text\.toUpperCase\(\);/, "return `${text.toUpperCase()}!!!`;");
      const rebuilt = await build.run([steps]);
      expect(rebuilt.writtenAfter).toBeGreaterThan(0);
      expect(rebuilt.specs.map((s) => [s.name, s.written])).toEqual([["shout", true], ["whisper", false]]);
      const cold = await compile(steps);
      for (const spec of rebuilt.specs) expect(readFileSync(spec.path, "utf8"), spec.name).toBe(cold.specs.find((c) => c.name === spec.name)?.text);
    } finally {
      await build.dispose();
    }
  }, 300_000);

  it("holds a body edit with a type error back under noEmitOnError, and writes it first otherwise", async () => {
    for (const noEmitOnError of [true, false]) {
      const { dir, steps, spec } = project(noEmitOnError);
      const build = new ProjectBuild(join(dir, "tsconfig.json"), {}, { incremental: true });
      try {
        expect((await build.run()).diagnostics).toEqual([]);
        const before = readFileSync(spec, "utf8");
        edit(steps, /return text\.toUpperCase\(\);/, "return text.length;");
        const broken = await build.run([steps]);
        expect(broken.diagnostics.map((d) => d.code), `noEmitOnError: ${noEmitOnError}`).toEqual(["TS2322"]);
        expect(broken.writtenAfter === undefined).toBe(noEmitOnError);
        expect(readFileSync(spec, "utf8") === before).toBe(noEmitOnError);
        edit(steps, /return text\.length;/, "return text.toLowerCase();");
        const fixed = await build.run([steps]);
        expect(fixed.diagnostics).toEqual([]);
        expect(readFileSync(spec, "utf8")).toBe((await compile(steps)).specs[0]!.text);
      } finally {
        await build.dispose();
      }
    }
  }, 300_000);
});
