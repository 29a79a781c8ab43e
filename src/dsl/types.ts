declare const intBrand: unique symbol;

/**
 * An integer: a KFP `NUMBER_INTEGER` parameter (a plain `number` is `NUMBER_DOUBLE`).
 * Any number literal is assignable to it.
 */
export type Int = number & { readonly [intBrand]?: "Int" };

/** A value that survives the JSON a KFP parameter travels as. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
