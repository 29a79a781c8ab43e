import type { Node, Type } from "ts-morph";
import type { JsonValue, ValueType } from "../ir.js";
import type { DslSymbols } from "./dsl.js";
import { mapType } from "./types.js";

export interface ItemTypes {
  readonly item: ValueType;
  /** Types of the fields of object items, for `item.field`. */
  readonly fields: Record<string, ValueType>;
}

const string: ValueType = { kind: "parameter", parameterType: "STRING" };

/**
 * Item types of a loop over a list written in the source, typed as the Python SDK types them: by the
 * first item, and every field of object items by the first item's first field.
 */
export function rawItemTypes(values: readonly JsonValue[]): ItemTypes {
  const first = values[0];
  if (typeof first === "object" && first !== null && !Array.isArray(first)) {
    const firstField = Object.values(first)[0];
    const fieldType = firstField === undefined ? string : typeOfValue(firstField);
    return { item: { kind: "parameter", parameterType: "STRUCT" }, fields: Object.fromEntries(Object.keys(first).map((key) => [key, fieldType])) };
  }
  return { item: first === undefined ? string : typeOfValue(first), fields: {} };
}

function typeOfValue(value: JsonValue): ValueType {
  const parameterType = typeof value === "boolean" ? "BOOLEAN"
    : typeof value === "number" ? (Number.isInteger(value) ? "NUMBER_INTEGER" : "NUMBER_DOUBLE")
    : typeof value === "string" ? "STRING"
    : Array.isArray(value) ? "LIST"
    : value === null ? "STRING" : "STRUCT";
  return { kind: "parameter", parameterType };
}

/** Item types of a loop over a LIST channel, from the TypeScript type of the list (STRING where it says nothing, as KFP defaults). */
export function loopItemTypes(items: Node, dsl: DslSymbols): ItemTypes {
  const element = elementOf(items.getType());
  if (!element) return { item: string, fields: {} };
  const mapped = mapType(element, items, dsl);
  const item = mapped.ok ? mapped.type : string;
  const fields: Record<string, ValueType> = {};
  if (item.kind === "parameter" && item.parameterType === "STRUCT") {
    for (const property of element.getProperties()) {
      const type = mapType(property.getTypeAtLocation(items), items, dsl);
      fields[property.getName()] = type.ok ? type.type : string;
    }
  }
  return { item, fields };
}

function elementOf(type: Type): Type | undefined {
  const list = type.getNonNullableType();
  if (list.isArray()) return list.getArrayElementType();
  if (list.getSymbol()?.getName() === "ReadonlyArray") return list.getTypeArguments()[0];
  if (list.isTuple()) return list.getTupleElements()[0];
  return undefined;
}
