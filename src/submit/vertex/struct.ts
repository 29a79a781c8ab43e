// JSON ↔ google.protobuf.Struct / Value in the protobufjs object form the Node client sends.
// The client converts nothing itself: a plain object passed as a Struct is silently sent empty.

export type ProtoValue =
  | { nullValue: "NULL_VALUE"; kind?: "nullValue" }
  | { numberValue: number; kind?: "numberValue" }
  | { stringValue: string; kind?: "stringValue" }
  | { boolValue: boolean; kind?: "boolValue" }
  | { structValue: ProtoStruct; kind?: "structValue" }
  | { listValue: { values: ProtoValue[] }; kind?: "listValue" };

export interface ProtoStruct {
  fields: Record<string, ProtoValue>;
}

/** A JSON value as a protobuf Value. `undefined`, functions and non-finite numbers are refused, with their path. */
export function toProtoValue(value: unknown, path = "$"): ProtoValue {
  if (value === null) return { nullValue: "NULL_VALUE" };
  switch (typeof value) {
    case "string":
      return { stringValue: value };
    case "boolean":
      return { boolValue: value };
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}, which a protobuf Value cannot hold`);
      return { numberValue: value };
    case "object":
      if (Array.isArray(value)) return { listValue: { values: value.map((v, i) => toProtoValue(v, `${path}[${i}]`)) } };
      if (value instanceof Date) throw new TypeError(`${path} is a Date; pass it as an ISO string`);
      return { structValue: toProtoStruct(value as Record<string, unknown>, path) };
    default:
      throw new TypeError(`${path} is ${value === undefined ? "undefined" : `a ${typeof value}`}, which a protobuf Value cannot hold`);
  }
}

export function toProtoStruct(object: Record<string, unknown>, path = "$"): ProtoStruct {
  return { fields: Object.fromEntries(Object.entries(object).map(([k, v]) => [k, toProtoValue(v, `${path}.${k}`)])) };
}

/** The JSON a protobuf Value stands for (with or without the `kind` discriminator). */
export function fromProtoValue(value: ProtoValue | Record<string, unknown>): unknown {
  const v = value as Record<string, unknown>;
  const kind = (v.kind as string | undefined) ?? Object.keys(v).find((k) => k.endsWith("Value"));
  switch (kind) {
    case "nullValue":
      return null;
    case "numberValue":
      return Number(v.numberValue);
    case "stringValue":
      return v.stringValue;
    case "boolValue":
      return v.boolValue;
    case "structValue":
      return fromProtoStruct(v.structValue as ProtoStruct);
    case "listValue":
      return ((v.listValue as { values?: ProtoValue[] }).values ?? []).map(fromProtoValue);
    default:
      return null;
  }
}

export function fromProtoStruct(struct: ProtoStruct | null | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(struct?.fields ?? {}).map(([k, v]) => [k, fromProtoValue(v)]));
}
