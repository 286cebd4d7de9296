/**
 * Emits `client-methods.ts`: one typed method per operation, camelCase of the operation name,
 * on an abstract base whose single `send` the hand-written client (src/client.ts) implements,
 * and the paginator methods (codegen/emit-paginators.ts).
 */
import { paginatorMethods, paginatorTypeNames } from "./emit-paginators";
import type { Model, Operation } from "./model";
import { camelCase, docComment, HEADER, listWords, quote } from "./text";

export function emitClientMethods(model: Model): string {
  const typeNames = new Set<string>(paginatorTypeNames(model));
  for (const operation of model.operations) {
    if (operation.input !== undefined) typeNames.add(operation.input.shape);
    if (operation.output !== undefined) typeNames.add(operation.output.shape);
  }
  return [
    HEADER,
    "",
    'import type { MetadataBearer } from "../core/errors";',
    'import { type PaginateOptions, type Paginator, paginate } from "../core/paginate";',
    'import type { CallOptions } from "../core/transport";',
    'import type { OperationName, OperationTypes } from "./operations";',
    `import type { ${[...typeNames].sort().join(", ")} } from "./types";`,
    "",
    docComment(
      "One method per operation of the service model. Each checks its input against the " +
        "model's constraints, then sends it through the client's single send path. Then one " +
        "paginator per paginated operation.",
    ),
    "export abstract class SecretsManagerOperations {",
    docComment("Validates, sends and reads one call; implemented by the client.", "  "),
    "  protected abstract send<K extends OperationName>(",
    "    operation: K,",
    '    input: OperationTypes[K]["input"],',
    "    options: CallOptions | undefined,",
    '  ): Promise<OperationTypes[K]["output"] & MetadataBearer>;',
    ...model.operations.flatMap((operation) => ["", method(model, operation)]),
    ...paginatorMethods(model).flatMap((method) => ["", method]),
    "}",
    "",
  ].join("\n");
}

function method(model: Model, operation: Operation): string {
  const input = operation.input?.shape ?? "Record<never, never>";
  const output = operation.output?.shape ?? "Record<never, never>";
  const parameter = model.requiresNothing(input) ? `input: ${input} = {}` : `input: ${input}`;
  const errors = (operation.errors ?? []).map((error) => error.shape);
  const doc = docComment(
    `Sends \`${operation.name}\`.` +
      (errors.length > 0 ? ` Modeled errors: ${listWords(errors)}.` : ""),
    "  ",
  );
  return [
    doc,
    `  ${camelCase(operation.name)}(${parameter}, options?: CallOptions): Promise<${output} & MetadataBearer> {`,
    `    return this.send(${quote(operation.name)}, input, options);`,
    "  }",
  ].join("\n");
}
