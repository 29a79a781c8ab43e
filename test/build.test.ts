import { parse } from "yaml";
import { unpackText } from "../src/spec/embedded-command.js";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedProject, runCli, startCli } from "./helpers.js";

// A multi-file project: components in one folder, pipelines in another, imported through a `paths` alias.
let dir: string;
const write = (path: string, text: string) => {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
};

const components = (body: string) => `import { component } from "kfp-ts";
import { exclaim } from "@lib/format.js";

export const produce = component((text: string): string => {
  ${body}
  return exclaim(text);
});

export const count = component((text: string): number => text.length);
`;
const pipeline = (argument: string) => `import { pipeline } from "kfp-ts";
import { count, produce } from "@components/text.js";

/** Produces a text and counts it. */
export const hello = pipeline({ name: "hello" }, (text: string = "hi") => {
  const a = produce(text);
  count(${argument});
});

export const twice = pipeline({ name: "twice" }, (text: string = "hi") => {
  produce(produce(text));
});
`;

beforeAll(() => {
  dir = linkedProject("kfp-ts-build-", {});
  write("tsconfig.json", JSON.stringify({
    compilerOptions: {
      target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [], noEmit: true,
      paths: { "@components/*": ["./src/components/*"], "@lib/*": ["./src/lib/*"] },
    },
    include: ["src"],
    kfpTs: { outDir: "specs" },
  }));
  write("src/lib/format.ts", `export const exclaim = (text: string): string => \`\${text}!\`;\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const specFiles = () => {
  try {
    return readdirSync(join(dir, "specs"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml")).sort();
  } catch {
    return [];
  }
};

describe("kfp-ts build", () => {
  it("reports a type error in one file and a KFP error in another, in tsc's format, and writes nothing", () => {
    write("src/components/text.ts", components(`const n: number = "x";`));
    write("src/pipelines/hello.ts", pipeline(`a + "!"`));
    const result = runCli(["build", "-p", "tsconfig.json", "--no-pretty"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`src/components/text.ts(5,9): error TS2322: Type 'string' is not assignable to type 'number'.`);
    expect(result.stdout).toMatch(/src\/pipelines\/hello\.ts\(7,9\): error KFP2002: .*computation/);
    expect(result.stdout).toContain("Found 2 errors in 2 files.");
    expect(specFiles()).toEqual([]);
  });

  it("pretty output underlines the code as tsc --pretty does", () => {
    const result = runCli(["build", "-p", "tsconfig.json", "--pretty"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("count(a + \"!\")");
    expect(result.stdout).toMatch(/~~~~~~~/);
  });

  it("once fixed, writes every spec, byte-identical to `kfp-ts compile` of the same export", () => {
    write("src/components/text.ts", components(`// fine now`));
    write("src/pipelines/hello.ts", pipeline(`a`));
    const result = runCli(["build"], { cwd: dir });
    expect(result.stderr).toMatch(/built 4 specs/);
    expect(result.status).toBe(0);
    expect(specFiles()).toEqual(["src/components/text/count.yaml", "src/components/text/produce.yaml", "src/pipelines/hello/hello.yaml", "src/pipelines/hello/twice.yaml"]);
    // `kfp-ts compile FILE -o DIR/` writes every pipeline (or, without one, every component) of FILE as DIR/<name>.yaml.
    for (const file of ["src/pipelines/hello", "src/components/text"]) {
      const out = join(dir, "compiled", file) + "/";
      const run = runCli(["compile", `${file}.ts`, "-o", out], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      for (const name of readdirSync(out)) expect(readFileSync(join(dir, "specs", file, name), "utf8"), `${file}/${name}`).toBe(readFileSync(join(out, name), "utf8"));
    }
    // The `paths` alias was bundled: the helper it names is in the component's (packed) program.
    const spec = parse(readFileSync(join(dir, "specs/src/pipelines/hello/hello.yaml"), "utf8"));
    const programs = Object.values(spec.deploymentSpec.executors as Record<string, { container: { command: string[] } }>).map((e) => unpackText(e.container.command.at(-1)!));
    expect(programs.some((program) => program.includes("exclaim"))).toBe(true);
  }, 300_000);

  it("leaves specs whose bytes did not change alone", () => {
    const result = runCli(["build"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stderr.match(/^unchanged /gm)).toHaveLength(4);
  });

  it("--watch reports an error without dying and clears it once the file is fixed", async () => {
    const { child, output, printed } = startCli(["build", "--watch", "--no-pretty"], dir);
    try {
      let mark = await printed(/watching \. for changes/, 0);
      write("src/pipelines/hello.ts", pipeline(`a + "?"`));
      mark = await printed(/rebuilt in \d+ ms \(src\/pipelines\/hello\.ts\): 1 error/, mark);
      expect(output()).toMatch(/src\/pipelines\/hello\.ts\(7,9\): error KFP2002/);
      write("src/pipelines/hello.ts", pipeline(`a`));
      await printed(/rebuilt in \d+ ms \(src\/pipelines\/hello\.ts\): 0 specs written, 2 unchanged/, mark);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
    }
  }, 300_000);
});

describe("kfp-ts build with project references", () => {
  // A solution tsconfig referencing composite projects, as `tsc -b` builds them: pipelines import components' sources.
  let root: string;
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const shout = (body: string) => `import { component } from "kfp-ts";\n\nexport const shout = component((text: string): string => ${body});\n`;

  beforeAll(() => {
    root = linkedProject("kfp-ts-references-", {});
    put("tsconfig.base.json", JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [], composite: true } }));
    put("tsconfig.json", JSON.stringify({ files: [], references: [{ path: "./pipelines" }] }));
    put("components/tsconfig.json", JSON.stringify({ extends: "../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"], kfpTs: { outDir: "specs" } }));
    put("pipelines/tsconfig.json", JSON.stringify({ extends: "../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"], references: [{ path: "../components" }], kfpTs: { outDir: "specs" } }));
    put("pipelines/src/hello.ts", `import { pipeline } from "kfp-ts";\nimport { shout } from "../../components/src/text.js";\n\nexport const hello = pipeline({ name: "hello" }, (text: string = "hi") => {\n  shout(text);\n});\n`);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("builds each referenced project into its own outDir, after those it references, reporting errors with locations", () => {
    put("components/src/text.ts", shout("text.length"));
    const broken = runCli(["build", "--no-pretty"], { cwd: root });
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain("components/src/text.ts(3,58): error TS2322: Type 'number' is not assignable to type 'string'.");

    put("components/src/text.ts", shout("text.toUpperCase()"));
    const built = runCli(["build", "--no-pretty"], { cwd: root });
    expect(built.status, built.stdout + built.stderr).toBe(0);
    // The referenced project first; the referencing one compiles its own files only (not the components it imports).
    expect(built.stderr.match(/^wrote [^:]+/gm)).toEqual(["wrote components/specs/src/text/shout.yaml", "wrote pipelines/specs/src/hello/hello.yaml"]);
    for (const [file, spec] of [["components/src/text.ts", "components/specs/src/text/shout.yaml"], ["pipelines/src/hello.ts", "pipelines/specs/src/hello/hello.yaml"]] as const) {
      const run = runCli(["compile", file, "-o", "-"], { cwd: root });
      expect(run.status, run.stderr).toBe(0);
      expect(readFileSync(join(root, spec), "utf8"), spec).toBe(run.stdout);
    }
  }, 300_000);

  it("refuses references that form a cycle", () => {
    put("components/tsconfig.json", JSON.stringify({ extends: "../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"], references: [{ path: "../pipelines" }], kfpTs: { outDir: "specs" } }));
    const run = runCli(["build", "--no-pretty"], { cwd: root });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/error KFP0005: project references form a cycle: .*pipelines\/tsconfig\.json → .*components\/tsconfig\.json → .*pipelines\/tsconfig\.json/);
  }, 300_000);
});
