import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "./helpers.js";

// The new project installs kfp-ts from an `npm pack` tarball of this checkout (dist/ as built), the rest from
// npm's cache where it can. Lifecycle scripts are skipped: the template needs no native module.
const dir = mkdtempSync(join(tmpdir(), "kfp-ts-init-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: readonly string[], cwd: string) => {
  const run = spawnSync("npm", [...args], { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  expect(run.status, `npm ${args.join(" ")}\n${run.stdout}\n${run.stderr}`).toBe(0);
  return run;
};

describe("kfp-ts init", () => {
  it("writes a project whose tests pass and that builds its pipeline, from a clean directory", () => {
    const project = join(dir, "my-pipelines");
    const init = runCli(["init", project]);
    expect(init.status, init.stderr).toBe(0);
    const packed = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], repoRoot);
    const tarball = join(dir, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
    npm(["install", tarball, "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], project);

    npm(["test"], project);
    const build = npm(["run", "build"], project);
    expect(build.stderr).toMatch(/built 2 specs/);
    expect(readFileSync(join(project, "specs/src/components/greet/greet.yaml"), "utf8")).toMatch(/^# Name: greet$/m);
    expect(readFileSync(join(project, "specs/src/pipelines/hello/hello.yaml"), "utf8")).toMatch(/^# Name: hello$/m);
    expect(existsSync(join(project, "node_modules/kfp-ts/tsserver-plugin/index.js"))).toBe(true);
    expect(runCli(["init", project]).stderr).toMatch(/is not empty/);
  }, 600_000);
});
