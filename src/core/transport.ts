/**
 * The one send path every operation goes through: serialize, sign, send, read, and retry
 * what is worth retrying. The operation-specific parts come from the generated table.
 */
import { randomUUID } from "node:crypto";
import { abortable, abortableSleep, withinDeadline } from "./abortable";
import type { ClientCredentials } from "./credentials";
import {
  AbortError,
  ConfigurationError,
  SecretsManagerServiceException,
  TimeoutError,
} from "./errors";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./http/body";
import type { HttpEngine, HttpEngineFactory, HttpResponse } from "./http/types";
import type { Logger, RequestHook } from "./logger";
import type { OperationSpec } from "./operation";
import { AdaptiveRateLimiter } from "./rate-limiter";
import { metadataOf, type Output, readOutput, unreadableResponse } from "./response";
import { classifyFailure, decideRetry, NO_RETRIES, RetryQuota, retryableTrait } from "./retry";
import { errorFromResponse, type ModeledErrorClasses } from "./service-error";
import { type HashConstructor, RequestSigner } from "./sign";
import { VERSION } from "./version";
import { encodeBody } from "./wire";

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

  async send(spec: OperationSpec, input: object, options: CallOptions = {}): Promise<Output> {
    const { signal } = options;
    if (signal?.aborted) throw new AbortError(signal.reason);
    if (this.#closed) throw new ConfigurationError("This client is closed; create a new one");
    // Settings may take a while the first time (reading the shared config files): the caller's
    // signal applies to that wait too. Credentials are waited for while signing, within the
    // attempt's timeout.
    const ready = await abortable(this.#prepare(), signal);
    const body = encodeBody(withIdempotencyToken(spec, input), spec.input);
    const requestTimeout =
      options.requestTimeout ?? this.#options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT;

    let call = NO_RETRIES;
    for (let attempt = 1; ; attempt++) {
      const waitMs = ready.limiter?.acquire() ?? 0;
      if (waitMs > 0) await this.#pause(waitMs, signal);
      const signedAt = this.#now() + this.#clockOffset;
      const started = performance.now();
      let response: HttpResponse | undefined;
      let output: Output | undefined;
      let failure: unknown;
      try {
        response = await this.#attempt(ready, spec, body, signedAt, requestTimeout, signal);
        const metadata = metadataOf(response, attempt, call.totalRetryDelay);
        if (response.status < 200 || response.status >= 300) {
          failure = errorFromResponse(response, metadata, this.#options.modeledErrors);
        } else {
          output = readOutput(spec, response, metadata);
          if (output === undefined) failure = unreadableResponse(response, metadata);
        }
      } catch (error) {
        if (error instanceof AbortError) throw error;
        failure = error;
      }
      this.#report(spec, attempt, started, response, failure);
      if (output !== undefined) {
        this.#quota.recordSuccess(call.quotaSpent);
        ready.limiter?.record(false);
        return output;
      }

      const kind = classifyFailure(failure);
      const retryable = retryableTrait(kind);
      if (failure instanceof SecretsManagerServiceException && retryable !== undefined) {
        Object.assign(failure, { $retryable: retryable });
      }
      ready.limiter?.record(kind === "throttling");
      const decision = decideRetry({ kind, response, signedAt }, call, {
        maxAttempts: ready.config.maxAttempts,
        quotaAvailable: this.#quota.available,
        canRefreshCredentials: this.#credentials.invalidate !== undefined,
        now: this.#now(),
        random: this.#random,
      });
      if (decision.action === "throw") throw failure;
      call = decision.call;
      if (decision.action === "refresh-credentials") {
        this.#credentials.invalidate?.();
      } else if (decision.action === "correct-clock") {
        this.#clockOffset = decision.offset;
        this.#options.logger?.warn?.(
          `${spec.name}: clock skew of ${Math.round(decision.offset / 1000)} s detected; signing with the corrected time`,
        );
      } else if (decision.action === "back-off") {
        this.#quota.spend(decision.cost);
        this.#options.logger?.debug?.(
          `${spec.name}: attempt ${attempt} failed (${describe(failure)}); retrying in ${decision.delay} ms`,
        );
        await this.#pause(decision.delay, signal);
      }
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

/** Fills the idempotency token once per call, so every attempt carries the same one. */
function withIdempotencyToken(spec: OperationSpec, input: object): object {
  const member = spec.idempotencyToken;
  if (member === undefined || (input as Record<string, unknown>)[member] !== undefined)
    return input;
  return { ...input, [member]: randomUUID() };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
