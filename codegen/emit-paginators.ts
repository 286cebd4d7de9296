/**
 * Emits the paginators of the model's paginators file: one method per paginated operation on the
 * generated client base (`paginateListSecrets(input, options)`, through src/core/paginate.ts), and
 * `paginators.ts`, the same paginators as free functions with v3's signature `(config, input)`.
 */
import type { PaginatorSpec } from "../src/core/paginate";
import { memberMeaning } from "./member-docs";
import { listMember, type Model } from "./model";
import { camelCase, docComment, HEADER, listWords, quote } from "./text";

/**
 * What the model does not say about paging: the input member without which the service refuses
 * a page size. BatchGetSecretValue takes `MaxResults` only together with `Filters`, not with a
 * `SecretIdList`.
 */
const PAGE_SIZE_ONLY_WITH: Readonly<Record<string, string>> = { BatchGetSecretValue: "Filters" };

/** A paginated operation with the shapes its paginator reads and returns. */
interface PagedOperation {
  readonly spec: PaginatorSpec;
  readonly input: string;
  readonly output: string;
  /** The shape of one entry of the items list. */
  readonly item: string;
}

/** The paginated operations, in the paginators file's order, each checked against the model. */
export function pagedOperations(model: Model): PagedOperation[] {
  return Object.entries(model.paginators).map(([name, paginator]) => {
    const operation = model.operations.find((candidate) => candidate.name === name);
    const input = operation?.input?.shape;
    const output = operation?.output?.shape;
    if (input === undefined || output === undefined) {
      throw new Error(`paginated operation ${name} needs an input and an output`);
    }
    memberOf(model, input, paginator.input_token, name);
    memberOf(model, input, paginator.limit_key, name);
    memberOf(model, output, paginator.output_token, name);
    const items = memberOf(model, output, paginator.result_key, name);
    const pageSizeOnlyWith = PAGE_SIZE_ONLY_WITH[name];
    if (pageSizeOnlyWith !== undefined) memberOf(model, input, pageSizeOnlyWith, name);
    const spec: PaginatorSpec = {
      operation: name,
      inputToken: paginator.input_token,
      outputToken: paginator.output_token,
      limitKey: paginator.limit_key,
      itemsKey: paginator.result_key,
      ...(pageSizeOnlyWith === undefined ? {} : { pageSizeOnlyWith }),
    };
    return { spec, input, output, item: listMember(model, items).shape };
  });
}

/** The type names the paginator methods use, for the client file's import from `./types`. */
export function paginatorTypeNames(model: Model): string[] {
  return pagedOperations(model).flatMap(({ input, output, item }) => [input, output, item]);
}

/** The client methods, one per paginated operation, as class members. */
export function paginatorMethods(model: Model): string[] {
  return pagedOperations(model).map((paged) => {
    const { spec, input, output, item } = paged;
    const fields = Object.entries(spec).map(([key, value]) => `${key}: ${quote(String(value))}`);
    return [
      docComment(methodDoc(model, paged), "  ", example(model, paged)),
      `  paginate${spec.operation}(`,
      `    input: ${input}${model.requiresNothing(input) ? " = {}" : ""},`,
      "    options?: PaginateOptions,",
      `  ): Paginator<${output} & MetadataBearer, ${item}> {`,
      "    return paginate(",
      `      { ${fields.join(", ")} },`,
      `      (page, call) => this.${camelCase(spec.operation)}(page, call),`,
      "      input,",
      "      options,",
      "    );",
      "  }",
    ].join("\n");
  });
}

/** `paginators.ts`: each paginator as a function of v3's signature calling the client method. */
export function emitPaginatorFunctions(model: Model): string {
  const paged = pagedOperations(model);
  const functions = paged.flatMap(({ spec, input }) => [
    docComment(`Every page of \`${spec.operation}\`; the same as the client method of that name.`),
    `export function paginate${spec.operation}(`,
    "  { client, ...options }: PaginationConfiguration,",
    `  input: ${input}${model.requiresNothing(input) ? " = {}" : ""},`,
    ") {",
    `  return client.paginate${spec.operation}(input, options);`,
    "}",
    "",
  ]);
  return [
    HEADER,
    "",
    docComment(
      "The paginators as free functions with v3's signature, `(config, input)`, each the client " +
        "method of the same name. `PaginationConfiguration` is written by hand in src/paginators.ts.",
    ),
    'import type { PaginationConfiguration } from "../paginators";',
    `import type { ${[...new Set(paged.map(({ input }) => input))].sort().join(", ")} } from "./types";`,
    "",
    ...functions,
  ].join("\n");
}

function methodDoc(model: Model, { spec, output, item }: PagedOperation): string {
  const sentences = [
    `Every page of \`${spec.operation}\`, or with \`.items()\` every \`${item}\`.`,
  ];
  // Another list on the page, such as BatchGetSecretValue's `Errors`, is easy to miss.
  const otherLists = model
    .members(output)
    .filter(
      ([member, target]) => member !== spec.itemsKey && model.shape(target.shape).type === "list",
    )
    .map(([member]) => `\`${member}\` (${lowerSentence(memberMeaning(output, member))})`);
  if (otherLists.length > 0) {
    sentences.push(
      `A page's ${listWords(otherLists)} stay on the page: \`.items()\` yields only ` +
        `\`${spec.itemsKey}\`, so iterate pages to see them.`,
    );
  }
  if (spec.pageSizeOnlyWith !== undefined) {
    sentences.push(
      `The service takes a page size only with \`${spec.pageSizeOnlyWith}\`, so without it ` +
        "none is sent.",
    );
  }
  return sentences.join(" ");
}

/**
 * A loop over the entries, with the members the input needs (its required ones, and the one a
 * page size needs) as variables, and the largest page size the model allows.
 */
function example(model: Model, { spec, input }: PagedOperation): string {
  const members = model
    .members(input)
    .map(([member]) => member)
    .filter((member) => model.isRequired(input, member) || member === spec.pageSizeOnlyWith);
  const variables = members.map((member) => `${member}: ${camelCase(member)}`);
  const sample = members.length === 0 ? "{}" : `{ ${variables.join(", ")} }`;
  const limitShape = model.members(input).find(([member]) => member === spec.limitKey)?.[1].shape;
  const largest = limitShape === undefined ? undefined : model.shape(limitShape).max;
  const options = largest === undefined ? "" : `, { pageSize: ${largest} }`;
  return [
    `const pages = client.paginate${spec.operation}(${sample}${options});`,
    "for await (const entry of pages.items()) console.log(entry);",
  ].join("\n");
}

/** The member's shape; a paginator naming a member the structure lacks is a model error. */
function memberOf(model: Model, structure: string, member: string, operation: string): string {
  const found = model.members(structure).find(([name]) => name === member);
  if (found === undefined) {
    throw new Error(`paginator of ${operation} names ${member}, which ${structure} lacks`);
  }
  return found[1].shape;
}

/** `Secrets this page could not return.` as `secrets this page could not return`. */
function lowerSentence(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1).replace(/\.$/, "");
}
