/**
 * The retry policy of the AWS SDKs' "standard" mode, as pure functions and one small quota
 * class: no timers and no sockets here, so every case can be enumerated in unit tests with a
 * seeded random source. The loop that sleeps lives in the transport.
 */
import { NetworkError, SecretsManagerServiceException, TimeoutError } from "./errors";

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

  /** Takes the cost of one retry; `undefined` when the budget cannot pay for it. */
  acquire(kind: FailureKind): number | undefined {
    const cost = kind === "timeout" ? QUOTA.timeoutCost : QUOTA.retryCost;
    if (cost > this.#available) return undefined;
    this.#available -= cost;
    return cost;
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
