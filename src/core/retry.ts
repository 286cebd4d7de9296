/**
 * The retry policy of the AWS SDKs' "standard" mode, as pure functions and one small quota
 * class: no timers and no sockets here, so every case can be enumerated in unit tests with a
 * seeded random source. {@link decideRetry} says what to do after a failed attempt; the loop
 * in the transport only carries that out (sleeps, drops credentials, corrects the clock).
 */
import {
  NetworkError,
  type RetryableTrait,
  SecretsManagerServiceException,
  TimeoutError,
} from "./errors";
import type { HttpResponse } from "./http/types";

/** What kind of failure an attempt ended with; decides whether and how soon to retry. */
export type FailureKind =
  /** The service asked us to slow down. Retried with a longer backoff base. */
  | "throttling"
  /** A 5xx, a transient code, or a broken connection. Retried. */
  | "transient"
  /** The attempt timed out. Retried, at a higher quota cost. */
  | "timeout"
  /**
   * A reused keep-alive connection was found closed before any response byte: the server
   * dropped it while it sat idle in the pool. Retried at once.
   */
  | "stale-connection"
  /** Signature rejected; retried only if the server's clock is far from ours. */
  | "auth"
  /** The credentials expired; retried once with freshly fetched ones. */
  | "expired-credentials"
  /** Anything else: the request itself is wrong, retrying cannot help. */
  | "fatal";

// Codes the AWS SDKs treat as throttling. LimitExceededException is left out on purpose: in
// Secrets Manager it means a quota is used up (too many secrets, versions), not "slow down".
const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);

const TRANSIENT_CODES = new Set([
  "RequestTimeout",
  "RequestTimeoutException",
  "ResponseParseError",
]);

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

/** Codes with which a service rejects a signature; clock skew is one cause among others. */
export const AUTH_FAILURE_CODES = new Set([
  "AuthFailure",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "RequestExpired",
  "RequestInTheFuture",
  "RequestTimeTooSkewed",
  "InvalidClientTokenId",
]);

const EXPIRED_CREDENTIAL_CODES = new Set(["ExpiredToken", "ExpiredTokenException"]);

/**
 * Codes with which a kept-alive socket shows that the server closed it while it sat idle in
 * the pool. Only these, seen before any response byte, earn the immediate extra attempt;
 * failures to reach the server at all (DNS, routing, refusal) are ordinary transient errors.
 */
const STALE_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"]);

const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** Every code this policy names: their messages are the service's own (see service-error.ts). */
export const RETRY_CLASSIFIED_CODES: ReadonlySet<string> = new Set([
  ...THROTTLING_CODES,
  ...TRANSIENT_CODES,
  ...AUTH_FAILURE_CODES,
  ...EXPIRED_CREDENTIAL_CODES,
]);

/** Classifies the error an attempt ended with. */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof TimeoutError) return "timeout";
  if (error instanceof NetworkError) {
    if (!CONNECTION_CODES.has(error.code)) return "fatal";
    // A brand-new connection that fails is the server's doing, not a stale pool entry.
    return error.beforeResponse && error.reusedConnection && STALE_SOCKET_CODES.has(error.code)
      ? "stale-connection"
      : "transient";
  }
  if (error instanceof SecretsManagerServiceException) {
    const status = error.$metadata.httpStatusCode;
    if (THROTTLING_CODES.has(error.name) || status === 429) return "throttling";
    if (EXPIRED_CREDENTIAL_CODES.has(error.name)) return "expired-credentials";
    if (AUTH_FAILURE_CODES.has(error.name)) return "auth";
    if (TRANSIENT_CODES.has(error.name)) return "transient";
    if (status !== undefined && TRANSIENT_STATUSES.has(status)) return "transient";
  }
  return "fatal";
}

/** The `$retryable` an error of this kind carries: set on the kinds retried with backoff. */
export function retryableTrait(kind: FailureKind): RetryableTrait | undefined {
  if (kind !== "throttling" && kind !== "transient" && kind !== "timeout") return undefined;
  return { throttling: kind === "throttling" };
}

/** Standard mode's backoff limits, in milliseconds. */
export const BACKOFF = { base: 100, throttlingBase: 500, cap: 20_000 } as const;

/**
 * Full-jitter exponential backoff: a uniformly random delay in [0, min(cap, base * 2^(n-1)))
 * before retry number n (1 for the first retry).
 */
export function backoffDelay(kind: FailureKind, retry: number, random: () => number): number {
  const base = kind === "throttling" ? BACKOFF.throttlingBase : BACKOFF.base;
  const ceiling = Math.min(BACKOFF.cap, base * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** The longest wait a `Retry-After` header can ask for; longer requests are cut to this. */
export const RETRY_AFTER_CAP_MS = 20_000;

/**
 * The wait a `Retry-After` header asks for, in milliseconds, capped at
 * {@link RETRY_AFTER_CAP_MS}: whole seconds, or an HTTP date measured from `now`. `undefined`
 * when the header is absent or unreadable.
 */
export function retryAfterDelay(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  let ms: number;
  if (text !== "" && [...text].every((char) => char >= "0" && char <= "9")) {
    ms = Number(text) * 1000;
  } else {
    // An HTTP date names its month; Date.parse alone would read "-5" as a year.
    const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, ms));
}

/** Standard mode's quota numbers. */
export const QUOTA = { capacity: 500, retryCost: 5, timeoutCost: 10, successRefund: 1 } as const;

/** What one backoff retry after a failure of this kind takes from the {@link RetryQuota}. */
export function retryCost(kind: FailureKind): number {
  return kind === "timeout" ? QUOTA.timeoutCost : QUOTA.retryCost;
}

/**
 * A client-wide budget for retries, so that a dead or overloaded endpoint is not hammered by
 * every caller at once: each retry spends tokens, each success gives some back. When the
 * budget is spent, failures are returned after one attempt.
 */
export class RetryQuota {
  #available: number = QUOTA.capacity;

  get available(): number {
    return this.#available;
  }

  /** Takes the cost of a retry that {@link decideRetry} found the budget could pay. */
  spend(cost: number): void {
    this.#available -= cost;
  }

  /** A call succeeded: give back what its retries cost, or a small refund if it had none. */
  recordSuccess(spent: number): void {
    const refund = spent > 0 ? spent : QUOTA.successRefund;
    this.#available = Math.min(QUOTA.capacity, this.#available + refund);
  }
}

/** How far the server's clock may be from ours before we correct our signing time. */
export const CLOCK_SKEW_THRESHOLD_MS = 5 * 60 * 1000;

/**
 * When the server's `Date` header is more than the threshold away from the time an attempt
 * was signed with, returns the offset to add to the local clock from now on; otherwise
 * `undefined` (the clocks agree, so the failure is not a skew problem: a wrong key, say).
 * The offset is measured against the raw local clock, so concurrent calls that each see the
 * skew compute the same value and never undo one another's correction.
 */
export function clockSkewCorrection(
  serverDate: string | undefined,
  signedAt: number,
  localNow: number,
): number | undefined {
  if (serverDate === undefined) return undefined;
  const server = Date.parse(serverDate);
  if (Number.isNaN(server)) return undefined;
  return Math.abs(server - signedAt) > CLOCK_SKEW_THRESHOLD_MS ? server - localNow : undefined;
}

/** What one call has used of its retries so far; each decision to retry gives the next one. */
export interface CallRetries {
  /** Retries that count against `maxAttempts`: all but the stale-connection one. */
  readonly retries: number;
  /** Milliseconds waited between attempts, for `$metadata.totalRetryDelay`. */
  readonly totalRetryDelay: number;
  /** Quota tokens this call's retries took: given back when it succeeds. */
  readonly quotaSpent: number;
  /** The free retry after a stale keep-alive connection is taken (it is offered once). */
  readonly staleRetryUsed: boolean;
  /** The credentials were fetched again after an expired token (done once). */
  readonly credentialsRefreshed: boolean;
}

/** A call before its first attempt. */
export const NO_RETRIES: CallRetries = {
  retries: 0,
  totalRetryDelay: 0,
  quotaSpent: 0,
  staleRetryUsed: false,
  credentialsRefreshed: false,
};

/** What the decision needs to know of the attempt that failed. */
export interface FailedAttempt {
  readonly kind: FailureKind;
  /**
   * The response, when there was one: its status and its `Retry-After` and `Date` (the
   * server's clock) headers count.
   */
  readonly response?: Pick<HttpResponse, "status" | "headers"> | undefined;
  /** The time the attempt was signed with, in ms (the local clock plus any correction). */
  readonly signedAt: number;
}

/** What the decision needs to know of the client, at the moment of deciding. */
export interface RetryContext {
  readonly maxAttempts: number;
  /** Tokens left in the client's {@link RetryQuota}. */
  readonly quotaAvailable: number;
  /** False for fixed credentials: there is nothing to fetch again. */
  readonly canRefreshCredentials: boolean;
  /** The local clock, uncorrected, in ms. */
  readonly now: number;
  /** Jitter source, in [0, 1). */
  readonly random: () => number;
}

/** What to do after a failed attempt; every choice but `throw` carries the call's next state. */
export type RetryDecision =
  /** Give the caller the failure. */
  | { readonly action: "throw" }
  /** Retry at once: the stale-connection retry, outside `maxAttempts` and the quota. */
  | { readonly action: "retry-now"; readonly call: CallRetries }
  /** Drop the cached credentials, then retry at once. */
  | { readonly action: "refresh-credentials"; readonly call: CallRetries }
  /** Sign from now on with the local clock plus `offset` ms, then retry at once. */
  | { readonly action: "correct-clock"; readonly offset: number; readonly call: CallRetries }
  /** Take `cost` from the quota, wait `delay` ms, then retry. */
  | {
      readonly action: "back-off";
      readonly delay: number;
      readonly cost: number;
      readonly call: CallRetries;
    };

const THROW: RetryDecision = { action: "throw" };

/**
 * Decides what follows a failed attempt. Pure: it reads no clock and changes nothing, the
 * call given included; with the same inputs and jitter it gives the same decision.
 */
export function decideRetry(
  attempt: FailedAttempt,
  call: CallRetries,
  context: RetryContext,
): RetryDecision {
  const { kind, response } = attempt;
  if (kind === "stale-connection" && !call.staleRetryUsed) {
    // The server closed a pooled keep-alive socket before we used it: not a failure of the
    // service, so retry at once on a fresh connection, outside the retry budget.
    return { action: "retry-now", call: { ...call, staleRetryUsed: true } };
  }
  const retries = call.retries + 1;
  if (retries >= context.maxAttempts) return THROW;
  if (kind === "expired-credentials") {
    // Temporary credentials expired before our cache expected: fetch new ones once.
    if (!context.canRefreshCredentials || call.credentialsRefreshed) return THROW;
    return {
      action: "refresh-credentials",
      call: { ...call, retries, credentialsRefreshed: true },
    };
  }
  if (kind === "auth") {
    const offset = clockSkewCorrection(response?.headers["date"], attempt.signedAt, context.now);
    if (offset === undefined) return THROW;
    return { action: "correct-clock", offset, call: { ...call, retries } };
  }
  // A second stale connection in one call is an ordinary connection failure.
  const retryKind: FailureKind = kind === "stale-connection" ? "transient" : kind;
  if (retryKind === "fatal") return THROW;
  const cost = retryCost(retryKind);
  if (cost > context.quotaAvailable) return THROW;
  let delay = backoffDelay(retryKind, retries, context.random);
  if (retryKind === "throttling" || response?.status === 503) {
    // The server said how long to wait: never sooner than that (capped at RETRY_AFTER_CAP_MS).
    const asked = retryAfterDelay(response?.headers["retry-after"], context.now);
    if (asked !== undefined && asked > delay) delay = asked;
  }
  return {
    action: "back-off",
    delay,
    cost,
    call: {
      ...call,
      retries,
      quotaSpent: call.quotaSpent + cost,
      totalRetryDelay: call.totalRetryDelay + delay,
    },
  };
}
