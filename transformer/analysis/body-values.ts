import type { ChannelRef, JsonValue, OutputIR, ValueType } from "../ir.js";

/** What an expression in a pipeline body stands for. */
export type Value =
  | { readonly kind: "constant"; readonly value: JsonValue }
  | { readonly kind: "undefined" }
  /** One value that exists when the pipeline runs: a parameter, a task output, a loop item, a gathered list, a OneOf. */
  | { readonly kind: "channel"; readonly ref: ChannelRef; readonly type: ValueType; readonly label: string }
  /** The result of a call with no output or with named outputs (its fields are outputs). */
  | { readonly kind: "task"; readonly task: number; readonly outputs: readonly OutputIR[] }
  /** The results of a loop of calls with named outputs: `runs` in `runs = items.map((x) => train(x))`. */
  | { readonly kind: "collectedTask"; readonly task: number; readonly outputs: readonly OutputIR[] }
  | { readonly kind: "finalStatus" }
  /** A template literal holding channels: text and channels in order. */
  | { readonly kind: "template"; readonly parts: readonly (string | ChannelRef)[] }
  /** An expression already reported as a mistake. */
  | { readonly kind: "invalid" };

export const invalid: Value = { kind: "invalid" };

export function describeValue(value: Value): string {
  switch (value.kind) {
    case "channel":
      switch (value.ref.kind) {
        case "pipelineInput":
          return `pipeline parameter ('${value.ref.name}')`;
        case "taskOutput":
          return "task output";
        case "loopItem":
          return "loop item";
        case "collected":
          return "list gathered from a loop";
        case "oneOf":
          return "value of whichever branch ran";
      }
      break;
    case "constant":
    case "undefined":
      return "constant";
    case "task":
      return "task result";
    case "collectedTask":
      return "list of task results gathered from a loop";
    case "finalStatus":
      return "final status";
    case "template":
      return "template literal";
    case "invalid":
      return "value";
  }
}

/** The type of a list of values of `type`, as a loop gathers them. */
export function listOf(type: ValueType): ValueType {
  return type.kind === "artifact" ? { ...type, list: true } : { kind: "parameter", parameterType: "LIST" };
}

/** Why a value of type `source` cannot feed an input of type `target` (KFP's type check), or undefined. */
export function incompatibility(source: ValueType, target: ValueType): string | undefined {
  if (source.kind === "finalStatus" || target.kind === "finalStatus") {
    return source.kind === target.kind ? undefined : target.kind === "finalStatus" ? "is not a final status: pass `finalStatus()`" : "is a final status, which only a PipelineTaskFinalStatus input takes";
  }
  if (source.kind === "parameter" && target.kind === "parameter") {
    if (source.parameterType === target.parameterType) return undefined;
    if (source.parameterType === "NUMBER_INTEGER" && target.parameterType === "NUMBER_DOUBLE") return undefined;
    return `is ${source.parameterType}, but the input is ${target.parameterType}`;
  }
  if (source.kind === "artifact" && target.kind === "artifact") {
    if (source.list !== target.list) return source.list ? "is a list of artifacts, but the input takes one" : "is one artifact, but the input takes a list";
    // system.Artifact is compatible with every artifact type, in both directions (KFP's type_utils).
    if (target.artifact.schemaTitle === "system.Artifact" || source.artifact.schemaTitle === "system.Artifact") return undefined;
    if (source.artifact.schemaTitle !== target.artifact.schemaTitle) return `is a ${source.artifact.schemaTitle}, but the input takes a ${target.artifact.schemaTitle}`;
    return undefined;
  }
  return source.kind === "artifact" ? "is an artifact, but the input is a parameter" : "is a parameter, but the input takes an artifact";
}
