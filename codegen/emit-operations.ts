/**
 * Emits `operations.ts`: the operation names, their input and output types, and the operation
 * table (`OperationSpec`, src/core/operation.ts) the send path reads.
 */
import type { WireConversion } from "../src/core/operation";
import { listMember, type Model, mapValue } from "./model";
import { docComment, HEADER, quote } from "./text";

/** The output type of an operation whose model declares no output: an empty object. */
const NO_OUTPUT = "Record<never, never>";

export function emitOperations(model: Model): string {
  const typeNames = new Set<string>();
  for (const operation of model.operations) {
    if (operation.input !== undefined) typeNames.add(operation.input.shape);
    if (operation.output !== undefined) typeNames.add(operation.output.shape);
  }
  const parts = [
    HEADER,
    "",
    docComment(
      "The operations of the service model as data: one `OperationSpec` each, which the single " +
        "send path reads. A new operation is a model change, not transport code.",
    ),
    'import { namedOperations } from "../core/operation";',
    `import type { ${[...typeNames].sort().join(", ")} } from "./types";`,
    "",
    docComment("The name of an operation of the service, as in the model."),
    "export type OperationName =",
    ...model.operations.map((operation, index, all) => {
      const end = index === all.length - 1 ? ";" : "";
      return `  | ${quote(operation.name)}${end}`;
    }),
    "",
    docComment(
      "The input and output type of each operation. An operation whose model declares no output " +
        `answers with an empty object, typed \`${NO_OUTPUT}\`.`,
    ),
    "export interface OperationTypes {",
    ...model.operations.map((operation) => {
      const input = operation.input?.shape ?? NO_OUTPUT;
      const output = operation.output?.shape ?? NO_OUTPUT;
      return `  ${operation.name}: { input: ${input}; output: ${output} };`;
    }),
    "}",
    "",
    docComment(
      "Each operation's `name` is its key and its `target` the key after the service's target prefix.",
    ),
    `export const operations = namedOperations<OperationName>(${quote(model.targetPrefix)}, {`,
    ...model.operations.map((operation) => spec(model, operation.name)),
    "});",
    "",
  ];
  return parts.join("\n");
}

function spec(model: Model, name: string): string {
  const operation = model.operations.find((candidate) => candidate.name === name);
  if (operation === undefined) throw new Error(`no operation ${name}`);
  const input = operation.input?.shape;
  const output = operation.output?.shape;
  const lines = [`  ${name}: {`];
  const inputConversion = input === undefined ? undefined : conversion(model, input);
  if (inputConversion !== undefined) lines.push(`    input: ${render(inputConversion)},`);
  const outputConversion = output === undefined ? undefined : conversion(model, output);
  if (outputConversion !== undefined) lines.push(`    output: ${render(outputConversion)},`);
  const token = input === undefined ? undefined : idempotencyToken(model, input);
  if (token !== undefined) lines.push(`    idempotencyToken: ${quote(token)},`);
  lines.push("  },");
  return lines.join("\n");
}

/** Where the shape's wire form differs from its JavaScript form; `undefined` when nowhere. */
function conversion(model: Model, name: string): WireConversion | undefined {
  const shape = model.shape(name);
  switch (shape.type) {
    case "timestamp":
      return "timestamp";
    case "blob":
      return "blob";
    case "structure": {
      const members: Record<string, WireConversion> = {};
      for (const [member, target] of model.members(name)) {
        const inner = conversion(model, target.shape);
        if (inner !== undefined) members[member] = inner;
      }
      return Object.keys(members).length === 0 ? undefined : { members };
    }
    case "list": {
      const inner = conversion(model, listMember(model, name).shape);
      return inner === undefined ? undefined : { list: inner };
    }
    case "map": {
      const inner = conversion(model, mapValue(model, name).shape);
      return inner === undefined ? undefined : { map: inner };
    }
    default:
      return undefined;
  }
}

function render(value: WireConversion): string {
  if (typeof value === "string") return quote(value);
  if ("list" in value) return `{ list: ${render(value.list)} }`;
  if ("map" in value) return `{ map: ${render(value.map)} }`;
  const members = Object.entries(value.members).map(([key, inner]) => `${key}: ${render(inner)}`);
  return `{ members: { ${members.join(", ")} } }`;
}

/** The top-level member filled with a UUID when left out; deeper ones are not supported. */
function idempotencyToken(model: Model, input: string): string | undefined {
  const tokens = model
    .members(input)
    .filter(([, target]) => target.idempotencyToken === true)
    .map(([member]) => member);
  for (const name of model.reachable([input])) {
    if (name === input || model.shape(name).type !== "structure") continue;
    for (const [member, target] of model.members(name)) {
      if (target.idempotencyToken === true) {
        throw new Error(`nested idempotency token ${name}.${member} is not supported`);
      }
    }
  }
  if (tokens.length > 1) throw new Error(`${input} has more than one idempotency token`);
  return tokens[0];
}
