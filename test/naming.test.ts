import { describe, expect, it } from "vitest";
import { componentNameOf, sanitizeK8sName, uniqueName } from "../transformer/naming.js";
import { embeddedBundle, embeddedCommand, splitUtf8 } from "../src/spec/embedded-command.js";
import { cpuToFloat, memoryToGigabytes } from "../transformer/spec/resources.js";
import { seconds } from "../transformer/analysis/task-settings.js";
import { pythonRepr } from "../transformer/spec/header.js";

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

describe("bundle chunks", () => {
  it("split text under a byte limit without cutting a character", () => {
    const text = "aé€😀".repeat(1000);
    const chunks = splitUtf8(text, 100);
    expect(chunks.join("")).toBe(text);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(100);
  });

  it("round-trip through the embedded command, and nothing else is taken for one", () => {
    const bundle = "x".repeat(300_000);
    const command = embeddedCommand(bundle);
    expect(command.length).toBe(3 + 3);
    expect(command[2]).toContain("shift 2\nexec node");
    expect(embeddedBundle(command)).toBe(bundle);
    expect(embeddedBundle(["sh", "-ec", "echo hi", "x"])).toBeUndefined();
    expect(embeddedBundle(["python3", "-c", "x", "y"])).toBeUndefined();
  });
});
