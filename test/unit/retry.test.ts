import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  NetworkError,
  SecretsManagerServiceException,
  TimeoutError,
  ValidationError,
} from "../../src/core/errors";
import {
  BACKOFF,
  backoffDelay,
  type CallRetries,
  classifyFailure,
  clockSkewCorrection,
  decideRetry,
  type FailedAttempt,
  type FailureKind,
  NO_RETRIES,
  QUOTA,
  RETRY_AFTER_CAP_MS,
  type RetryContext,
  RetryQuota,
  retryAfterDelay,
  retryableTrait,
  retryCost,
} from "../../src/core/retry";

function serviceError(name: string, status: number) {
  return new SecretsManagerServiceException({
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });
}

/** A failure before any response byte on a kept-alive connection that had served a response. */
function reused(code: string): NetworkError {
  return new NetworkError(code, true, undefined, { reusedConnection: true });
}

describe("classifyFailure", () => {
  const cases: [string, unknown, string][] = [
    ["ThrottlingException 400", serviceError("ThrottlingException", 400), "throttling"],
    ["any code with 429", serviceError("SomethingElse", 429), "throttling"],
    [
      "LimitExceededException is a quota, never retried",
      serviceError("LimitExceededException", 400),
      "fatal",
    ],
    ["InternalServiceError 500", serviceError("InternalServiceError", 500), "transient"],
    ["502", serviceError("Http502Error", 502), "transient"],
    ["503", serviceError("ServiceUnavailable", 503), "transient"],
    ["504", serviceError("Http504Error", 504), "transient"],
    ["501 is not retried", serviceError("NotImplemented", 501), "fatal"],
    ["RequestTimeout code", serviceError("RequestTimeout", 400), "transient"],
    ["ResourceNotFoundException", serviceError("ResourceNotFoundException", 400), "fatal"],
    ["InvalidSignatureException", serviceError("InvalidSignatureException", 400), "auth"],
    ["timeout", new TimeoutError("request", 10), "timeout"],
    ["reset before response, reused connection", reused("ECONNRESET"), "stale-connection"],
    [
      "socket closed before response, reused connection",
      reused("UND_ERR_SOCKET"),
      "stale-connection",
    ],
    [
      "reset before response on a new connection",
      new NetworkError("ECONNRESET", true),
      "transient",
    ],
    ["socket closed on a new connection", new NetworkError("UND_ERR_SOCKET", true), "transient"],
    ["reset mid-response", new NetworkError("ECONNRESET", false), "transient"],
    ["refused", new NetworkError("ECONNREFUSED", true), "transient"],
    ["DNS failure is not a stale socket", new NetworkError("EAI_AGAIN", true), "transient"],
    [
      "EPIPE before the response on a reused connection is a stale socket",
      reused("EPIPE"),
      "stale-connection",
    ],
    ["ExpiredTokenException", serviceError("ExpiredTokenException", 400), "expired-credentials"],
    ["EPIPE", new NetworkError("EPIPE", false), "transient"],
    ["unknown network code", new NetworkError("ERR_TLS_CERT_ALTNAME_INVALID", true), "fatal"],
    ["validation", new ValidationError([]), "fatal"],
    ["plain error", new Error("x"), "fatal"],
  ];
  for (const [name, error, expected] of cases) {
    test(name, () => assert.equal(classifyFailure(error), expected));
  }
});

describe("backoffDelay", () => {
  test("full jitter within [0, base * 2^(n-1))", () => {
    for (let retry = 1; retry <= 12; retry++) {
      const ceiling = Math.min(BACKOFF.cap, BACKOFF.base * 2 ** (retry - 1));
      assert.equal(
        backoffDelay("transient", retry, () => 0),
        0,
      );
      assert.equal(
        backoffDelay("transient", retry, () => 0.999999),
        Math.floor(0.999999 * ceiling),
      );
    }
  });
  test("throttling uses the 500 ms base", () => {
    assert.equal(
      backoffDelay("throttling", 1, () => 0.5),
      250,
    );
    assert.equal(
      backoffDelay("transient", 1, () => 0.5),
      50,
    );
  });
  test("capped at 20 s", () => {
    assert.equal(
      backoffDelay("throttling", 30, () => 0.5),
      10_000,
    );
    assert.ok(backoffDelay("throttling", 30, () => 0.9999) < BACKOFF.cap);
  });
});

describe("RetryQuota", () => {
  test("a retry costs 5 and a timeout retry 10", () => {
    assert.equal(retryCost("transient"), QUOTA.retryCost);
    assert.equal(retryCost("throttling"), QUOTA.retryCost);
    assert.equal(retryCost("timeout"), QUOTA.timeoutCost);
    const quota = new RetryQuota();
    quota.spend(retryCost("transient"));
    quota.spend(retryCost("timeout"));
    assert.equal(quota.available, QUOTA.capacity - 15);
  });
  test("a success refunds what its retries cost, or 1, never above capacity", () => {
    const quota = new RetryQuota();
    quota.spend(QUOTA.retryCost);
    quota.spend(QUOTA.retryCost);
    quota.recordSuccess(10);
    assert.equal(quota.available, QUOTA.capacity);
    quota.spend(QUOTA.retryCost);
    quota.recordSuccess(0);
    assert.equal(quota.available, QUOTA.capacity - 4);
    for (let i = 0; i < 10; i++) quota.recordSuccess(0);
    assert.equal(quota.available, QUOTA.capacity);
  });
});

describe("retryableTrait", () => {
  test("set on the kinds retried with backoff, throttling told apart", () => {
    assert.deepEqual(retryableTrait("throttling"), { throttling: true });
    assert.deepEqual(retryableTrait("transient"), { throttling: false });
    assert.deepEqual(retryableTrait("timeout"), { throttling: false });
    for (const kind of ["stale-connection", "auth", "expired-credentials", "fatal"] as const) {
      assert.equal(retryableTrait(kind), undefined, kind);
    }
  });
});

describe("decideRetry", () => {
  const local = Date.parse("2026-01-01T12:00:00Z");
  const context: RetryContext = {
    maxAttempts: 3,
    quotaAvailable: QUOTA.capacity,
    canRefreshCredentials: true,
    now: local,
    random: () => 0.5,
  };
  /** A failed attempt; `status` and `headers` make up its response, when either is given. */
  const failed = (
    kind: FailureKind,
    response: { status?: number; headers?: Record<string, string> } = {},
  ): FailedAttempt => ({
    kind,
    signedAt: local,
    ...(response.status === undefined && response.headers === undefined
      ? {}
      : { response: { status: response.status ?? 400, headers: response.headers ?? {} } }),
  });
  const dated = (date: number) => ({ headers: { date: new Date(date).toUTCString() } });
  const retryAfter = (status: number, value: string) => ({
    status,
    headers: { "retry-after": value },
  });
  const after = (more: Partial<CallRetries>): CallRetries => ({ ...NO_RETRIES, ...more });

  test("fatal: thrown at once", () => {
    assert.deepEqual(decideRetry(failed("fatal"), NO_RETRIES, context), { action: "throw" });
  });

  test("transient: backoff from the 100 ms base, one retry and its cost recorded", () => {
    assert.deepEqual(decideRetry(failed("transient", { status: 500 }), NO_RETRIES, context), {
      action: "back-off",
      delay: 50,
      cost: QUOTA.retryCost,
      call: after({ retries: 1, quotaSpent: QUOTA.retryCost, totalRetryDelay: 50 }),
    });
  });

  test("the second retry doubles the backoff ceiling and adds to the totals", () => {
    const first = after({ retries: 1, quotaSpent: 5, totalRetryDelay: 50 });
    const decision = decideRetry(failed("transient"), first, context);
    assert.deepEqual(decision, {
      action: "back-off",
      delay: 100,
      cost: QUOTA.retryCost,
      call: after({ retries: 2, quotaSpent: 10, totalRetryDelay: 150 }),
    });
  });

  test("throttling: the 500 ms base; timeout: the higher quota cost", () => {
    const throttled = decideRetry(failed("throttling", { status: 400 }), NO_RETRIES, context);
    assert.equal(throttled.action === "back-off" && throttled.delay, 250);
    const timedOut = decideRetry(failed("timeout"), NO_RETRIES, context);
    assert.equal(timedOut.action === "back-off" && timedOut.cost, QUOTA.timeoutCost);
    assert.equal(timedOut.action === "back-off" && timedOut.call.quotaSpent, QUOTA.timeoutCost);
  });

  test("maxAttempts reached: thrown, whatever the kind", () => {
    const last = after({ retries: 2 });
    for (const kind of ["transient", "throttling", "timeout", "expired-credentials"] as const) {
      assert.equal(decideRetry(failed(kind), last, context).action, "throw", kind);
    }
    const skewed = failed("auth", dated(local + 600_000));
    assert.equal(decideRetry(skewed, last, context).action, "throw");
    assert.equal(decideRetry(skewed, NO_RETRIES, { ...context, maxAttempts: 1 }).action, "throw");
  });

  test("quota exhausted: thrown; a timeout needs more of it than other retries", () => {
    const low = { ...context, quotaAvailable: QUOTA.retryCost - 1 };
    assert.equal(decideRetry(failed("transient"), NO_RETRIES, low).action, "throw");
    const between = { ...context, quotaAvailable: QUOTA.timeoutCost - 1 };
    assert.equal(decideRetry(failed("transient"), NO_RETRIES, between).action, "back-off");
    assert.equal(decideRetry(failed("timeout"), NO_RETRIES, between).action, "throw");
  });

  test("a stale connection: retried at once, once, outside maxAttempts and the quota", () => {
    const spent = { ...context, maxAttempts: 1, quotaAvailable: 0 };
    const first = decideRetry(failed("stale-connection"), NO_RETRIES, spent);
    assert.deepEqual(first, { action: "retry-now", call: after({ staleRetryUsed: true }) });
    // A second one in the same call is an ordinary transient failure.
    const used = after({ staleRetryUsed: true });
    assert.equal(decideRetry(failed("stale-connection"), used, spent).action, "throw");
    assert.deepEqual(decideRetry(failed("stale-connection"), used, context), {
      action: "back-off",
      delay: 50,
      cost: QUOTA.retryCost,
      call: after({ staleRetryUsed: true, retries: 1, quotaSpent: 5, totalRetryDelay: 50 }),
    });
  });

  test("expired credentials: refreshed once, counted against maxAttempts, no quota", () => {
    const first = decideRetry(failed("expired-credentials"), NO_RETRIES, context);
    assert.deepEqual(first, {
      action: "refresh-credentials",
      call: after({ retries: 1, credentialsRefreshed: true }),
    });
    const again = after({ retries: 1, credentialsRefreshed: true });
    assert.equal(decideRetry(failed("expired-credentials"), again, context).action, "throw");
  });

  test("expired credentials that cannot be fetched again (fixed ones): thrown", () => {
    const fixed = { ...context, canRefreshCredentials: false };
    assert.equal(decideRetry(failed("expired-credentials"), NO_RETRIES, fixed).action, "throw");
  });

  test("a rejected signature with a skewed Date header: the clock corrected, retried at once", () => {
    assert.deepEqual(decideRetry(failed("auth", dated(local + 600_000)), NO_RETRIES, context), {
      action: "correct-clock",
      offset: 600_000,
      call: after({ retries: 1 }),
    });
  });

  test("a rejected signature without a Date header, or with one that agrees: thrown", () => {
    assert.equal(decideRetry(failed("auth"), NO_RETRIES, context).action, "throw");
    const agreeing = failed("auth", dated(local + 60_000));
    assert.equal(decideRetry(agreeing, NO_RETRIES, context).action, "throw");
  });

  test("Retry-After longer than the backoff: waited on throttling and on a 503", () => {
    for (const attempt of [
      failed("throttling", retryAfter(400, "3")),
      failed("transient", retryAfter(503, "3")),
    ]) {
      const decision = decideRetry(attempt, NO_RETRIES, context);
      assert.equal(decision.action, "back-off");
      if (decision.action !== "back-off") continue;
      assert.equal(decision.delay, 3000);
      assert.equal(decision.cost, QUOTA.retryCost);
      assert.equal(decision.call.totalRetryDelay, 3000);
    }
  });

  test("Retry-After is ignored on other failures, and never shortens the backoff", () => {
    const delayOf = (attempt: FailedAttempt) => {
      const decision = decideRetry(attempt, NO_RETRIES, context);
      return decision.action === "back-off" ? decision.delay : undefined;
    };
    assert.equal(delayOf(failed("transient", retryAfter(500, "3"))), 50);
    assert.equal(delayOf(failed("transient", retryAfter(502, "3"))), 50);
    assert.equal(delayOf(failed("throttling", retryAfter(429, "0"))), 250);
    assert.equal(
      decideRetry(failed("fatal", retryAfter(400, "1")), NO_RETRIES, context).action,
      "throw",
    );
  });

  test("pure: the call given is left as it was, and the same inputs decide the same", () => {
    const call = after({ retries: 1, quotaSpent: 5, totalRetryDelay: 50 });
    const copy = { ...call };
    const first = decideRetry(failed("transient"), call, context);
    assert.deepEqual(call, copy);
    assert.deepEqual(decideRetry(failed("transient"), call, context), first);
  });
});

describe("clockSkewCorrection", () => {
  const local = Date.parse("2026-01-01T12:00:00Z");
  test("a server 10 minutes ahead gives a +10 min offset", () => {
    const server = new Date(local + 600_000).toUTCString();
    assert.equal(clockSkewCorrection(server, local, local), 600_000);
  });
  test("clocks within 5 minutes: no correction (a wrong key is not skew)", () => {
    const server = new Date(local + 60_000).toUTCString();
    assert.equal(clockSkewCorrection(server, local, local), undefined);
  });
  test("measured against the time the attempt was signed with", () => {
    // Already corrected by +10 min: the server agrees with the signing time, so no new offset.
    const server = new Date(local + 600_000).toUTCString();
    assert.equal(clockSkewCorrection(server, local + 600_000, local), undefined);
  });
  test("missing or bad Date header", () => {
    assert.equal(clockSkewCorrection(undefined, local, local), undefined);
    assert.equal(clockSkewCorrection("not a date", local, local), undefined);
  });
});

describe("retryAfterDelay", () => {
  const now = Date.parse("2026-12-05T12:00:00Z");
  test("whole seconds", () => {
    assert.equal(retryAfterDelay("3", now), 3000);
    assert.equal(retryAfterDelay(" 0 ", now), 0);
  });
  test("an HTTP date, measured from now; one in the past means no wait", () => {
    assert.equal(retryAfterDelay("Sat, 05 Dec 2026 12:00:07 GMT", now), 7000);
    assert.equal(retryAfterDelay("Sat, 05 Dec 2026 11:59:00 GMT", now), 0);
  });
  test("capped", () => {
    assert.equal(retryAfterDelay("3600", now), RETRY_AFTER_CAP_MS);
    assert.equal(RETRY_AFTER_CAP_MS, 20_000);
  });
  test("absent or unreadable: no opinion", () => {
    assert.equal(retryAfterDelay(undefined, now), undefined);
    assert.equal(retryAfterDelay("soon", now), undefined);
    assert.equal(retryAfterDelay("-5", now), undefined);
    assert.equal(retryAfterDelay("", now), undefined);
  });
});
