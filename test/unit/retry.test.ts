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
  classifyFailure,
  clockSkewCorrection,
  QUOTA,
  RETRY_AFTER_CAP_MS,
  RetryQuota,
  retryAfterDelay,
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
  test("spends 5 per retry and 10 per timeout retry, refuses when spent", () => {
    const quota = new RetryQuota();
    assert.equal(quota.acquire("transient"), QUOTA.retryCost);
    assert.equal(quota.acquire("timeout"), QUOTA.timeoutCost);
    assert.equal(quota.available, QUOTA.capacity - 15);
    while (quota.acquire("transient") !== undefined) {}
    assert.ok(quota.available < QUOTA.retryCost);
  });
  test("a success refunds what its retries cost, or 1, never above capacity", () => {
    const quota = new RetryQuota();
    quota.acquire("transient");
    quota.acquire("transient");
    quota.recordSuccess(10);
    assert.equal(quota.available, QUOTA.capacity);
    quota.acquire("transient");
    quota.recordSuccess(0);
    assert.equal(quota.available, QUOTA.capacity - 4);
    for (let i = 0; i < 10; i++) quota.recordSuccess(0);
    assert.equal(quota.available, QUOTA.capacity);
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
