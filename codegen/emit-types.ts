/**
 * Emits `types.ts`: a string-literal union per enum and an interface per structure reachable from
 * the operations, named as in the model (the names the AWS SDK v3 exports too).
 *
 * One name per shape means one TypeScript type per shape, yet a blob is `Uint8Array | string`
 * going in and `Uint8Array` coming out. Structures reachable from an operation input take the
 * input form, the rest the output form. A structure reachable from both sides that holds a blob
 * would need two forms under one name; this model has none, and the generator stops with an error
 * if a model update introduces one, so the choice is made deliberately rather than silently.
 */
import { capitalize, constraintWords } from "./constraints";
import { enumMeaning, memberMeaning } from "./member-docs";
import { listMember, type Model, mapValue } from "./model";
import { docComment, HEADER, listWords, quote } from "./text";

type Form = "input" | "output";

export function emitTypes(model: Model): string {
  const inputSide = model.side("input");
  const outputSide = model.side("output");
  for (const name of inputSide) {
    if (
      outputSide.has(name) &&
      model.shape(name).type === "structure" &&
      model.holds(name, ["blob"])
    ) {
      throw new Error(
        `structure ${name} is used in both inputs and outputs and holds a blob: it needs an ` +
          "input form and an output form, which types.ts cannot give under one model name",
      );
    }
  }

  const names = [...new Set([...inputSide, ...outputSide])].sort();
  const enums = names.filter((name) => model.shape(name).enum !== undefined);
  const structures = names.filter((name) => {
    const shape = model.shape(name);
    return shape.type === "structure" && shape.exception !== true;
  });

  const parts = [
    HEADER,
    "",
    docComment(
      "The request and response shapes of the Secrets Manager API, named as in the service model. " +
        "Timestamps are `Date`. A blob is `Uint8Array` in responses; in requests it may also be a " +
        "string, which is sent as its UTF-8 bytes. Each member's comment states the rules the " +
        "model sets for it; requests are checked against them before anything is sent.",
    ),
    "",
  ];
  for (const name of enums) {
    const values = model.shape(name).enum ?? [];
    parts.push(docComment(enumMeaning(name)));
    parts.push(`export type ${name} = ${values.map(quote).join(" | ")};`, "");
  }
  for (const name of structures) {
    const form: Form = inputSide.has(name) ? "input" : "output";
    parts.push(docComment(usage(model, name)));
    parts.push(`export interface ${name} {`);
    for (const [member, target] of model.members(name)) {
      const required = model.isRequired(name, member);
      const doc = memberDoc(model, target.shape, required, target.idempotencyToken === true);
      parts.push(docComment(`${memberMeaning(name, member)} ${doc}`.trim(), "  "));
      const type = typeOf(model, target.shape, form);
      parts.push(required ? `  ${member}: ${type};` : `  ${member}?: ${type} | undefined;`);
    }
    parts.push("}", "");
  }
  return parts.join("\n");
}

/** Which operations use the structure, and where. */
function usage(model: Model, name: string): string {
  const inputs: string[] = [];
  const outputs: string[] = [];
  for (const operation of model.operations) {
    if (operation.input?.shape === name) return `Input of \`${operation.name}\`.`;
    if (operation.output?.shape === name) return `Output of \`${operation.name}\`.`;
    const input = operation.input?.shape;
    const output = operation.output?.shape;
    if (input !== undefined && model.reachable([input]).has(name)) inputs.push(operation.name);
    if (output !== undefined && model.reachable([output]).has(name)) outputs.push(operation.name);
  }
  const where = [
    inputs.length > 0 ? `the input of ${listWords(inputs.map(code))}` : "",
    outputs.length > 0 ? `the output of ${listWords(outputs.map(code))}` : "",
  ].filter(Boolean);
  return `Used in ${where.join(", and in ")}.`;
}

function code(text: string): string {
  return `\`${text}\``;
}

function memberDoc(model: Model, target: string, required: boolean, idempotent: boolean): string {
  const sentences: string[] = [];
  if (required) sentences.push("Required.");
  const words = constraintWords(model, target);
  if (words !== "") sentences.push(`${capitalize(words)}.`);
  if (model.shape(target).sensitive === true) sentences.push("Sensitive.");
  if (idempotent) sentences.push("Filled with a random UUID when omitted.");
  return sentences.join(" ");
}

function typeOf(model: Model, name: string, form: Form): string {
  const shape = model.shape(name);
  switch (shape.type) {
    case "structure":
      return name;
    case "string":
      return shape.enum !== undefined ? name : "string";
    case "blob":
      return form === "input" ? "Uint8Array | string" : "Uint8Array";
    case "boolean":
      return "boolean";
    case "timestamp":
      return "Date";
    case "integer":
    case "long":
      return "number";
    case "list": {
      const item = typeOf(model, listMember(model, name).shape, form);
      return item.includes(" ") ? `(${item})[]` : `${item}[]`;
    }
    case "map":
      return `Record<string, ${typeOf(model, mapValue(model, name).shape, form)}>`;
  }
}
