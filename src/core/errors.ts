/**
 * Every hand-written error class of the client, and the bases of the modeled service errors
 * (one class per error shape, generated into `src/generated/errors.ts`). Each class names
 * itself with a static `kind`, which is also its `name`. (RotationError stays in src/rotation/
 * so that nothing of rotation reaches the main bundle; it uses the same base.)
 *
 * Rule for every class here: a message never carries a secret value or a credential.
 */

/**
 * Instances carry the list of class kinds they belong to under a registry symbol, so that
 * `instanceof` still answers correctly when two copies of this package are loaded (an ESM and a
 * CJS copy, or two versions in one dependency tree): the classes differ, the kinds do not.
 */
const KINDS: unique symbol = Symbol.for("secretsmanager-ts.error-kinds") as never;

type KindedConstructor = { readonly kind?: string };

function kindsOf(target: unknown): string[] {
  const kinds: string[] = [];
  for (let ctor = target; typeof ctor === "function"; ctor = Object.getPrototypeOf(ctor)) {
    if (Object.hasOwn(ctor, "kind")) kinds.push((ctor as KindedConstructor).kind as string);
  }
  return kinds;
}

/**
 * Common base: sets `name` to the class's static `kind`, keeps `cause`, and makes `instanceof`
 * work across package copies. A subclass needs only its `kind` (and its own fields).
 */
export abstract class BrandedError extends Error {
  /** @internal The kinds this instance belongs to; see {@link BrandedError}. */
  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const kinds = kindsOf(new.target);
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
    // Not `new.target.name`: minifiers rename classes, and the name must survive bundling.
    if (kinds[0] !== undefined) this.name = kinds[0];
  }

  /**
   * `value instanceof ThisClass`, true also for an instance made by another copy of this
   * package.
   */
  // `this` is the class on the right of `instanceof` (a subclass, usually).
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!Object.hasOwn(this, "kind") || typeof value !== "object" || value === null) return false;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Array.isArray(kinds) && kinds.includes((this as KindedConstructor).kind);
  }
}

/** What the transport knows about the HTTP exchange behind a response or an error. */
export interface ResponseMetadata {
  /** HTTP status of the last attempt. */
  httpStatusCode?: number;
  /** The service's request id (`x-amzn-requestid`) of the last attempt. */
  requestId?: string;
  /** A second request id some services send (`x-amz-id-2`). */
  extendedRequestId?: string;
  /** The CloudFront request id, when a CloudFront distribution answered (`x-amz-cf-id`). */
  cfId?: string;
  /** How many attempts were made, the first one included. */
  attempts?: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay?: number;
}

/** The shape of `$retryable`, as in the AWS SDK v3. */
export interface RetryableTrait {
  /** True when the error was throttling ("slow down"), false for other transient errors. */
  throttling?: boolean;
}

/** What {@link SecretsManagerServiceException}'s constructor takes. */
export interface ServiceExceptionOptions {
  /** The error code, for example `ResourceNotFoundException`; becomes `name`. */
  name: string;
  /** The error message; defaults to the code. */
  message?: string | undefined;
  /** `"client"` when the request was at fault (4xx), `"server"` otherwise. */
  $fault: "client" | "server";
  /** What the transport knows of the exchange. */
  $metadata: ResponseMetadata;
  /** Whether the error is of a retryable kind, and whether it is throttling. */
  $retryable?: RetryableTrait | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Any error the service answered with. Modeled errors are generated subclasses of this one;
 * an unmodeled code arrives as this class with `name` set to the code.
 */
export class SecretsManagerServiceException extends BrandedError {
  /** @internal The brand `instanceof` checks across package copies. */
  static readonly kind: string = "SecretsManagerServiceException";
  /** `"client"` when the request was at fault (a 4xx), `"server"` otherwise. */
  readonly $fault: "client" | "server";
  /** The HTTP status, request id, attempts and retry delay of the call. */
  readonly $metadata: ResponseMetadata;
  /**
   * Set when the error is of a retryable kind (the client already retried it as far as its
   * settings allow); `throttling` tells a throttling error from a transient one.
   */
  readonly $retryable?: RetryableTrait | undefined;

  constructor(options: ServiceExceptionOptions) {
    super(options.message ?? options.name, { cause: options.cause });
    this.name = options.name;
    this.$fault = options.$fault;
    this.$metadata = options.$metadata;
    if (options.$retryable !== undefined) this.$retryable = options.$retryable;
  }
}

/** Options every generated modeled-error constructor accepts. */
export interface ModeledExceptionOptions {
  /** The error message; defaults to `Message`, then to the code. */
  message?: string | undefined;
  /** What the transport knows of the exchange. */
  $metadata: ResponseMetadata;
  /** The service's `Message` member. */
  Message?: string | undefined;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The base of the generated modeled errors: each subclass states only its code (`kind`) and
 * whose fault it is (`fault`), and this constructor reads both from the class.
 */
export abstract class ModeledServiceException extends SecretsManagerServiceException {
  /** @internal Whose fault the model says errors of this class are. */
  declare static readonly fault: "client" | "server";
  /** The service's description of the problem, as it sent it. */
  declare readonly Message?: string | undefined;

  constructor(options: ModeledExceptionOptions) {
    super({
      name: new.target.kind,
      message: options.message ?? options.Message,
      $fault: new.target.fault,
      $metadata: options.$metadata,
      cause: options.cause,
    });
    if (options.Message !== undefined) this.Message = options.Message;
  }
}

/** One problem found in an input, with where it is and which rule it broke. */
export interface ValidationIssue {
  /** Where in the input, for example `["Filters", 0, "Key"]`. */
  path: (string | number)[];
  /** The rule that failed: `required`, `min_length`, `max_length`, `pattern`, `enum`, ... */
  code: string;
  /** The rule in words. Never contains the value that broke it. */
  message: string;
}

/** Renders `["Filters", 0, "Key"]` as `Filters[0].Key`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) {
    out += typeof part === "number" ? `[${part}]` : out === "" ? part : `.${part}`;
  }
  return out === "" ? "(input)" : out;
}

/** One indented `path: rule` line per issue, for a message. */
function issueLines(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`).join("\n");
}

/** The input broke a rule of the service model; nothing was sent. */
export class ValidationError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "ValidationError";
  /** Every problem found, each with its path, rule and message. */
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], operation?: string) {
    const subject = operation === undefined ? "input" : `${operation} input`;
    super(`Invalid ${subject}:\n${issueLines(issues)}`);
    this.issues = issues;
  }
}

/** The client is configured wrongly (a setting is missing or has a bad value), or is closed. */
export class ConfigurationError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "ConfigurationError";
}

/** Resolving credentials failed. The message lists what was tried and never holds a secret. */
export class CredentialsError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "CredentialsError";
  /** The sources tried, in order, in words. */
  readonly sources: readonly string[];

  constructor(message: string, sources: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.sources = sources;
  }
}

/**
 * No endpoint could be resolved: the rule set answered with an error (FIPS with a custom
 * endpoint, a partition without dual-stack, no region), or the parameters or the resolved URL
 * are not usable. Thrown before any request is sent.
 */
export class EndpointError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "EndpointError";
}

/** A connection or an attempt took longer than its timeout. */
export class TimeoutError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "TimeoutError";
  /** The timeout that fired, in milliseconds. */
  readonly timeout: number;
  /** Which timeout fired. */
  readonly phase: "connection" | "request";

  constructor(phase: "connection" | "request", timeout: number, options?: { cause?: unknown }) {
    const what = phase === "connection" ? "Connecting" : "The request";
    super(`${what} timed out after ${timeout} ms`, options);
    this.phase = phase;
    this.timeout = timeout;
  }
}

/** The caller's `AbortSignal` fired; `cause` is the signal's reason. */
export class AbortError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "AbortError";

  constructor(reason?: unknown) {
    super("The operation was aborted", { cause: reason });
  }
}

/** What an engine knows about a failed connection, for {@link NetworkError}. */
export interface NetworkErrorDetails {
  /** `host:port` of the endpoint, named in the message. */
  target?: string | undefined;
  /**
   * True when the request went out on a kept-alive connection that had already carried a
   * response: only then can a failure before any response byte be a stale connection.
   */
  reusedConnection?: boolean | undefined;
}

/**
 * The connection failed: refused, reset, closed early. `code` is the system or undici code
 * (`ECONNRESET`, `ECONNREFUSED`, `UND_ERR_SOCKET`, ...); `cause` is the original error.
 */
export class NetworkError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "NetworkError";
  /** The system or undici error code, for example `ECONNRESET`. */
  readonly code: string;
  /** True when the connection failed before any part of the response arrived. */
  readonly beforeResponse: boolean;
  /** True when the request was sent on a reused keep-alive connection. */
  readonly reusedConnection: boolean;

  constructor(
    code: string,
    beforeResponse: boolean,
    cause?: unknown,
    details: NetworkErrorDetails = {},
  ) {
    const when = beforeResponse ? "before the response" : "while reading the response";
    const to = details.target === undefined ? "" : ` to ${details.target}`;
    super(`Connection${to} failed ${when} (${code})`, { cause });
    this.code = code;
    this.beforeResponse = beforeResponse;
    this.reusedConnection = details.reusedConnection === true;
  }
}

/**
 * The response body grew past `maxResponseBytes` (or announced a larger `Content-Length`):
 * the connection was closed at that point and nothing of the body was kept. Not retried: the
 * same endpoint would answer the same way.
 */
export class ResponseTooLargeError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "ResponseTooLargeError";
  /** The limit that was crossed, in bytes. */
  readonly limit: number;
  /** The HTTP status of the response. */
  readonly status: number;

  constructor(status: number, limit: number) {
    super(
      `The HTTP ${status} response was larger than maxResponseBytes (${limit} bytes); the connection was closed`,
    );
    this.status = status;
    this.limit = limit;
  }
}

/**
 * The service handed back a `NextToken` it had already given in this listing. Following it
 * would loop for ever, so the paginator stops with this error instead.
 */
export class PaginationError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "PaginationError";
  /** The operation being paged, for example `ListSecrets`. */
  readonly operation: string;

  constructor(operation: string) {
    super(`${operation} returned a NextToken it had already returned; stopping instead of looping`);
    this.operation = operation;
  }
}

/** The secret's value is not what the caller asked for: not JSON, not the schema, not text. */
export class SecretFormatError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "SecretFormatError";
  /** The secret, as the caller named it. */
  readonly secretId: string;
  /** Where and which rule; messages are ours, never the schema's text or the value. */
  readonly issues: ValidationIssue[];

  constructor(secretId: string, summary: string, issues: ValidationIssue[]) {
    const details = issues.length > 0 ? `:\n${issueLines(issues)}` : "";
    super(`Secret ${JSON.stringify(secretId)} ${summary}${details}`);
    this.secretId = secretId;
    this.issues = issues;
  }
}

/** Every output carries `$metadata`, as in the AWS SDK v3. */
export interface MetadataBearer {
  /** What the transport knows of the exchange: status, request id, attempts, retry delay. */
  $metadata: ResponseMetadata;
}
