/**
 * Emits `schemas.ts`: one zod/mini builder function per shape reachable from an operation input,
 * named after the shape, and `inputSchema(operation)`, which builds an operation's schema on first
 * use and keeps it. Importing the file builds nothing. The builders are made of the rules in
 * src/core/schema-rules.ts; this emitter writes only what the model decides.
 */
import type * as schemaRules from "../src/core/schema-rules";
import { anchoredPattern, BYTE_COUNTED_STRINGS } from "./constraints";
import { listMember, type Model, mapKey, mapValue } from "./model";
import { docComment, HEADER, quote } from "./text";

/** An export of src/core/schema-rules.ts that builders call. */
type Rule = Exclude<keyof typeof schemaRules, "builtOnFirstUse">;

export function emitSchemas(model: Model): string {
  const inputSide = model.side("input");
  checkAcyclic(model, inputSide);
  const used = new Set<Rule | "builtOnFirstUse">(["builtOnFirstUse"]);
  const rule = (name: Rule): string => {
    used.add(name);
    return name;
  };
  const builders = [...inputSide].sort().map((name) => builder(model, name, rule));
  const table = model.operations.map((operation) => {
    const input = operation.input?.shape;
    const build =
      input ?? `() => z.strictObject({}, ${rule("structure")}(${quote(operation.name)}))`;
    return `  ${operation.name}: ${build},`;
  });

  return [
    HEADER,
    "",
    docComment(
      "zod/mini schemas for the operation inputs, one builder per shape, carrying every rule " +
        "the model states: required members, lengths, sizes, ranges, enums and patterns, each " +
        "made by src/core/schema-rules.ts. Nothing is built at import time.",
    ),
    'import * as z from "zod/mini";',
    `import { ${[...used].sort().join(", ")} } from "../core/schema-rules";`,
    'import type { OperationName } from "./operations";',
    "",
    "/** The schema of an operation's input, built on first use and kept for later calls. */",
    "export const inputSchema = builtOnFirstUse<OperationName>({",
    ...table,
    "});",
    "",
    ...builders,
  ].join("\n");
}

function builder(model: Model, name: string, rule: (name: Rule) => string): string {
  return `function ${name}() {\n  return ${expression(model, name, rule)};\n}\n`;
}

function expression(model: Model, name: string, rule: (name: Rule) => string): string {
  const shape = model.shape(name);
  const bounds = boundsOf(shape.min, shape.max);
  const withChecks = (base: string, checks: string[]): string =>
    checks.length === 0 ? base : `${base}.check(${checks.join(", ")})`;
  const sizeChecks = (measure: Rule): string[] =>
    bounds === undefined ? [] : [`${rule(measure)}(${bounds})`];
  const expected = (what: string): string => `${rule("expected")}(${quote(what)})`;
  switch (shape.type) {
    case "structure": {
      const members = model.members(name).map(([member, target]) => {
        const value = `${target.shape}()`;
        const schema = model.isRequired(name, member) ? value : `z.optional(${value})`;
        return `${member}: ${schema},`;
      });
      return `z.strictObject({${members.join(" ")}}, ${rule("structure")}(${quote(name)}))`;
    }
    case "string": {
      if (shape.enum !== undefined) {
        const values = shape.enum.map(quote).join(", ");
        return `z.enum([${values}], ${expected(`one of: ${shape.enum.join(", ")}`)})`;
      }
      const checks = sizeChecks(BYTE_COUNTED_STRINGS.has(name) ? "bytes" : "characters");
      if (shape.pattern !== undefined) {
        checks.push(`${rule("pattern")}(/${anchoredPattern(shape.pattern)}/)`);
      }
      return withChecks(`z.string(${expected("a string")})`, checks);
    }
    case "blob":
      return withChecks(`${rule("blob")}()`, sizeChecks("bytes"));
    case "integer":
    case "long":
      return withChecks(`z.int(${expected("an integer")})`, sizeChecks("range"));
    case "boolean":
      return `z.boolean(${expected("a boolean")})`;
    case "timestamp":
      return `z.date(${expected("a Date")})`;
    case "list":
      return withChecks(
        `z.array(${listMember(model, name).shape}(), ${expected("an array")})`,
        sizeChecks("items"),
      );
    case "map":
      if (bounds !== undefined)
        throw new Error(`map ${name} has a size rule; add an entries check`);
      return `z.record(${mapKey(model, name).shape}(), ${mapValue(model, name).shape}(), ${expected("an object")})`;
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
