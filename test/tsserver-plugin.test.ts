import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedProject } from "./helpers.js";
import { TsServer } from "./tsserver-client.js";

// A project as a user has it: kfp-ts installed in node_modules, the plugin enabled in tsconfig.json.
let dir: string;
let server: TsServer;
let logFile: string;

const pipelineSource = `import { component, pipeline } from "kfp-ts";

export const produce = component((text: string): string => text);

export const p = pipeline({ name: "p" }, (text: string = "t") => {
  const a = produce(text);
  produce(a + "!");
});
`;

beforeAll(() => {
  dir = linkedProject("kfp-ts-tsserver-", {});
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [], plugins: [{ name: "kfp-ts/tsserver-plugin" }] },
    include: ["src"],
  }));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "pipeline.ts"), pipelineSource);
  writeFileSync(join(dir, "src", "components.ts"), `import { component } from "kfp-ts";\n\nexport const stamp = component((when: Date): string => String(when));\n`);
  logFile = join(dir, "tsserver.log");
  // tsserver looks plugins up next to its own TypeScript, or in --pluginProbeLocations (editors pass the workspace).
  server = new TsServer(["--pluginProbeLocations", dir, "--logVerbosity", "normal", "--logFile", logFile]);
});

afterAll(() => {
  server?.close();
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => join(dir, "src", name);

describe("the tsserver plugin", () => {
  it("reports KFP2002 on computation with a task result, at the expression", async () => {
    server.notify("open", { file: file("pipeline.ts"), projectRootPath: dir });
    const diagnostics = await server.semanticDiagnostics(file("pipeline.ts"));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 2002, source: "kfp-ts", category: "error", start: { line: 7, offset: 11 }, end: { line: 7, offset: 18 }, text: expect.stringMatching(/^KFP2002: .*computation on pipeline parameters or task results[\s\S]*hint: /) }),
    ]);
    expect(readFileSync(logFile, "utf8")).toMatch(/\[kfp-ts\] plugin loaded/);
  });

  it("clears the diagnostic once the edit (unsaved) fixes it", async () => {
    // Line 7 `  produce(a + "!");` becomes `  produce(a);`, as an editor sends a keystroke-level change.
    server.notify("change", { file: file("pipeline.ts"), line: 7, offset: 12, endLine: 7, endOffset: 18, insertString: "" });
    expect(await server.semanticDiagnostics(file("pipeline.ts"))).toEqual([]);
  });

  it("shows the KFP task and its typed inputs and outputs on hover over a task call", async () => {
    const info = await server.request<{ displayString: string; documentation: string }>("quickinfo", { file: file("pipeline.ts"), line: 6, offset: 14 });
    expect(info.displayString).toMatch(/const produce/);
    expect(info.documentation).toContain("KFP task 'produce' of pipeline 'p' runs component 'produce'\ninputs: text: STRING\noutputs: Output: STRING");
  });

  it("reports an unsupported component type (KFP1001) on the parameter", async () => {
    server.notify("open", { file: file("components.ts"), projectRootPath: dir });
    const diagnostics = await server.semanticDiagnostics(file("components.ts"));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 1001, source: "kfp-ts", category: "error", start: { line: 3, offset: 39 }, end: { line: 3, offset: 43 }, text: expect.stringMatching(/^KFP1001: input 'when' holds a Date/) }),
    ]);
  });

  it("keeps TypeScript's own diagnostics and adds its own after them", async () => {
    server.notify("change", { file: file("components.ts"), line: 3, offset: 39, endLine: 3, endOffset: 43, insertString: "Date, n: number = 'x'" });
    const diagnostics = await server.semanticDiagnostics(file("components.ts"));
    expect(diagnostics.map((d) => `${d.source ?? "ts"}:${d.code}`)).toEqual(["ts:2322", "kfp-ts:1001"]);
  });

  it("reports a package.json script's --pipeline export the file lacks (KFP0004), as the CLI would, until the script is fixed", async () => {
    const manifest = (pipeline: string) => writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", scripts: { spec: `npx kfp-ts compile src/pipeline.ts --pipeline ${pipeline} -o out/` } }));
    try {
      manifest("penguins");
      expect(await server.semanticDiagnostics(file("pipeline.ts"))).toEqual([
        expect.objectContaining({ code: 4, source: "kfp-ts", category: "error", start: { line: 1, offset: 1 }, text: expect.stringMatching(/^KFP0004: package.json script 'spec' compiles 'penguins', but this file exports no pipeline or component named 'penguins'\nhint: it exports: p, produce$/) }),
      ]);
      manifest("p");
      expect(await server.semanticDiagnostics(file("pipeline.ts"))).toEqual([]);
    } finally {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    }
  });

  it("shows a misspelt component option as the CLI does: TypeScript's error on the option, no second one of its own", async () => {
    writeFileSync(file("options.ts"), `import { component } from "kfp-ts";\n\nexport const tagged = component({ imgae: "python:3.12" }, (text: string): string => text);\n`);
    server.notify("open", { file: file("options.ts"), projectRootPath: dir });
    const diagnostics = await server.semanticDiagnostics(file("options.ts"));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 2561, category: "error", start: { line: 3, offset: 35 }, end: { line: 3, offset: 40 }, text: expect.stringContaining("'imgae' does not exist in type 'ComponentOptions'. Did you mean to write 'image'?") }),
    ]);
    expect(diagnostics[0]!.source).toBeUndefined();
  });
});
