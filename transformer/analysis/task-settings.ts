import { Node } from "ts-morph";
import { codes, type DiagnosticBag } from "../diagnostics.js";
import type { ChannelRef, JsonValue, RetryIR, RuntimeSetting, TaskSettingsIR } from "../ir.js";
import { analyzeKubernetesSettings, type ChannelReader } from "./kubernetes-settings.js";
import { evaluateConstant, propertyName, unwrapTransparent } from "./literals.js";
import { locationOf } from "./location.js";
import { durationSeconds } from "../../src/spec/duration.js";

export const defaultTaskSettings: TaskSettingsIR = { caching: true, env: [] };

const cpuPattern = /^([0-9]*[.])?[0-9]+m?$/;
const memoryPattern = /^[0-9]+(E|Ei|P|Pi|T|Ti|G|Gi|M|Mi|K|Ki)?$/;

export interface SettingsResult {
  settings: TaskSettingsIR;
  /** The `after` entries, still to be resolved to tasks by the pipeline body. */
  after: Node[];
}

/** Reads a setting's value when it is a pipeline parameter or a task output (reporting what is neither). */
export type RuntimeReader = (node: Node, setting: RuntimeSetting) => ChannelRef | undefined;

const runtimeSettings: Readonly<Record<string, RuntimeSetting>> = { cpuRequest: "cpuRequest", cpuLimit: "cpuLimit", memoryRequest: "memoryRequest", memoryLimit: "memoryLimit", image: "image" };

/**
 * Reads the settings object of `task(component, { … })`. Values are literals the compiler can read, except
 * resources, accelerators and the image, which may also be pipeline parameters or task outputs, and the names of
 * Kubernetes objects in `kubernetes`, which may be string parameters or outputs.
 */
export function analyzeTaskSettings(node: Node, diagnostics: DiagnosticBag, readRuntime?: RuntimeReader, readName?: ChannelReader): SettingsResult {
  const settings: { -readonly [K in keyof TaskSettingsIR]: TaskSettingsIR[K] } = { ...defaultTaskSettings, env: [] };
  const runtime: Partial<Record<RuntimeSetting, ChannelRef>> = {};
  const after: Node[] = [];
  const object = unwrapTransparent(node);
  if (!Node.isObjectLiteralExpression(object)) {
    diagnostics.error(codes.invalidTaskSetting, "task settings must be an object literal", locationOf(node), "write the settings inline: task(component, { displayName: \"…\" })");
    return { settings, after };
  }
  for (const property of object.getProperties()) {
    if (!Node.isPropertyAssignment(property)) {
      diagnostics.error(codes.invalidTaskSetting, "task settings must be written as `key: value`", locationOf(property));
      continue;
    }
    const key = propertyName(property.getNameNode());
    const valueNode = property.getInitializerOrThrow();
    if (key === "after") {
      const list = unwrapTransparent(valueNode);
      if (Node.isArrayLiteralExpression(list)) after.push(...list.getElements());
      else diagnostics.error(codes.invalidAfter, "`after` must be an array literal of task results", locationOf(valueNode));
      continue;
    }
    if (key === "kubernetes") {
      const kubernetes = analyzeKubernetesSettings(valueNode, readName, diagnostics);
      if (kubernetes) settings.kubernetes = kubernetes;
      continue;
    }
    const constant = evaluateConstant(valueNode);
    const runtimeKey = runtimeSettings[key ?? ""];
    if (!constant.ok && runtimeKey && readRuntime) {
      const ref = readRuntime(valueNode, runtimeKey);
      if (ref) runtime[runtimeKey] = ref;
      continue;
    }
    if (!constant.ok && key === "accelerator" && readRuntime && Node.isObjectLiteralExpression(unwrapTransparent(valueNode))) {
      readRuntimeAccelerator(unwrapTransparent(valueNode), readRuntime, runtime, settings, diagnostics);
      continue;
    }
    if (!constant.ok) {
      diagnostics.error(codes.invalidTaskSetting, `task setting '${key}' must be a literal the compiler can read`, locationOf(constant.node), "pipeline parameters and task results cannot configure a task yet");
      continue;
    }
    const value = constant.value;
    if (value === undefined) continue;
    // At the whole `key: value`, where TypeScript reports a value of the wrong type: one mistake, one diagnostic.
    const fail = (message: string, hint?: string) => diagnostics.error(codes.invalidTaskSetting, message, locationOf(property), hint);
    switch (key) {
      case "displayName":
        if (typeof value === "string" && value !== "") settings.displayName = value;
        else fail("`displayName` must be a non-empty string");
        break;
      case "caching":
        if (typeof value === "boolean") settings.caching = value;
        else fail("`caching` must be true or false");
        break;
      case "cacheKey":
        if (typeof value === "string" && value !== "") settings.cacheKey = value;
        else fail("`cacheKey` must be a non-empty string");
        break;
      case "image":
        if (typeof value === "string" && value.trim() !== "") settings.image = value;
        else fail("`image` must be a non-empty image reference");
        break;
      case "cpuRequest":
      case "cpuLimit": {
        const text = typeof value === "number" ? String(value) : value;
        if (typeof text === "string" && cpuPattern.test(text)) settings[key] = text;
        else fail(`\`${key}\` must be a number of cores or millicores, such as 2, "0.5" or "500m"`);
        break;
      }
      case "memoryRequest":
      case "memoryLimit":
        if (typeof value === "string" && memoryPattern.test(value)) settings[key] = value;
        else fail(`\`${key}\` must be a whole number with an optional unit (E, Ei, P, Pi, T, Ti, G, Gi, M, Mi, K, Ki), such as "512Mi" or "4G"`);
        break;
      case "accelerator": {
        const accelerator = readObject(value);
        const type = accelerator?.type;
        const count = accelerator?.count ?? 1;
        const unknownKeys = accelerator ? Object.keys(accelerator).filter((k) => k !== "type" && k !== "count") : [];
        if (typeof type !== "string" || type === "") fail("`accelerator.type` must name an accelerator, such as \"NVIDIA_TESLA_T4\" or \"nvidia.com/gpu\"");
        else if (!Number.isSafeInteger(count) || (count as number) < 0) fail("`accelerator.count` must be a whole number, 0 or more");
        else if (unknownKeys.length > 0) fail(`unknown accelerator setting '${unknownKeys[0]}'; an accelerator has a type and a count`);
        else settings.accelerator = { type, count: count as number };
        break;
      }
      case "env": {
        const env = readObject(value);
        const entries = env ? Object.entries(env) : [];
        const bad = entries.find(([, v]) => typeof v !== "string");
        if (!env) fail("`env` must be an object of variable names to string values");
        else if (bad) fail(`environment variable '${bad[0]}' must be a string`, "quote numbers and booleans: \"1\", \"true\"");
        else settings.env = entries as [string, string][];
        break;
      }
      case "ignoreUpstreamFailure":
        if (typeof value === "boolean") settings.ignoreUpstreamFailure = value;
        else fail("`ignoreUpstreamFailure` must be true or false");
        break;
      case "retry": {
        const retry = readRetry(value);
        if (typeof retry === "string") fail(retry);
        else settings.retry = retry;
        break;
      }
      default:
        diagnostics.error(codes.invalidTaskSetting, `unknown task setting '${key}'`, locationOf(property.getNameNode()), "see TaskSettings for the settings a task takes");
    }
  }
  if (Object.keys(runtime).length > 0) settings.runtime = runtime;
  return { settings, after };
}

/** `accelerator: { type: gpu, count: 2 }` where the type or the count is known only at run time. */
function readRuntimeAccelerator(
  object: Node,
  readRuntime: RuntimeReader,
  runtime: Partial<Record<RuntimeSetting, ChannelRef>>,
  settings: { accelerator?: TaskSettingsIR["accelerator"] },
  diagnostics: DiagnosticBag,
): void {
  if (!Node.isObjectLiteralExpression(object)) return;
  let type: string | undefined;
  let count = 1;
  for (const property of object.getProperties()) {
    const name = Node.isPropertyAssignment(property) ? propertyName(property.getNameNode()) : undefined;
    const value = Node.isPropertyAssignment(property) ? property.getInitializerOrThrow() : undefined;
    if ((name !== "type" && name !== "count") || !value) {
      diagnostics.error(codes.invalidTaskSetting, "an accelerator has a type and a count", locationOf(property));
      continue;
    }
    const constant = evaluateConstant(value);
    if (constant.ok && name === "type" && typeof constant.value === "string") type = constant.value;
    else if (constant.ok && name === "count" && Number.isSafeInteger(constant.value)) count = constant.value as number;
    else if (constant.ok) diagnostics.error(codes.invalidTaskSetting, `\`accelerator.${name}\` has the wrong type`, locationOf(value));
    else {
      const ref = readRuntime(value, name === "type" ? "acceleratorType" : "acceleratorCount");
      if (ref) runtime[name === "type" ? "acceleratorType" : "acceleratorCount"] = ref;
    }
  }
  if (type !== undefined || runtime.acceleratorType) settings.accelerator = { type: type ?? "", count };
}

function readObject(value: JsonValue): Record<string, JsonValue> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

function readRetry(value: JsonValue): RetryIR | string {
  const retry = readObject(value);
  if (!retry) return "`retry` must be an object such as { count: 3, backoffDuration: \"30s\" }";
  const unknown = Object.keys(retry).find((k) => !["count", "backoffDuration", "backoffFactor", "backoffMaxDuration"].includes(k));
  if (unknown) return `unknown retry setting '${unknown}'`;
  const count = retry.count;
  if (!Number.isSafeInteger(count) || (count as number) < 0) return "`retry.count` must be a whole number, 0 or more";
  const backoff = seconds(retry.backoffDuration ?? 0);
  const max = seconds(retry.backoffMaxDuration ?? 3600);
  if (backoff === undefined) return "`retry.backoffDuration` must be seconds or a duration such as \"30s\", \"5m\" or \"1h\"";
  if (max === undefined) return "`retry.backoffMaxDuration` must be seconds or a duration such as \"30s\", \"5m\" or \"1h\"";
  const factor = retry.backoffFactor ?? 2;
  if (typeof factor !== "number" || !(factor >= 0)) return "`retry.backoffFactor` must be a number, 0 or more";
  // KFP treats a zero factor as unset.
  return { count: count as number, backoffSeconds: backoff, backoffFactor: factor === 0 ? 2 : factor, backoffMaxSeconds: max };
}

/** Whole seconds in a duration: a number of seconds, or text like "90s", "5m", "1h", "2d", "1w". */
export function seconds(value: JsonValue): number | undefined {
  const exact = durationSeconds(value);
  return exact === undefined ? undefined : Math.round(exact);
}
