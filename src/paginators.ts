/**
 * The paginators as free functions with v3's signature,
 * `paginateListSecrets({ client, pageSize?, startingToken? }, input)`, so code written for
 * `@aws-sdk/client-secrets-manager` moves over unchanged. Each is the client method of the
 * same name.
 */
import type { SecretsManager } from "./client";
import type { PaginateOptions } from "./core/paginate";
import type {
  BatchGetSecretValueRequest,
  ListSecretsRequest,
  ListSecretVersionIdsRequest,
} from "./generated/types";

/** v3's paginator configuration: the client plus the paginator's options. */
export interface PaginationConfiguration extends PaginateOptions {
  /** The client the pages are read through. */
  client: SecretsManager;
}

/** Every page of `ListSecrets`; the same as `client.paginateListSecrets(input, options)`. */
export function paginateListSecrets(
  { client, ...options }: PaginationConfiguration,
  input: ListSecretsRequest = {},
) {
  return client.paginateListSecrets(input, options);
}

/** Every page of `ListSecretVersionIds`; the same as the client method of that name. */
export function paginateListSecretVersionIds(
  { client, ...options }: PaginationConfiguration,
  input: ListSecretVersionIdsRequest,
) {
  return client.paginateListSecretVersionIds(input, options);
}

/** Every page of `BatchGetSecretValue`; the same as the client method of that name. */
export function paginateBatchGetSecretValue(
  { client, ...options }: PaginationConfiguration,
  input: BatchGetSecretValueRequest = {},
) {
  return client.paginateBatchGetSecretValue(input, options);
}
