/**
 * The pieces the generated input schemas (src/generated/schemas.ts) are built from: each turns
 * one kind of model rule into a zod/mini check whose message states the rule and never the value
 * that broke it. Lengths count what the service counts: a string's characters as Unicode scalar
 * values (a surrogate pair is one), a blob's bytes (a string counts its UTF-8 bytes).
 */
import * as z from "zod/mini";

/** A size rule's limits, both inclusive; a limit the model does not set is absent. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/** Error parameter of a type check: a missing value reads as "is required". */
export function expected(what: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) =>
      issue.input === undefined ? "is required" : `must be ${what}`,
  };
}

/**
 * Error parameter of a structure, which also reports members the model does not declare: the
 * service would ignore them, so a misspelt optional member would otherwise vanish without a word.
 */
export function structure(name: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) => {
      if (issue.code === "unrecognized_keys") return `is not a member of ${name}`;
      return issue.input === undefined ? "is required" : "must be an object";
    },
  };
}

/** A string's length in characters, as the model's string lengths count them. */
export function characters(bounds: Bounds) {
  return bounded<string>("string", characterCount, bounds, (limit, count) =>
    sized(limit, count, "character"),
  );
}

/** A blob's size, or a string's size in UTF-8 bytes (`SecretString`, as its quota counts it). */
export function bytes(bounds: Bounds) {
  return bounded<Uint8Array | string>("bytes", byteCount, bounds, (limit, count) =>
    sized(limit, count, "byte"),
  );
}

export function items(bounds: Bounds) {
  return bounded<unknown[]>(
    "array",
    (value) => value.length,
    bounds,
    (limit, count) => `must have ${limit} ${plural(count, "item")}`,
  );
}

export function range(bounds: Bounds) {
  return bounded<number>(
    "number",
    (value) => value,
    bounds,
    (limit, count) => `must be ${limit} ${count}`,
  );
}

/** `regex` is anchored by the generator: the service matches a pattern against the whole value. */
export function pattern(regex: RegExp) {
  return z.regex(regex, `must match pattern ${regex.source}`);
}

/** A blob: bytes, or a string that is sent as its UTF-8 bytes. */
export function blob() {
  return z.custom<Uint8Array | string>(
    (value) => typeof value === "string" || value instanceof Uint8Array,
    expected("a Uint8Array or a string"),
  );
}

/**
 * A lookup of schemas by name that builds each on first use and keeps it, so importing the
 * generated schemas builds nothing.
 */
export function builtOnFirstUse<Name extends string>(
  builders: {
    readonly [K in Name]: () => z.ZodMiniType;
  },
): (name: Name) => z.ZodMiniType {
  const built = new Map<Name, z.ZodMiniType>();
  return (name) => {
    let schema = built.get(name);
    if (schema === undefined) {
      schema = builders[name]();
      built.set(name, schema);
    }
    return schema;
  };
}

/** A size rule as a zod check that reports standard `too_small` and `too_big` issues. */
function bounded<T>(
  origin: string,
  measure: (value: T) => number,
  bounds: Bounds,
  rule: (limit: "at least" | "at most", count: number) => string,
) {
  return z.check<T>((context) => {
    const size = measure(context.value);
    const { min, max } = bounds;
    if (min !== undefined && size < min) {
      const message = rule("at least", min);
      context.issues.push({
        code: "too_small",
        origin,
        minimum: min,
        inclusive: true,
        input: context.value,
        message,
      });
    }
    if (max !== undefined && size > max) {
      const message = rule("at most", max);
      context.issues.push({
        code: "too_big",
        origin,
        maximum: max,
        inclusive: true,
        input: context.value,
        message,
      });
    }
  });
}

/** Unicode scalar values, the unit of the model's string lengths: a surrogate pair counts once. */
function characterCount(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

function byteCount(value: Uint8Array | string): number {
  return typeof value === "string" ? Buffer.byteLength(value, "utf8") : value.byteLength;
}

function sized(limit: string, count: number, unit: string): string {
  return `must be ${limit} ${plural(count, unit)} long`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}
