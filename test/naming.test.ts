import { describe, expect, it } from "vitest";
import { componentNameOf, sanitizeK8sName, uniqueName } from "../transformer/naming.js";
import { embeddedCommand, embeddedProgram, sourceMapEnv } from "../src/spec/embedded-command.js";
import { cpuToFloat, memoryToGigabytes } from "../transformer/spec/resources.js";
import { seconds } from "../transformer/analysis/task-settings.js";
import { pythonRepr } from "../src/spec/header.js";

describe("names as KFP makes them", () => {
  it.each([
    ["helloWorld", "hello-world"],
    ["hello_world", "hello-world"],
    ["echo", "echo"],
    ["printOp2", "print-op2"],
    ["parseHTMLDocument", "parse-html-document"],
    ["XMLParser", "xml-parser"],
    ["__private__", "private"],
  ])("%s → %s", (identifier, name) => expect(componentNameOf(identifier)).toBe(name));

  it("sanitizes like Kubernetes names", () => expect(sanitizeK8sName("My Pipeline!! v2")).toBe("my-pipeline-v2"));

  it("adds -2, -3, … to make names unique", () => {
    const taken = new Set(["echo", "echo-2"]);
    expect(uniqueName("echo", taken)).toBe("echo-3");
    expect(uniqueName("other", taken)).toBe("other");
  });
});

describe("quantities as KFP writes them", () => {
  it.each([["500m", 0.5], ["2", 2], ["1.5", 1.5]])("cpu %s → %d", (cpu, value) => expect(cpuToFloat(cpu)).toBe(value));
  it.each([["4Gi", 4.294967296], ["14Gi", 15.032385536], ["512Mi", 0.536870912], ["4G", 4], ["1000", 0.000001]])("memory %s → %d GB", (memory, value) =>
    expect(memoryToGigabytes(memory)).toBeCloseTo(value, 12));
  it.each([[60, 60], ["30s", 30], ["5m", 300], ["1h", 3600], ["2d", 172800], ["1w", 604800], ["soon", undefined]])("duration %s → %s s", (text, value) =>
    expect(seconds(text)).toBe(value));
  it("prints defaults as Python does in the YAML header", () => {
    expect(pythonRepr({ k: 1, list: ["a", true, null], f: 0.5 })).toBe("{'k': 1.0, 'list': ['a', True, None], 'f': 0.5}");
  });
});

describe("embedded bundles", () => {
  it("round-trip through the embedded command and its source map variable, and nothing else is taken for one", () => {
    const bundle = "export const x = '{{pod.name}}';\n".repeat(10_000);
    const command = embeddedCommand(bundle);
    expect(command.slice(0, 2)).toEqual(["node", "-e"]);
    expect(JSON.stringify(command)).not.toContain("{{");
    expect(Buffer.byteLength(command[3]!)).toBeLessThan(Buffer.byteLength(bundle) / 50);
    const env = [sourceMapEnv('{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"}')];
    expect(embeddedProgram({ command, env })).toEqual({ code: bundle, sourceMap: '{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"}' });
    expect(embeddedProgram({ command })).toEqual({ code: bundle });
    expect(embeddedProgram({ command: ["sh", "-ec", "echo hi", "x"] })).toBeUndefined();
    expect(embeddedProgram({ command: ["node", "-e", "console.log(1)", "x"] })).toBeUndefined();
  });
});
