import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { kfpTsVersion } from "../../transformer/version.js";
import { UserError } from "../errors.js";
import { action } from "./report.js";

/** The files of a new project: one component with its unit test, one pipeline, the editor plugin enabled. */
function templateFiles(name: string): Record<string, string> {
  const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";
  return {
    "package.json": json({
      name,
      version: "0.1.0",
      private: true,
      type: "module",
      scripts: { build: "kfp-ts build", watch: "kfp-ts build --watch", test: "vitest run" },
      dependencies: { "kfp-ts": `^${kfpTsVersion}` },
      devDependencies: { "@types/node": "^20.19.0", typescript: "~6.0.3", vitest: "^4.1.0" },
    }),
    "tsconfig.json": json({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, noEmit: true, types: ["node"],
        plugins: [{ name: "kfp-ts/tsserver-plugin" }],
      },
      include: ["src"],
      kfpTs: { outDir: "specs" },
    }),
    ".gitignore": "node_modules/\nspecs/\n",
    "src/components/greet.ts": `import { component } from "kfp-ts";

/** Greets someone by name. */
export const greet = component((name: string): string => \`Hello, \${name}!\`);
`,
    "src/components/greet.test.ts": `import { describe, expect, it } from "vitest";
import { greet } from "./greet.js";

describe("greet", () => {
  it("greets by name", () => {
    expect(greet("Ada")).toBe("Hello, Ada!");
  });
});
`,
    "src/pipelines/hello.ts": `import { pipeline } from "kfp-ts";
import { greet } from "../components/greet.js";

/** Greets twice: the second greeting takes the first as its name. */
export const hello = pipeline({ name: "hello" }, (name: string = "world") => {
  const first = greet(name);
  greet(first);
});
`,
  };
}

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("write a new kfp-ts project: a component with its unit test, a pipeline, build and test scripts")
    .argument("<dir>", "the directory to create (it must not exist or be empty)")
    .action(action(async (dir: string) => {
      const root = resolve(dir);
      if (existsSync(root) && readdirSync(root).length > 0) throw new UserError(`${dir} is not empty: give a new directory`, 2);
      for (const [path, text] of Object.entries(templateFiles(basename(root)))) {
        mkdirSync(join(root, path, ".."), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      const cd = relative(process.cwd(), root) || ".";
      process.stderr.write(`wrote a kfp-ts project in ${cd}: next, cd ${cd} && npm install && npm test && npm run build\n`);
    }));
}
