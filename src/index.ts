/** secretsmanager-ts: the public API. Everything users import comes from here. */
export { SecretsManager, type SecretsManagerOptions } from "./client";
export type { Credentials, CredentialsProvider } from "./core/credentials";
export {
  AbortError,
  ConfigurationError,
  CredentialsError,
  EndpointError,
  type MetadataBearer,
  type ModeledExceptionOptions,
  NetworkError,
  type NetworkErrorDetails,
  PaginationError,
  type ResponseMetadata,
  ResponseTooLargeError,
  type RetryableTrait,
  SecretFormatError,
  SecretsManagerServiceException,
  type ServiceExceptionOptions,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from "./core/errors";
export type {
  HttpEngine,
  HttpEngineFactory,
  HttpEngineOptions,
  HttpRequest,
  HttpResponse,
  SendOptions,
} from "./core/http/types";
export type { Logger, RequestEvent, RequestHook } from "./core/logger";
export type { PaginateOptions, Paginator } from "./core/paginate";
export type { RetryMode } from "./core/settings";
export type { Hash, HashConstructor, HashInput } from "./core/sign";
export type { CallOptions } from "./core/transport";
export {
  DecryptionFailure,
  EncryptionFailure,
  InternalServiceError,
  InvalidNextTokenException,
  InvalidParameterException,
  InvalidRequestException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  PreconditionNotMetException,
  PublicPolicyException,
  ResourceExistsException,
  ResourceNotFoundException,
} from "./generated/errors";
export type { OperationName } from "./generated/operations";
export type * from "./generated/types";
export {
  type PaginationConfiguration,
  paginateBatchGetSecretValue,
  paginateListSecrets,
  paginateListSecretVersionIds,
} from "./paginators";
export {
  type CachedSecret,
  type CacheEvent,
  SecretCache,
  type SecretCacheOptions,
} from "./secret-cache";
export type { SecretSchema, VersionSelector } from "./secret-value";
