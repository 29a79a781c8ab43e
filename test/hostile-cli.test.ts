// Hostile files and a hostile environment at the CLI: each ends in a one-line error and a non-zero exit.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, linkedProject, repoRoot, runCli, runCliAsync } from "./helpers.js";

const temp = () => mkdtempSync(join(tmpdir(), "kfp-ts-cli-"));
const noTrace = /unexpected error|\n\s+at /;

describe("hostile input files", () => {
  // Only root can run the CLI as another user, and only another user is refused a file by its permissions.
  it.skipIf(process.getuid?.() !== 0)("reports an unreadable TypeScript file or spec in one line", () => {
    const dir = temp();
    chmodSync(dir, 0o755);
    const ts = join(dir, "p.ts");
    const yaml = join(dir, "p.yaml");
    writeFileSync(ts, "export {};\n");
    writeFileSync(yaml, "pipelineInfo: {}\n");
    chmodSync(ts, 0o000);
    chmodSync(yaml, 0o000);
    // As an unprivileged user: root reads any file.
    const asNobody = { uid: 65534, gid: 65534 };
    for (const [args, message] of [[["compile", ts], /cannot read .*p\.ts: permission denied/], [["run", yaml, "--root", join(dir, "root")], /cannot read .*p\.yaml: permission denied/]] as const) {
      const result = runCli(args, { ...asNobody, cwd: dir });
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(noTrace);
    }
  });

  /** A project with this tsconfig.json and a pipeline, and `kfp-ts compile` of the pipeline in it. */
  const withTsconfig = (tsconfig: string) => {
    const dir = linkedProject("kfp-ts-cli-tsconfig-", {
      "tsconfig.json": tsconfig,
      "src/pipeline.ts": 'import { component, pipeline } from "kfp-ts";\nexport const echo = component((text: string): string => text);\nexport const p = pipeline({ name: "p" }, () => { echo("hi"); });\n',
    });
    return { dir, compiled: runCli(["compile", "src/pipeline.ts", "-o", join(dir, "out.yaml")], { cwd: dir, env: { KFP_TS_SNAPSHOT: "0" } }) };
  };

  it("points at the place in a tsconfig.json that TypeScript cannot read, for compile and build", () => {
    const { dir, compiled } = withTsconfig('{ "compilerOptions": { "strict": true, } oops }\n');
    expect(compiled.status).toBe(1);
    expect(compiled.stderr).toMatch(/^tsconfig\.json:1:42 - error KFP0008: cannot read tsconfig\.json: ',' expected\./m);
    expect(compiled.stderr).toMatch(/hint: fix the tsconfig\.json/);
    expect(compiled.stderr).not.toMatch(noTrace);
    const built = runCli(["build"], { cwd: dir, env: { KFP_TS_SNAPSHOT: "0" } });
    expect(built.status).toBe(1);
    // Like tsc, build prints its errors on stdout.
    expect(built.stdout).toMatch(/^tsconfig\.json\(1,42\): error KFP0008: cannot read tsconfig\.json/m);
    expect(built.stdout + built.stderr).not.toMatch(noTrace);
  });

  it("reports a misspelt compiler option in tsconfig.json where it is, as tsc does", () => {
    const { compiled } = withTsconfig('{\n  "compilerOptions": { "stirct": true }\n}\n');
    expect(compiled.status).toBe(1);
    expect(compiled.stderr).toMatch(/^tsconfig\.json:2:24 - error TS5025: Unknown compiler option 'stirct'\. Did you mean 'strict'\?/m);
    expect(compiled.stderr).not.toMatch(noTrace);
  });

  it("reports a compiler option TypeScript 6 deprecated, as tsc and kfp-ts build do", () => {
    const { dir, compiled } = withTsconfig('{\n  "compilerOptions": { "module": "NodeNext", "strict": true, "baseUrl": "." }\n}\n');
    expect(compiled.status).toBe(1);
    expect(compiled.stderr).toMatch(/^tsconfig\.json:2:\d+ - error TS5101: Option 'baseUrl' is deprecated/m);
    expect(compiled.stderr).not.toMatch(noTrace);
    const built = runCli(["build"], { cwd: dir, env: { KFP_TS_SNAPSHOT: "0" } });
    expect(built.status).toBe(1);
    // Located as tsc locates it (kfp-ts build prints tsc's format).
    expect(built.stdout + built.stderr).toMatch(/^tsconfig\.json\(2,\d+\): error TS5101: Option 'baseUrl' is deprecated/m);
  });

  it("reports -o under a regular file in one line", () => {
    const dir = temp();
    writeFileSync(join(dir, "file"), "");
    const result = runCli(["compile", "examples/hello-world.ts", "-o", join(dir, "file", "out.yaml")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot write .*out\.yaml: a part of the path is a file, not a folder/);
    expect(result.stderr).not.toMatch(noTrace);
  });

  it("stops quietly when the reader of its output goes away (`kfp-ts compile -o - | head`)", () => {
    for (const snapshot of ["0", "1"]) {
      // A shell pipe (64 kB; Node's own stdio pipes are socket pairs that hold the whole spec): the spec is larger,
      // so the compile is still writing when `head` has read its bytes and gone.
      const shell = `"${process.execPath}" "${cli}" compile examples/penguins/pipeline.ts -o - | head -c 100 > /dev/null; exit \${PIPESTATUS[0]}`;
      const result = spawnSync("bash", ["-c", shell], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, KFP_TS_SNAPSHOT: snapshot } });
      expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
      expect(result.status, result.stderr).toBe(0);
    }
  });

  it("refuses a YAML alias bomb before expanding it", () => {
    const dir = temp();
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    writeFileSync(join(dir, "bomb.yaml"), `${levels.join("\n")}\npipelineInfo: { name: bomb }\n`);
    const started = Date.now();
    const result = runCli(["run", join(dir, "bomb.yaml"), "--root", join(dir, "root")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/uses YAML aliases too often/);
    expect(result.stderr).not.toMatch(noTrace);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("refuses a spec with a '__proto__' key instead of dropping it", () => {
    const dir = temp();
    const spec = { pipelineInfo: { name: "p" }, root: { inputDefinitions: { parameters: JSON.parse('{"__proto__": {"parameterType": "STRING"}}') }, dag: { tasks: {} } }, schemaVersion: "2.1.0" };
    writeFileSync(join(dir, "p.json"), JSON.stringify(spec));
    const result = runCli(["run", join(dir, "p.json"), "--root", join(dir, "root")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("root.inputDefinitions.parameters has a key '__proto__'");
  });
});

describe("the network going down during submit", () => {
  it("ends a submit to Kubeflow Pipelines in one error line when the server hangs up (after its retries)", { timeout: 120_000 }, async () => {
    // A server that accepts each connection and closes it at once.
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const spec = join(temp(), "hello.yaml");
    runCli(["compile", "examples/hello-world.ts", "-o", spec]);
    const result = await runCliAsync(["submit", spec, "--kfp-host", `http://127.0.0.1:${port}`]);
    server.close();
    expect(result.status, result.stderr).toBe(1);
    const lines = result.stderr.trim().split("\n");
    // The first request (the experiment's look-up, as kfp.Client makes it) meets the hang-up.
    expect(lines.at(-1)).toMatch(/^kfp-ts: cannot (create the run|find experiment '\w+'): .*(cannot reach|the connection to) http:\/\/127\.0\.0\.1:\d+/);
    expect(lines.slice(0, -1).every((line) => line.startsWith("  (transient error"))).toBe(true);
    expect(result.stderr).not.toMatch(noTrace);
  });
});
