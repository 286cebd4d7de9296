/**
 * The one send path every operation goes through: serialize, sign, send, read, and retry
 * what is worth retrying. The operation-specific parts come from the generated table.
 */
import { randomUUID } from "node:crypto";
import type { ClientCredentials } from "./credentials";
import {
  AbortError,
  ConfigurationError,
  type ResponseMetadata,
  SecretsManagerServiceException,
  TimeoutError,
} from "./errors";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./http/body";
import { startDeadline } from "./http/deadline";
import type { HttpEngine, HttpEngineFactory, HttpResponse, SendOptions } from "./http/types";
import type { Logger, RequestHook } from "./logger";
import type { OperationSpec } from "./operation";
import { AdaptiveRateLimiter } from "./rate-limiter";
import {
  backoffDelay,
  classifyFailure,
  clockSkewCorrection,
  type FailureKind,
  RetryQuota,
  retryAfterDelay,
} from "./retry";
import { describeBody, errorFromResponse, type ModeledErrorClasses } from "./service-error";
import { type HashConstructor, RequestSigner } from "./sign";
import { VERSION } from "./version";
import { decodeBody, encodeBody } from "./wire";

/** Settings that need the environment to resolve; resolved at the first call. */
export interface ResolvedConfig {
  readonly region: string;
  readonly endpoint: URL;
  readonly maxAttempts: number;
  readonly retryMode: "standard" | "adaptive";
}

/** Per-call options every operation method accepts. */
export interface CallOptions {
  /** Cancels the call: it rejects with `AbortError` and stops retrying. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout for this call, in milliseconds. */
  requestTimeout?: number | undefined;
}

export const DEFAULT_CONNECTION_TIMEOUT = 5_000;
export const DEFAULT_REQUEST_TIMEOUT = 30_000;

export interface TransportOptions {
  /** Resolves region, endpoint and retry settings; called once, at the first call. */
  readonly resolveConfig: () => Promise<ResolvedConfig>;
  /** What requests are signed with; fetched again after the service says they expired. */
  readonly credentials: ClientCredentials;
  readonly modeledErrors: ModeledErrorClasses;
  /** Makes the engine for the endpoint's origin, once settings are resolved. */
  readonly engine: HttpEngineFactory;
  readonly connectionTimeout?: number | undefined;
  readonly maxSockets?: number | undefined;
  readonly requestTimeout?: number | undefined;
  readonly maxResponseBytes?: number | undefined;
  readonly sha256?: HashConstructor | undefined;
  readonly logger?: Logger | undefined;
  readonly onRequest?: RequestHook | undefined;
  /** Test seams: the clock (ms), the sleep between attempts and the jitter source. */
  readonly now?: (() => number) | undefined;
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  readonly random?: (() => number) | undefined;
}

const USER_AGENT = `secretsmanager-ts/${VERSION} node/${process.versions.node}`;

interface Ready {
  readonly config: ResolvedConfig;
  readonly engine: HttpEngine;
  readonly signer: RequestSigner;
  readonly limiter: AdaptiveRateLimiter | undefined;
}

export class Transport {
  readonly #options: TransportOptions;
  readonly #credentials: ClientCredentials;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #quota = new RetryQuota();
  #ready: Promise<Ready> | undefined;
  #engine: HttpEngine | undefined;
  /** Milliseconds to add to the local clock when signing; set when the server shows a skew. */
  #clockOffset = 0;
  #closed = false;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#credentials = options.credentials;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? abortableSleep;
    this.#random = options.random ?? Math.random;
  }

  /** The retry budget left, for tests and diagnostics. */
  get retryQuota(): number {
    return this.#quota.available;
  }

  /** The clock correction in use, in milliseconds. */
  get clockOffset(): number {
    return this.#clockOffset;
  }

  async send(
    spec: OperationSpec,
    input: object,
    options: CallOptions = {},
  ): Promise<Record<string, unknown> & { $metadata: ResponseMetadata }> {
    const { signal } = options;
    if (signal?.aborted) throw new AbortError(signal.reason);
    if (this.#closed) throw new ConfigurationError("This client is closed; create a new one");
    // Settings and credentials may take a while the first time (a profile, SSO, IMDS): the
    // caller's signal applies to that wait too.
    const ready = await abortable(this.#prepare(), signal);
    const body = encodeBody(withIdempotencyToken(spec, input), spec.input);
    const requestTimeout =
      options.requestTimeout ?? this.#options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;

    let attempts = 0;
    let retries = 0;
    let totalRetryDelay = 0;
    let quotaSpent = 0;
    let staleRetryUsed = false;
    let credentialsRefreshed = false;
    for (;;) {
      attempts += 1;
      const waitMs = ready.limiter?.acquire() ?? 0;
      if (waitMs > 0) await this.#pause(waitMs, signal);
      const signedAt = this.#now() + this.#clockOffset;
      const started = performance.now();
      let response: HttpResponse | undefined;
      let failure: unknown;
      let output: Record<string, unknown> | undefined;
      try {
        response = await this.#attempt(ready, spec, body, signedAt, requestTimeout, signal);
        if (response.status >= 200 && response.status < 300) {
          output = this.#readOutput(spec, response);
          if (output === undefined) failure = unreadableResponse(response);
        } else {
          failure = errorFromResponse(response, metadataOf(response), this.#options.modeledErrors);
        }
      } catch (error) {
        if (error instanceof AbortError) throw error;
        failure = error;
      }
      this.#report(spec, attempts, started, response, failure);
      const metadata = metadataOf(response);
      metadata.attempts = attempts;
      metadata.totalRetryDelay = totalRetryDelay;

      if (output !== undefined) {
        this.#quota.recordSuccess(quotaSpent);
        ready.limiter?.record(false);
        // The output is a fresh object parsed for this call: add to it rather than copy it.
        output["$metadata"] = metadata;
        return output as Record<string, unknown> & { $metadata: ResponseMetadata };
      }
      if (failure instanceof SecretsManagerServiceException) {
        Object.assign(failure.$metadata, metadata);
      }

      const kind = classifyFailure(failure);
      if (failure instanceof SecretsManagerServiceException && isRetryableKind(kind)) {
        Object.assign(failure, { $retryable: { throttling: kind === "throttling" } });
      }
      ready.limiter?.record(kind === "throttling");
      if (kind === "stale-connection" && !staleRetryUsed) {
        // The server closed a pooled keep-alive socket before we used it: not a failure of
        // the service, so retry at once on a fresh connection, outside the retry budget.
        staleRetryUsed = true;
        continue;
      }
      if (retries + 1 >= ready.config.maxAttempts) throw failure;
      if (kind === "expired-credentials") {
        // Temporary credentials expired before our cache expected: fetch new ones once.
        if (this.#credentials.invalidate === undefined || credentialsRefreshed) throw failure;
        this.#credentials.invalidate();
        credentialsRefreshed = true;
        retries += 1;
        continue;
      }
      if (kind === "auth") {
        const correction = clockSkewCorrection(response?.headers["date"], signedAt, this.#now());
        if (correction === undefined) throw failure;
        this.#clockOffset = correction;
        this.#options.logger?.warn?.(
          `${spec.name}: clock skew of ${Math.round(correction / 1000)} s detected; signing with the corrected time`,
        );
        retries += 1;
        continue;
      }
      const retryKind: FailureKind = kind === "stale-connection" ? "transient" : kind;
      if (retryKind === "fatal") throw failure;
      const cost = this.#quota.acquire(retryKind);
      if (cost === undefined) throw failure;
      quotaSpent += cost;
      retries += 1;
      let delay = backoffDelay(retryKind, retries, this.#random);
      if (retryKind === "throttling" || response?.status === 503) {
        // The server said how long to wait: never sooner than that (capped; see retry.ts).
        const asked = retryAfterDelay(response?.headers["retry-after"], this.#now());
        if (asked !== undefined && asked > delay) delay = asked;
      }
      this.#options.logger?.debug?.(
        `${spec.name}: attempt ${attempts} failed (${describe(failure)}); retrying in ${delay} ms`,
      );
      totalRetryDelay += delay;
      await this.#pause(delay, signal);
    }
  }

  /** Closes the connection pool; calls after this fail. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const engine = this.#engine;
    this.#engine = undefined;
    await engine?.close();
  }

  #prepare(): Promise<Ready> {
    this.#ready ??= this.#options
      .resolveConfig()
      .then((config) => this.#build(config))
      .catch((error: unknown) => {
        // Let a later call try again: the environment may be fixed by then.
        this.#ready = undefined;
        throw error;
      });
    return this.#ready;
  }

  #build(config: ResolvedConfig): Ready {
    const engine = this.#options.engine(new URL(config.endpoint.origin), {
      connectionTimeout: this.#options.connectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT,
      maxSockets: this.#options.maxSockets,
      maxResponseBytes: this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    });
    // close() may have run while settings were resolving: do not leave a pool behind.
    if (this.#closed) void engine.close();
    else this.#engine = engine;
    const signer = new RequestSigner({
      region: config.region,
      credentials: () => this.#credentials.get(),
      sha256: this.#options.sha256,
    });
    const limiter =
      config.retryMode === "adaptive" ? new AdaptiveRateLimiter(this.#now) : undefined;
    return { config, engine, signer, limiter };
  }

  async #attempt(
    ready: Ready,
    spec: OperationSpec,
    body: string,
    signedAt: number,
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<HttpResponse> {
    const { endpoint } = ready.config;
    const signing = ready.signer.sign(
      {
        url: endpoint,
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": spec.target,
          "user-agent": USER_AGENT,
        },
        body,
      },
      new Date(signedAt),
    );
    const options = { timeout: timeoutMs, signal: callerSignal };
    const path = endpoint.pathname;
    // The engine owns the exchange's deadline (see http/deadline.ts): no signal to create here.
    if (this.#credentials.isFresh()) {
      return ready.engine.send({ method: "POST", path, headers: await signing, body }, options);
    }
    // Signing must fetch credentials first, and a fetch can hang: the attempt's one timeout
    // bounds that wait and the exchange together.
    const waitStarted = performance.now();
    const headers = await withinDeadline(signing, options);
    const left = Math.max(1, Math.ceil(timeoutMs - (performance.now() - waitStarted)));
    try {
      return await ready.engine.send(
        { method: "POST", path, headers, body },
        { ...options, timeout: left },
      );
    } catch (error) {
      // Report the attempt's timeout, not what was left of it for the exchange.
      if (error instanceof TimeoutError && error.phase === "request" && left < timeoutMs) {
        throw new TimeoutError("request", timeoutMs, { cause: error.cause });
      }
      throw error;
    }
  }

  #readOutput(spec: OperationSpec, response: HttpResponse): Record<string, unknown> | undefined {
    try {
      return decodeBody(response.body, spec.output) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  async #pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#sleep(ms, signal);
    } catch {
      throw new AbortError(signal?.reason);
    }
  }

  #report(
    spec: OperationSpec,
    attempt: number,
    started: number,
    response: HttpResponse | undefined,
    failure: unknown,
  ): void {
    const { logger, onRequest } = this.#options;
    if (logger === undefined && onRequest === undefined) return;
    const event = {
      operation: spec.name,
      attempt,
      status: response?.status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      requestId: response?.headers["x-amzn-requestid"],
      errorName: failure === undefined ? undefined : (failure as Error).name,
    };
    onRequest?.(event);
    logger?.debug?.(
      `${event.operation} attempt ${attempt}: ${event.status ?? event.errorName} in ${event.durationMs} ms`,
    );
  }
}

/**
 * A 2xx whose body cannot be read as the output (cut short, not JSON): retried as transient.
 * Unlike an error body, a success body may hold a secret, so none of it goes in the message.
 */
function unreadableResponse(response: HttpResponse): SecretsManagerServiceException {
  return new SecretsManagerServiceException({
    name: "ResponseParseError",
    message: `HTTP ${response.status} with a body that is not a complete JSON object (${describeBody(response)})`,
    $fault: "server",
    $metadata: metadataOf(response),
  });
}

function metadataOf(response: HttpResponse | undefined): ResponseMetadata {
  if (response === undefined) return {};
  const metadata: ResponseMetadata = { httpStatusCode: response.status };
  const requestId = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"];
  if (requestId !== undefined) metadata.requestId = requestId;
  const extendedRequestId = response.headers["x-amz-id-2"];
  if (extendedRequestId !== undefined) metadata.extendedRequestId = extendedRequestId;
  const cfId = response.headers["x-amz-cf-id"];
  if (cfId !== undefined) metadata.cfId = cfId;
  return metadata;
}

/** Fills the idempotency token once per call, so every attempt carries the same one. */
function withIdempotencyToken(spec: OperationSpec, input: object): object {
  const member = spec.idempotencyToken;
  if (member === undefined || (input as Record<string, unknown>)[member] !== undefined)
    return input;
  return { ...input, [member]: randomUUID() };
}

/** Waits for `promise` unless the caller's signal fires first (then an `AbortError`). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new AbortError(signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new AbortError(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Waits for `promise` unless the deadline passes or the caller's signal fires first. */
function withinDeadline<T>(promise: Promise<T>, options: SendOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const deadline = startDeadline(options, reject);
    promise.then(
      (value) => {
        deadline.clear();
        resolve(value);
      },
      (error: unknown) => {
        deadline.clear();
        reject(error);
      },
    );
  });
}

function isRetryableKind(kind: FailureKind): boolean {
  return kind === "throttling" || kind === "transient" || kind === "timeout";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
