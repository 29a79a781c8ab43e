// kfp-ts in a project of one's own, set up as `npm init` and `tsc --init` leave it: where TypeScript fails on
// the project's configuration, kfp-ts says what to change.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linkedProject, repoRoot, runCli } from "./helpers.js";

const pipelineSource = `import { component, pipeline } from "kfp-ts";
export const greet = component((name: string): string => \`hello \${name} from \${process.platform}\`);
export const hello = pipeline({ name: "hello" }, (name = "you") => { greet(name); });
`;

/** A project with kfp-ts installed (linked to this checkout), the given package.json fields and compiler options. */
function project(packageJson: Record<string, unknown>, compilerOptions: Record<string, unknown>): string {
  return linkedProject("kfp-ts-own-", {
    "package.json": JSON.stringify({ name: "mine", version: "1.0.0", ...packageJson }),
    "tsconfig.json": JSON.stringify({ compilerOptions }),
    "pipeline.ts": pipelineSource,
  });
}

describe("a project of one's own", () => {
  it("without Node's types: the error says to install @types/node and list it in types", () => {
    const dir = project({ type: "module" }, { module: "nodenext", target: "esnext", types: [], strict: true });
    const result = runCli(["compile", "pipeline.ts", "-o", "-"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/error TS2591: Cannot find name 'process'[^\n]*\n(.*\n)*  hint: Node's types are missing: `npm install -D @types\/node` and set "types": \["node"\]/);
  });

  it("installs from the npm pack tarball as the README says, and its tsconfig satisfies both tsc and kfp-ts", () => {
    const dir = mkdtempSync(join(tmpdir(), "kfp-ts-fresh-"));
    const npm = (args: string[]) => spawnSync("npm", args, { cwd: dir, encoding: "utf8" });
    const packed = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: repoRoot, encoding: "utf8" });
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    expect(npm(["init", "-y"]).status).toBe(0);
    expect(npm(["pkg", "set", "type=module"]).status).toBe(0);
    // Install scripts are skipped: compiling needs no native module (better-sqlite3 is for local runs).
    const installed = npm(["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", `./${tarball}`, "@types/node@^20.19.43"]);
    expect(installed.status, installed.stderr).toBe(0);
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Using kfp-ts in your own project"));
    writeFileSync(join(dir, "tsconfig.json"), /```json\n([\s\S]*?)```/.exec(section)![1]!);
    writeFileSync(join(dir, "pipeline.ts"), pipelineSource);
    const tsc = spawnSync(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: dir, encoding: "utf8" });
    expect(tsc.status, tsc.stdout).toBe(0);
    const compiled = spawnSync(process.execPath, [join(dir, "node_modules/kfp-ts/bin/kfp-ts.js"), "compile", "pipeline.ts", "-o", "hello.yaml"], { cwd: dir, encoding: "utf8" });
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(readFileSync(join(dir, "hello.yaml"), "utf8")).toMatch(/^# Name: hello$/m);
  }, 600_000);
});
