// kfp-ts in a project of one's own, set up as `npm init` and `tsc --init` leave it: where TypeScript fails on
// the project's configuration, kfp-ts says what to change.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./helpers.js";

const pipelineSource = `import { component, pipeline } from "kfp-ts";
export const greet = component((name: string): string => \`hello \${name} from \${process.platform}\`);
export const hello = pipeline({ name: "hello" }, (name = "you") => { greet(name); });
`;

/** A project with kfp-ts installed (linked to this checkout), the given package.json fields and compiler options. */
function project(packageJson: Record<string, unknown>, compilerOptions: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "kfp-ts-own-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(repoRoot, join(dir, "node_modules", "kfp-ts"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "mine", version: "1.0.0", ...packageJson }));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions }));
  writeFileSync(join(dir, "pipeline.ts"), pipelineSource);
  return dir;
}

describe("a project of one's own", () => {
  it("without Node's types: the error says to install @types/node and list it in types", () => {
    const dir = project({ type: "module" }, { module: "nodenext", target: "esnext", types: [], strict: true });
    const result = runCli(["compile", "pipeline.ts", "-o", "-"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error TS2591: Cannot find name 'process'[^\n]*\n(.*\n)*  hint: Node's types are missing: `npm install -D @types\/node` and set "types": \["node"\]/);
  });
});
