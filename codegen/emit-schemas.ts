/**
 * Emits `schemas.ts`: one zod/mini builder function per shape reachable from an operation input,
 * named after the shape, and `inputSchema(operation)`, which builds an operation's schema on first
 * use and keeps it. Importing the file builds nothing.
 */
import { anchoredPattern, BYTE_COUNTED_STRINGS } from "./constraints";
import { listMember, type Model, mapKey, mapValue } from "./model";
import { HEADER, quote } from "./text";

/** Fixed part of the file: the helpers every builder uses. */
const PRELUDE = `/**
 * zod/mini schemas for the operation inputs, carrying every rule the model states: required
 * members, string lengths (in characters as the service counts them: a surrogate pair is one;
 * \`SecretString\` in UTF-8 bytes, as its service quota states), blob sizes (in bytes; a string
 * counts its UTF-8 bytes), numeric ranges, list sizes, enums and patterns (matched against the
 * whole value, as the service matches them).
 *
 * A member the model does not declare is rejected, not dropped: the service would ignore it, so a
 * misspelt optional member would otherwise vanish without a word.
 *
 * Nothing is built at import time: \`inputSchema\` builds an operation's schema on first use and
 * keeps it. Messages state the rule and never the value that broke it.
 */
import * as z from "zod/mini";
import type { OperationName } from "./operations";

interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/** Error parameter of a type check: a missing value reads as "is required". */
function expected(what: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) =>
      issue.input === undefined ? "is required" : \`must be \${what}\`,
  };
}

/** Error parameter of a structure, which also reports members the model does not declare. */
function structure(name: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) => {
      if (issue.code === "unrecognized_keys") return \`is not a member of \${name}\`;
      return issue.input === undefined ? "is required" : "must be an object";
    },
  };
}

function plural(count: number, unit: string): string {
  return \`\${count} \${unit}\${count === 1 ? "" : "s"}\`;
}

/** A size rule as a zod check that reports standard \`too_small\` and \`too_big\` issues. */
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
      context.issues.push({ code: "too_small", origin, minimum: min, inclusive: true, input: context.value, message });
    }
    if (max !== undefined && size > max) {
      const message = rule("at most", max);
      context.issues.push({ code: "too_big", origin, maximum: max, inclusive: true, input: context.value, message });
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

function characters(bounds: Bounds) {
  return bounded<string>("string", characterCount, bounds, (limit, count) =>
    \`must be \${limit} \${plural(count, "character")} long\`,
  );
}

function bytes(bounds: Bounds) {
  return bounded<Uint8Array | string>("bytes", byteCount, bounds, (limit, count) =>
    \`must be \${limit} \${plural(count, "byte")} long\`,
  );
}

function items(bounds: Bounds) {
  return bounded<unknown[]>("array", (value) => value.length, bounds, (limit, count) =>
    \`must have \${limit} \${plural(count, "item")}\`,
  );
}

function range(bounds: Bounds) {
  return bounded<number>("number", (value) => value, bounds, (limit, count) =>
    \`must be \${limit} \${count}\`,
  );
}

function pattern(regex: RegExp) {
  return z.regex(regex, \`must match pattern \${regex.source}\`);
}

/** A blob: bytes, or a string that is sent as its UTF-8 bytes. */
function blob() {
  return z.custom<Uint8Array | string>(
    (value) => typeof value === "string" || value instanceof Uint8Array,
    expected("a Uint8Array or a string"),
  );
}
`;

export function emitSchemas(model: Model): string {
  const inputSide = model.side("input");
  checkAcyclic(model, inputSide);
  const builders = [...inputSide].sort().map((name) => builder(model, name));

  const table = model.operations.map((operation) => {
    const input = operation.input?.shape;
    const build =
      input === undefined ? `() => z.strictObject({}, structure(${quote(operation.name)}))` : input;
    return `  ${operation.name}: ${build},`;
  });

  return [
    HEADER,
    "",
    PRELUDE,
    "const inputs: { readonly [K in OperationName]: () => z.ZodMiniType } = {",
    ...table,
    "};",
    "",
    "const built = new Map<OperationName, z.ZodMiniType>();",
    "",
    "/** The schema of an operation's input, built on first use and kept for later calls. */",
    "export function inputSchema(operation: OperationName): z.ZodMiniType {",
    "  let schema = built.get(operation);",
    "  if (schema === undefined) {",
    "    schema = inputs[operation]();",
    "    built.set(operation, schema);",
    "  }",
    "  return schema;",
    "}",
    "",
    ...builders,
  ].join("\n");
}

function builder(model: Model, name: string): string {
  return `function ${name}() {\n  return ${expression(model, name)};\n}\n`;
}

function expression(model: Model, name: string): string {
  const shape = model.shape(name);
  const bounds = boundsOf(shape.min, shape.max);
  const withChecks = (base: string, checks: string[]): string =>
    checks.length === 0 ? base : `${base}.check(${checks.join(", ")})`;
  switch (shape.type) {
    case "structure": {
      const members = model.members(name).map(([member, target]) => {
        const value = `${target.shape}()`;
        const schema = model.isRequired(name, member) ? value : `z.optional(${value})`;
        return `${member}: ${schema},`;
      });
      return `z.strictObject({${members.join(" ")}}, structure(${quote(name)}))`;
    }
    case "string": {
      if (shape.enum !== undefined) {
        const values = shape.enum.map(quote).join(", ");
        return `z.enum([${values}], expected(${quote(`one of: ${shape.enum.join(", ")}`)}))`;
      }
      const measure = BYTE_COUNTED_STRINGS.has(name) ? "bytes" : "characters";
      const checks = bounds === undefined ? [] : [`${measure}(${bounds})`];
      if (shape.pattern !== undefined) checks.push(`pattern(/${anchoredPattern(shape.pattern)}/)`);
      return withChecks(`z.string(expected("a string"))`, checks);
    }
    case "blob":
      return withChecks("blob()", bounds === undefined ? [] : [`bytes(${bounds})`]);
    case "integer":
    case "long":
      return withChecks(
        `z.int(expected("an integer"))`,
        bounds === undefined ? [] : [`range(${bounds})`],
      );
    case "boolean":
      return `z.boolean(expected("a boolean"))`;
    case "timestamp":
      return `z.date(expected("a Date"))`;
    case "list":
      return withChecks(
        `z.array(${listMember(model, name).shape}(), expected("an array"))`,
        bounds === undefined ? [] : [`items(${bounds})`],
      );
    case "map":
      if (bounds !== undefined)
        throw new Error(`map ${name} has a size rule; add an entries check`);
      return `z.record(${mapKey(model, name).shape}(), ${mapValue(model, name).shape}(), expected("an object"))`;
  }
}

/** `{ min: 1, max: 2048 }`, leaving out a bound the model does not set (or sets to 0 as min). */
function boundsOf(min: number | undefined, max: number | undefined): string | undefined {
  const parts: string[] = [];
  if (min !== undefined && min > 0) parts.push(`min: ${min}`);
  if (max !== undefined) parts.push(`max: ${max}`);
  return parts.length === 0 ? undefined : `{ ${parts.join(", ")} }`;
}

/** Builders call each other eagerly, so a recursive shape would never finish building. */
function checkAcyclic(model: Model, names: ReadonlySet<string>): void {
  const done = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (path.includes(name)) {
      throw new Error(`recursive input shape ${[...path, name].join(" > ")} needs z.lazy`);
    }
    if (done.has(name)) return;
    for (const child of model.children(name)) visit(child, [...path, name]);
    done.add(name);
  };
  for (const name of names) visit(name, []);
}
