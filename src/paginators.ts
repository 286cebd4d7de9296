/**
 * The paginators as free functions with v3's signature,
 * `paginateListSecrets({ client, pageSize?, startingToken? }, input)`, so code written for
 * `@aws-sdk/client-secrets-manager` moves over unchanged. Each is the client method of the
 * same name; the functions are generated (src/generated/paginators.ts), their configuration
 * is written here.
 */
import type { SecretsManager } from "./client";
import type { PaginateOptions } from "./core/paginate";

/** v3's paginator configuration: the client plus the paginator's options. */
export interface PaginationConfiguration extends PaginateOptions {
  /** The client the pages are read through. */
  client: SecretsManager;
}

export * from "./generated/paginators";
