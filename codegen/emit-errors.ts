/**
 * Emits `errors.ts`: one class per error shape, extending the hand-written
 * `ModeledServiceException` (which takes the code and the fault from the class's statics), and
 * `modeledErrors`, the code-to-class table the transport's error factory reads.
 */
import type { Model } from "./model";
import { docComment, HEADER, listWords, quote } from "./text";

export function emitErrors(model: Model): string {
  const names = model.errorShapes();
  const parts = [
    HEADER,
    "",
    docComment(
      "The errors the service model declares, one class each. A class states only its code " +
        "(the static `kind`: its `name`, and the brand that keeps `instanceof` working across " +
        "two copies of this package) and its `fault`; the constructor is " +
        "`ModeledServiceException`'s (src/core/errors.ts).",
    ),
    "import {",
    "  type ModeledExceptionOptions,",
    "  ModeledServiceException,",
    "  type SecretsManagerServiceException,",
    '} from "../core/errors";',
    "",
  ];
  for (const name of names) parts.push(errorClass(model, name), "");
  parts.push(
    docComment(
      "Error code to class. The object has no prototype, so a code such as `constructor` or " +
        "`toString` finds nothing rather than an `Object` method.",
    ),
    "export const modeledErrors: Readonly<",
    "  Record<string, new (options: ModeledExceptionOptions) => SecretsManagerServiceException>",
    "> = Object.freeze(",
    `  Object.assign(Object.create(null), { ${names.join(", ")} }),`,
    ");",
    "",
  );
  return parts.join("\n");
}

function errorClass(model: Model, name: string): string {
  const shape = model.shape(name);
  const fault = shape.fault === true ? "server" : "client";
  for (const [member, target] of model.members(name)) {
    if (member !== "Message" || model.shape(target.shape).type !== "string") {
      throw new Error(
        `error ${name} declares member ${member}; ModeledServiceException carries only a string ` +
          "Message, so extend it in src/core/errors.ts and here",
      );
    }
  }
  const operations = model.operations
    .filter((operation) => operation.errors?.some((error) => error.shape === name))
    .map((operation) => `\`${operation.name}\``);
  const returnedBy =
    operations.length === model.operations.length
      ? "Any operation may return it."
      : operations.length === 0
        ? "No operation lists it."
        : `Returned by ${listWords(operations)}.`;
  // The base's constructor reads `kind` and `fault`; the declarations narrow the instance types.
  return [
    docComment(`The \`${name}\` error (a ${fault} fault). ${returnedBy}`),
    `export class ${name} extends ModeledServiceException {`,
    "  /** @internal The error code, and the brand `instanceof` checks across package copies. */",
    `  static override readonly kind = ${quote(name)};`,
    "  /** @internal Whose fault the model says this error is. */",
    `  static override readonly fault = ${quote(fault)};`,
    "  /** The error code. */",
    `  declare readonly name: ${quote(name)};`,
    "  /** Whose fault the model says this error is. */",
    `  declare readonly $fault: ${quote(fault)};`,
    "}",
  ].join("\n");
}
