/**
 * The transport under faults, against a real node:http server on 127.0.0.1. Every engine runs
 * the whole suite. Sleeps between attempts go through an injected sleep that records them, so
 * backoff is asserted on recorded delays, never on wall time.
 */
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { inspect } from "node:util";
import type { ClientCredentials, Credentials } from "../../src/core/credentials";
import {
  AbortError,
  ConfigurationError,
  SecretsManagerServiceException,
  TimeoutError,
} from "../../src/core/errors";
import { createAutoEngine } from "../../src/core/http/auto";
import { createNodeEngine } from "../../src/core/http/node";
import type { HttpEngineFactory, HttpResponse, SendOptions } from "../../src/core/http/types";
import { createUndiciEngine } from "../../src/core/http/undici";
import { BACKOFF, QUOTA } from "../../src/core/retry";
import { Transport, type TransportOptions } from "../../src/core/transport";
import { VERSION } from "../../src/core/version";
import { modeledErrors, ResourceNotFoundException } from "../../src/generated/errors";
import { operations } from "../../src/generated/operations";
import { type FaultReply, type FaultScript, startFaultServer } from "../helpers/fault-server";

const SECRET = "hunter2-SECRET-MARKER";
const SECRET_KEY = "SECRET-KEY-do-not-print";
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: SECRET_KEY };
/** Credentials as the client hands them to the transport: `get` runs at every signing. */
const signingWith = (get: () => Promise<Credentials>): ClientCredentials => ({
  get,
  isFresh: () => false,
});

const engines: [string, HttpEngineFactory][] = [
  ["undici", createUndiciEngine],
  ["node:http", createNodeEngine],
  // The default: node:http until busy, then undici. Most tests here send a few requests (node
  // throughout); the retry-quota test sends hundreds and runs across the switch.
  ["auto", (origin, options) => createAutoEngine(origin, options)],
];

const ok = (body: object = {}): FaultReply => ({
  status: 200,
  headers: { "x-amzn-requestid": "req-ok" },
  body,
});
const error = (status: number, type: string, extra: Record<string, string> = {}): FaultReply => ({
  status,
  headers: { "x-amzn-requestid": `req-${status}`, ...extra },
  body: { __type: type, message: `${type} happened` },
});

for (const [engineName, engine] of engines) {
  describe(`transport over ${engineName}`, { timeout: 60_000 }, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    async function setup(
      script: FaultScript,
      options: Partial<TransportOptions> = {},
      maxAttempts = 3,
    ) {
      const server = await startFaultServer(script);
      const { transport, sleeps } = transportFor(server.url, options, maxAttempts);
      cleanups.push(() => server.close());
      return { server, transport, sleeps };
    }

    /** A transport for `url` whose sleeps are recorded, closed after the test. */
    function transportFor(url: string, options: Partial<TransportOptions>, maxAttempts: number) {
      const sleeps: number[] = [];
      const transport = new Transport({
        resolveConfig: async () => ({
          region: "us-east-1",
          endpoint: new URL(`${url}/`),
          maxAttempts,
          retryMode: "standard",
        }),
        credentials: signingWith(async () => credentials),
        modeledErrors,
        engine,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        ...options,
      });
      cleanups.unshift(() => transport.close());
      return { transport, sleeps };
    }

    const getSecret = (transport: Transport, options = {}) =>
      transport.send(operations.GetSecretValue, { SecretId: "app/db" }, options);

    function assertNoSecret(value: unknown) {
      const text = `${value instanceof Error ? value.message : ""}\n${inspect(value, { depth: 5 })}`;
      assert.ok(!text.includes(SECRET), "secret value leaked");
      assert.ok(!text.includes(SECRET_KEY), "secret key leaked");
    }

    test("sends a signed JSON 1.1 request and reads the output", async () => {
      const { server, transport } = await setup([
        ok({ Name: "app/db", SecretString: "s", CreatedDate: 1_700_000_000.5, VersionId: null }),
      ]);
      const output = await getSecret(transport);
      const [request] = server.requests;
      assert.ok(request);
      assert.equal(request.method, "POST");
      assert.equal(request.url, "/");
      assert.equal(request.headers["content-type"], "application/x-amz-json-1.1");
      assert.equal(request.headers["x-amz-target"], "secretsmanager.GetSecretValue");
      assert.match(
        String(request.headers["user-agent"]),
        new RegExp(`^secretsmanager-ts/${VERSION} `),
      );
      assert.match(
        String(request.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/secretsmanager\/aws4_request, /,
      );
      assert.deepEqual(request.json, { SecretId: "app/db" });
      assert.equal(output.Name, "app/db");
      assert.deepEqual(output.CreatedDate, new Date(1_700_000_000_500));
      assert.ok(!("VersionId" in output), "null is treated as absent");
      assert.deepEqual(output.$metadata, {
        httpStatusCode: 200,
        requestId: "req-ok",
        attempts: 1,
        totalRetryDelay: 0,
      });
    });

    test("500 then 200: two attempts, one transient backoff", async () => {
      const { server, transport, sleeps } = await setup([error(500, "InternalServiceError"), ok()]);
      const output = await getSecret(transport);
      assert.equal(server.requests.length, 2);
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(sleeps.length, 1);
      assert.ok(sleeps[0] !== undefined && sleeps[0] >= 0 && sleeps[0] < BACKOFF.base);
      assert.equal(output.$metadata.totalRetryDelay, sleeps[0]);
    });

    test("503 three times: gives up after maxAttempts with the server's error", async () => {
      const { server, transport, sleeps } = await setup([
        error(503, "ServiceUnavailable"),
        error(503, "ServiceUnavailable"),
        error(503, "ServiceUnavailable"),
      ]);
      const failure = await getSecret(transport).catch((e: unknown) => e);
      assert.ok(failure instanceof SecretsManagerServiceException);
      assert.equal(failure.name, "ServiceUnavailable");
      assert.equal(failure.$fault, "server");
      assert.deepEqual(failure.$retryable, { throttling: false });
      assert.equal(failure.$metadata.attempts, 3);
      assert.equal(failure.$metadata.httpStatusCode, 503);
      assert.equal(server.requests.length, 3);
      assert.equal(sleeps.length, 2);
      sleeps.forEach((delay, index) => {
        assert.ok(delay >= 0 && delay < BACKOFF.base * 2 ** index, `delay ${delay} in bounds`);
      });
      assert.equal(
        failure.$metadata.totalRetryDelay,
        sleeps.reduce((sum, delay) => sum + delay, 0),
      );
    });

    test("ThrottlingException (400): retried with the 500 ms throttling base", async () => {
      const { server, transport, sleeps } = await setup([
        error(400, "ThrottlingException"),
        error(400, "ThrottlingException"),
        ok(),
      ]);
      const output = await getSecret(transport, {});
      assert.equal(output.$metadata.attempts, 3);
      assert.equal(server.requests.length, 3);
      assert.equal(sleeps.length, 2);
      sleeps.forEach((delay, index) => {
        assert.ok(delay < BACKOFF.throttlingBase * 2 ** index, `delay ${delay} in bounds`);
      });
    });

    test("throttling backoff bounds, with a jitter source that maxes out", async () => {
      const { sleeps, transport } = await setup(
        [error(400, "ThrottlingException"), error(429, "TooManyRequestsException"), ok()],
        { random: () => 0.999 },
      );
      await getSecret(transport);
      assert.deepEqual(sleeps, [499, 999]);
    });

    test("LimitExceededException is a quota error: not retried", async () => {
      const { server, transport } = await setup([error(400, "LimitExceededException"), ok()]);
      const failure = await transport
        .send(operations.CreateSecret, { Name: "n", SecretString: SECRET })
        .catch((e: unknown) => e);
      assert.ok(failure instanceof SecretsManagerServiceException);
      assert.equal(failure.name, "LimitExceededException");
      assert.equal(server.requests.length, 1);
      assertNoSecret(failure);
    });

    test("a modeled 4xx is its class, not retried, with the request id", async () => {
      const { server, transport } = await setup([error(400, "ResourceNotFoundException"), ok()]);
      const failure = await getSecret(transport).catch((e: unknown) => e);
      assert.ok(failure instanceof ResourceNotFoundException);
      assert.ok(failure instanceof SecretsManagerServiceException);
      assert.equal(failure.$fault, "client");
      assert.equal(failure.$metadata.requestId, "req-400");
      assert.equal(failure.$metadata.attempts, 1);
      assert.equal(failure.Message, "ResourceNotFoundException happened");
      assert.equal(server.requests.length, 1);
    });

    test("connection reset mid-response, then 200: retried", async () => {
      const { server, transport, sleeps } = await setup([
        { reset: "mid-response", status: 200, body: { Name: "x".repeat(200) } },
        ok({ Name: "app/db" }),
      ]);
      const output = await getSecret(transport);
      assert.equal(output.Name, "app/db");
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(server.requests.length, 2);
      assert.equal(sleeps.length, 1);
    });

    test("a hang past the request timeout: TimeoutError per attempt, then success", async () => {
      const { server, transport } = await setup([{ hang: true }, ok({ Name: "late" })], {
        requestTimeout: 150,
      });
      const output = await getSecret(transport);
      assert.equal(output.Name, "late");
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(server.requests.length, 2);
    });

    test("hangs on every attempt: TimeoutError after maxAttempts, timeouts cost 10 each", async () => {
      const { transport } = await setup([{ hang: true }, { hang: true }, { hang: true }]);
      const before = transport.retryQuota;
      const failure = await getSecret(transport, { requestTimeout: 100 }).catch((e: unknown) => e);
      assert.ok(failure instanceof TimeoutError);
      assert.equal(failure.phase, "request");
      assert.equal(failure.timeout, 100);
      assert.equal(transport.retryQuota, before - 2 * QUOTA.timeoutCost);
    });

    test("truncated JSON in a 200: retried, then success", async () => {
      const truncated =
        'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nConnection: close\r\n\r\n{"Name":"app/d';
      const { server, transport } = await setup([{ raw: truncated }, ok({ Name: "app/db" })]);
      const output = await getSecret(transport);
      assert.equal(output.Name, "app/db");
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(server.requests.length, 2);
    });

    test("truncated JSON every time: a clear ResponseParseError", async () => {
      const truncated =
        'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nConnection: close\r\n\r\n{"Name":"app/d';
      const { transport } = await setup([
        { raw: truncated },
        { raw: truncated },
        { raw: truncated },
      ]);
      const failure = await getSecret(transport).catch((e: unknown) => e);
      assert.ok(failure instanceof SecretsManagerServiceException);
      assert.equal(failure.name, "ResponseParseError");
      assert.match(failure.message, /HTTP 200 .*not a complete JSON object/);
      assert.ok(!failure.message.includes("app/d"), "no part of a success body in the message");
    });

    test("an HTML 502 from a proxy: retried, then a clear error with status and content type", async () => {
      const html: FaultReply = {
        status: 502,
        headers: { "content-type": "text/html" },
        body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      };
      const { server, transport } = await setup([html, html, html]);
      const failure = await getSecret(transport).catch((e: unknown) => e);
      assert.ok(failure instanceof SecretsManagerServiceException);
      assert.equal(failure.name, "Http502Error");
      assert.equal(failure.$fault, "server");
      assert.match(failure.message, /HTTP 502 .*content type text\/html, \d+ bytes/);
      assert.ok(!failure.message.includes("nginx"), "no part of the body");
      assert.equal(server.requests.length, 3);
    });

    test("a skewed Date with InvalidSignatureException: corrected and retried; kept for later calls", async () => {
      const serverNow = Date.now() + 3_600_000;
      const skewed = error(400, "InvalidSignatureException", {
        date: new Date(serverNow).toUTCString(),
      });
      const { server, transport, sleeps } = await setup([skewed, ok(), ok()]);
      const output = await getSecret(transport);
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(sleeps.length, 0, "a skew correction retries at once");
      assert.ok(Math.abs(transport.clockOffset - 3_600_000) < 10_000);
      const signedAt = (index: number) => {
        const stamp = String(server.requests[index]?.headers["x-amz-date"]);
        return Date.parse(
          stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"),
        );
      };
      assert.ok(
        Math.abs(signedAt(0) - Date.now()) < 60_000,
        "first attempt signed with local time",
      );
      assert.ok(Math.abs(signedAt(1) - serverNow) < 60_000, "retry signed with the server's time");
      const again = await getSecret(transport);
      assert.equal(again.$metadata.attempts, 1);
      assert.ok(Math.abs(signedAt(2) - serverNow) < 60_000, "later calls keep the offset");
    });

    test("InvalidSignatureException with a correct clock (a wrong key): not retried", async () => {
      const wrongKey = error(400, "InvalidSignatureException", { date: new Date().toUTCString() });
      const { server, transport } = await setup([wrongKey, ok()]);
      const failure = await getSecret(transport).catch((e: unknown) => e);
      assert.ok(failure instanceof SecretsManagerServiceException);
      assert.equal(failure.name, "InvalidSignatureException");
      assert.equal(server.requests.length, 1);
      assert.equal(transport.clockOffset, 0);
      assertNoSecret(failure);
    });

    test("the idempotency token is filled once and the same on every attempt", async () => {
      const { server, transport } = await setup([
        error(500, "InternalServiceError"),
        { reset: "mid-response", status: 200 },
        ok({ Name: "n" }),
      ]);
      await transport.send(operations.CreateSecret, { Name: "n", SecretString: SECRET });
      const tokens = server.requests.map(
        (request) => (request.json as Record<string, unknown>).ClientRequestToken,
      );
      assert.equal(tokens.length, 3);
      assert.match(
        String(tokens[0]),
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      assert.ok(tokens.every((token) => token === tokens[0]));
      await transport
        .send(operations.CreateSecret, {
          Name: "n",
          ClientRequestToken: "mine-0000000000000000000000000000001",
        })
        .catch(() => {});
      assert.equal(
        (server.requests[3]?.json as Record<string, unknown> | undefined)?.ClientRequestToken,
        "mine-0000000000000000000000000000001",
      );
    });

    test("a reused connection closed before the response is retried at once, outside the retry budget", async () => {
      const { server, transport, sleeps } = await setup([
        ok({ Name: "first" }),
        { reset: "before-response" },
        ok({ Name: "n" }),
      ]);
      await getSecret(transport);
      // Let the engine put the connection back in its pool (undici releases it a turn later).
      await new Promise((resolve) => setTimeout(resolve, 20));
      const before = transport.retryQuota;
      const output = await getSecret(transport);
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(server.requests.length, 3);
      assert.equal(server.requests[1]?.connection, server.requests[0]?.connection, "reused");
      assert.deepEqual(sleeps, []);
      assert.equal(transport.retryQuota, Math.min(QUOTA.capacity, before + QUOTA.successRefund));
    });

    test("a brand-new connection closed before the response is an ordinary retry (issue 14)", async () => {
      const { server, transport, sleeps } = await setup([
        { reset: "before-response" },
        ok({ Name: "n" }),
      ]);
      const before = transport.retryQuota;
      const output = await getSecret(transport);
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(server.requests.length, 2);
      assert.equal(sleeps.length, 1, "backed off like any transient failure");
      assert.equal(transport.retryQuota, before - QUOTA.retryCost + QUOTA.retryCost);
    });

    test("Retry-After on a 503 or a throttling answer: max(backoff, Retry-After), capped at 20 s (issue 14)", async () => {
      const { transport, sleeps } = await setup([
        { status: 503, headers: { "retry-after": "3600" }, body: "" },
        {
          status: 400,
          headers: { "retry-after": "2" },
          body: { __type: "ThrottlingException", message: "slow down" },
        },
        ok({ Name: "n" }),
      ]);
      await getSecret(transport);
      assert.deepEqual(sleeps, [20_000, 2_000]);
    });

    test("Retry-After on other failures (a 500) is not a reason to wait", async () => {
      const { transport, sleeps } = await setup(
        [{ status: 500, headers: { "retry-after": "30" }, body: "" }, ok({ Name: "n" })],
        { random: () => 0.5 },
      );
      await getSecret(transport);
      assert.deepEqual(sleeps, [BACKOFF.base / 2]);
    });

    test("an idle keep-alive connection dropped by the server does not fail the next call", async () => {
      const { server, transport } = await setup([ok(), ok()]);
      await getSecret(transport);
      server.dropIdleConnections();
      const output = await getSecret(transport);
      assert.equal(output.$metadata.httpStatusCode, 200);
    });

    test("keep-alive: sequential calls reuse pooled connections", async () => {
      const { server, transport } = await setup([ok(), ok(), ok(), ok(), ok(), ok()]);
      for (let i = 0; i < 6; i++) await getSecret(transport);
      // undici may open a second socket while the first is being released; never one per call.
      const connections = new Set(server.requests.map((request) => request.connection));
      assert.ok(connections.size <= 2, `${connections.size} connections for 6 calls`);
    });

    test("retry quota: spent by an always-500 server, then one attempt per call; successes refill it", async () => {
      let failing = true;
      const { server, transport } = await setup(() =>
        failing ? error(500, "InternalServiceError") : ok(),
      );
      // Each failing call spends two retries (10 tokens): 50 calls empty the 500-token budget.
      for (let call = 0; call < 50; call++) {
        await getSecret(transport).catch(() => {});
      }
      assert.equal(transport.retryQuota, 0);
      const sent = server.requests.length;
      const failure = await getSecret(transport).catch((e: unknown) => e);
      assert.ok(failure instanceof SecretsManagerServiceException);
      assert.equal(failure.$metadata.attempts, 1);
      assert.equal(server.requests.length, sent + 1);

      failing = false;
      for (let call = 0; call < 5; call++) await getSecret(transport);
      assert.equal(transport.retryQuota, 5 * QUOTA.successRefund);
      failing = true;
      const countBefore = server.requests.length;
      await getSecret(transport).catch(() => {});
      assert.equal(server.requests.length - countBefore, 2, "the refill pays for one retry");
    });

    test("maxAttempts 1 disables retries", async () => {
      const { server, transport } = await setup([error(500, "InternalServiceError"), ok()], {}, 1);
      await assert.rejects(getSecret(transport), SecretsManagerServiceException);
      assert.equal(server.requests.length, 1);
    });

    test("an already aborted signal rejects with AbortError and sends nothing", async () => {
      const { server, transport } = await setup([ok()]);
      const reason = new Error("caller gave up");
      const failure = await getSecret(transport, { signal: AbortSignal.abort(reason) }).catch(
        (e: unknown) => e,
      );
      assert.ok(failure instanceof AbortError);
      assert.equal(failure.cause, reason);
      assert.equal(server.requests.length, 0);
    });

    test("a signal aborted while the engine is still opening cancels the first request", async () => {
      const server = await startFaultServer([{ hang: true }]);
      const opened = engine(new URL(server.url), { connectionTimeout: 5_000 });
      cleanups.push(async () => {
        await opened.close();
        await server.close();
      });
      const controller = new AbortController();
      const pending = opened.send(
        {
          method: "POST",
          path: "/",
          headers: { "content-type": "application/x-amz-json-1.1" },
          body: "{}",
        },
        // Were the abort missed, this would end in a TimeoutError, not an AbortError.
        { timeout: 20_000, signal: controller.signal },
      );
      controller.abort("gave up"); // before undici has even loaded
      const failure = await pending.catch((e: unknown) => e);
      assert.ok(failure instanceof AbortError, String(failure));
      assert.equal(failure.cause, "gave up");
    });

    test("aborting during a hung request rejects at once and is not retried", async () => {
      const { server, transport } = await setup([{ hang: true }, ok()]);
      const controller = new AbortController();
      const pending = getSecret(transport, { signal: controller.signal });
      while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort("stop");
      const failure = await pending.catch((e: unknown) => e);
      assert.ok(failure instanceof AbortError);
      assert.equal(failure.cause, "stop");
      assert.equal(server.requests.length, 1);
    });

    test("aborting during the backoff sleep stops the retries", async () => {
      const controller = new AbortController();
      const { server, transport } = await setup([error(500, "InternalServiceError"), ok()], {
        sleep: async () => {
          controller.abort("enough");
          throw new Error("sleep interrupted");
        },
      });
      const failure = await getSecret(transport, { signal: controller.signal }).catch(
        (e: unknown) => e,
      );
      assert.ok(failure instanceof AbortError);
      assert.equal(server.requests.length, 1);
    });

    test("the onRequest hook and the logger see each attempt, never a secret", async () => {
      const events: unknown[] = [];
      const lines: string[] = [];
      const log = (...args: unknown[]) => lines.push(args.map((arg) => inspect(arg)).join(" "));
      const { transport } = await setup(
        [error(500, "InternalServiceError"), ok({ SecretString: SECRET })],
        {
          onRequest: (event) => events.push(event),
          logger: { debug: log, info: log, warn: log, error: log },
        },
      );
      const output = await transport.send(operations.PutSecretValue, {
        SecretId: "app/db",
        SecretString: SECRET,
      });
      assert.equal(output.SecretString, SECRET);
      assert.equal(events.length, 2);
      assert.deepEqual(
        events.map((event) => {
          const { durationMs, ...rest } = event as { durationMs: number };
          assert.ok(durationMs >= 0);
          return rest;
        }),
        [
          {
            operation: "PutSecretValue",
            attempt: 1,
            status: 500,
            requestId: "req-500",
            errorName: "InternalServiceError",
          },
          {
            operation: "PutSecretValue",
            attempt: 2,
            status: 200,
            requestId: "req-ok",
            errorName: undefined,
          },
        ],
      );
      assert.ok(lines.length > 0);
      for (const line of [...lines, inspect(events)]) {
        assert.ok(!line.includes(SECRET) && !line.includes(SECRET_KEY), line);
      }
    });

    test("a refused connection is retried and ends in a NetworkError", async () => {
      const server = await startFaultServer([ok()]);
      await server.close();
      const { transport, sleeps } = transportFor(server.url, {}, 3);
      const failure = await getSecret(transport).catch((e: unknown) => e);
      assert.equal((failure as Error).name, "NetworkError");
      assert.equal((failure as { code: string }).code, "ECONNREFUSED");
      assert.equal(sleeps.length, 2);
    });

    describe("fault matrix: CreateSecret with a secret value, per scripted fault", () => {
      const truncated =
        'HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nConnection: close\r\n\r\n{"ARN":"ar';
      const html502: FaultReply = {
        status: 502,
        headers: { "content-type": "text/html" },
        body: "<html><body>502 Bad Gateway</body></html>",
      };
      const skewed = (): FaultReply =>
        error(400, "InvalidSignatureException", {
          date: new Date(Date.now() + 7_200_000).toUTCString(),
        });
      const created = ok({ ARN: "arn:x", Name: "n", VersionId: "v1" });
      type Outcome = "success" | string;
      const scenarios: {
        name: string;
        script: () => FaultReply[];
        attempts: number;
        outcome: Outcome;
        /** The backoff base the recorded sleeps must stay under (none: no sleep expected). */
        backoff: "transient" | "throttling" | "none";
        requestTimeout?: number;
      }[] = [
        {
          name: "500",
          script: () => [error(500, "InternalServiceError"), created],
          attempts: 2,
          outcome: "success",
          backoff: "transient",
        },
        {
          name: "503 x3",
          script: () => [
            error(503, "ServiceUnavailable"),
            error(503, "ServiceUnavailable"),
            error(503, "ServiceUnavailable"),
          ],
          attempts: 3,
          outcome: "ServiceUnavailable",
          backoff: "transient",
        },
        {
          name: "400 ThrottlingException",
          script: () => [
            error(400, "ThrottlingException"),
            error(400, "ThrottlingException"),
            created,
          ],
          attempts: 3,
          outcome: "success",
          backoff: "throttling",
        },
        {
          name: "reset mid-response",
          script: () => [
            { reset: "mid-response", status: 200, body: { ARN: "x".repeat(100) } },
            created,
          ],
          attempts: 2,
          outcome: "success",
          backoff: "transient",
        },
        {
          name: "hang past the timeout",
          script: () => [{ hang: true }, created],
          attempts: 2,
          outcome: "success",
          backoff: "transient",
          requestTimeout: 120,
        },
        {
          name: "truncated JSON",
          script: () => [{ raw: truncated }, created],
          attempts: 2,
          outcome: "success",
          backoff: "transient",
        },
        {
          name: "HTML 502 x3",
          script: () => [html502, html502, html502],
          attempts: 3,
          outcome: "Http502Error",
          backoff: "transient",
        },
        {
          name: "skewed Date + InvalidSignatureException",
          script: () => [skewed(), created],
          attempts: 2,
          outcome: "success",
          backoff: "none",
        },
      ];
      for (const scenario of scenarios) {
        test(scenario.name, async () => {
          const { server, transport, sleeps } = await setup(scenario.script());
          const result = await transport
            .send(
              operations.CreateSecret,
              { Name: "app/db", SecretString: SECRET },
              { requestTimeout: scenario.requestTimeout },
            )
            .then(
              (output) => ({ output, failure: undefined }),
              (failure: unknown) => ({ output: undefined, failure }),
            );
          assert.equal(server.requests.length, scenario.attempts, "requests sent");
          if (scenario.outcome === "success") {
            assert.equal(result.failure, undefined);
            assert.equal(result.output?.$metadata.attempts, scenario.attempts);
          } else {
            assert.ok(result.failure instanceof SecretsManagerServiceException);
            assert.equal(result.failure.name, scenario.outcome);
            assert.equal(result.failure.$metadata.attempts, scenario.attempts);
            assertNoSecret(result.failure);
          }
          const tokens = server.requests.map(
            (request) =>
              (request.json as { ClientRequestToken?: string } | undefined)?.ClientRequestToken,
          );
          assert.equal(new Set(tokens).size, 1, "one idempotency token on every attempt");
          assert.match(String(tokens[0]), /^[0-9a-f-]{36}$/);
          if (scenario.backoff === "none") assert.deepEqual(sleeps, []);
          else {
            assert.equal(sleeps.length, scenario.attempts - 1);
            const base = scenario.backoff === "throttling" ? BACKOFF.throttlingBase : BACKOFF.base;
            sleeps.forEach((delay, index) => {
              assert.ok(delay >= 0 && delay < base * 2 ** index, `sleep ${delay} within bounds`);
            });
          }
        });
      }
    });

    test("an expired token: credentials fetched again once, then success", async () => {
      let fetches = 0;
      let invalidations = 0;
      const server = await startFaultServer([error(400, "ExpiredTokenException"), ok()]);
      cleanups.push(() => server.close());
      const { transport } = transportFor(
        server.url,
        {
          credentials: {
            ...signingWith(async () => ({ ...credentials, accessKeyId: `AKID${++fetches}` })),
            invalidate: () => {
              invalidations += 1;
            },
          },
        },
        3,
      );
      const output = await getSecret(transport);
      assert.equal(invalidations, 1, "the cached credentials were dropped");
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(fetches, 2, "the retry's signature fetched credentials again");
      assert.match(String(server.requests[1]?.headers.authorization), /Credential=AKID2\//);
    });

    test("an expired token with fixed credentials is not retried", async () => {
      const { server, transport } = await setup([error(400, "ExpiredTokenException"), ok()]);
      await assert.rejects(getSecret(transport), { name: "ExpiredTokenException" });
      assert.equal(server.requests.length, 1);
    });

    test("a failed first resolution is not kept: the next call resolves again", async () => {
      const server = await startFaultServer([ok()]);
      cleanups.push(() => server.close());
      let resolutions = 0;
      const transport = new Transport({
        resolveConfig: async () => {
          resolutions += 1;
          return {
            region: "us-east-1",
            endpoint: new URL(`${server.url}/`),
            maxAttempts: 1,
            retryMode: "standard",
          };
        },
        credentials: signingWith(async () => credentials),
        modeledErrors,
        // The first engine cannot be built (a bad proxy setting, say); the second can.
        engine: (origin, options) => {
          if (resolutions === 1) throw new Error("cannot build the engine");
          return engine(origin, options);
        },
      });
      cleanups.unshift(() => transport.close());
      await assert.rejects(getSecret(transport), /cannot build the engine/);
      const output = await getSecret(transport);
      assert.equal(output.$metadata.httpStatusCode, 200);
      assert.equal(resolutions, 2);
    });

    test("the caller's signal also cancels a slow first credentials lookup", async () => {
      const server = await startFaultServer([ok()]);
      cleanups.push(() => server.close());
      const transport = new Transport({
        resolveConfig: () => new Promise(() => {}),
        credentials: signingWith(async () => credentials),
        modeledErrors,
        engine,
      });
      cleanups.unshift(() => transport.close());
      const controller = new AbortController();
      const pending = getSecret(transport, { signal: controller.signal });
      setTimeout(() => controller.abort("bored"), 20);
      const failure = await pending.catch((e: unknown) => e);
      assert.ok(failure instanceof AbortError);
      assert.equal(failure.cause, "bored");
    });

    test("the request timeout also bounds a credentials fetch that hangs", async () => {
      const server = await startFaultServer([ok()]);
      cleanups.push(() => server.close());
      const transport = new Transport({
        resolveConfig: async () => ({
          region: "us-east-1",
          endpoint: new URL(`${server.url}/`),
          maxAttempts: 1,
          retryMode: "standard",
        }),
        credentials: signingWith(() => new Promise(() => {})),
        modeledErrors,
        engine,
        requestTimeout: 80,
      });
      cleanups.unshift(() => transport.close());
      const failure = await getSecret(transport).catch((e: unknown) => e);
      assert.ok(failure instanceof TimeoutError);
      assert.equal(server.requests.length, 0);
    });

    test("close() ends the pool; later calls fail clearly", async () => {
      const { transport } = await setup([ok()]);
      await getSecret(transport);
      await transport.close();
      await assert.rejects(getSecret(transport), (e: unknown) => {
        assert.ok(e instanceof ConfigurationError);
        assert.match(e.message, /closed/);
        return true;
      });
      await transport.close();
    });
  });
}

describe("the request timeout spans the credentials wait and the exchange", () => {
  /** An engine that records the timeout it was given and answers as told. */
  function recordingEngine(answer: (options: SendOptions) => Promise<HttpResponse>) {
    const timeouts: number[] = [];
    const factory: HttpEngineFactory = () => ({
      send: (_request, options) => {
        timeouts.push(options.timeout);
        return answer(options);
      },
      close: async () => {},
    });
    return { factory, timeouts };
  }
  function transportWith(engine: HttpEngineFactory, credentialsDelayMs: number) {
    return new Transport({
      resolveConfig: async () => ({
        region: "us-east-1",
        endpoint: new URL("http://127.0.0.1:9/"),
        maxAttempts: 1,
        retryMode: "standard",
      }),
      credentials: signingWith(
        () => new Promise((resolve) => setTimeout(() => resolve(credentials), credentialsDelayMs)),
      ),
      modeledErrors,
      engine,
      requestTimeout: 1_000,
    });
  }

  test("the exchange gets what the credentials wait left of the attempt's timeout", async () => {
    const { factory, timeouts } = recordingEngine(async () => ({
      status: 200,
      headers: {},
      body: '{"Name":"app/db"}',
    }));
    const transport = transportWith(factory, 200);
    await transport.send(operations.GetSecretValue, { SecretId: "app/db" });
    await transport.close();
    assert.equal(timeouts.length, 1);
    assert.ok((timeouts[0] ?? 0) <= 850 && (timeouts[0] ?? 0) > 0, String(timeouts[0]));
  });

  test("a timeout in the exchange reports the attempt's timeout", async () => {
    const { factory } = recordingEngine(async (options) => {
      throw new TimeoutError("request", options.timeout);
    });
    const transport = transportWith(factory, 200);
    const failure = await transport
      .send(operations.GetSecretValue, { SecretId: "app/db" })
      .catch((e: unknown) => e);
    await transport.close();
    assert.ok(failure instanceof TimeoutError);
    assert.equal(failure.timeout, 1_000);
  });
});
