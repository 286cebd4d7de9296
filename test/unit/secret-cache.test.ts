/**
 * SecretCache's timing rules with an injected clock and a scripted client: nothing here
 * sleeps. The moto suite checks the same cache against a real server.
 */
import assert from "node:assert/strict";
import { describe, type TestContext, test } from "node:test";
import { inspect } from "node:util";
import { z } from "zod";
import type { GetSecretValueRequest } from "../../src/generated/types";
import {
  AbortError,
  SecretCache,
  SecretFormatError,
  SecretsManager,
  TimeoutError,
} from "../../src/index";
import { startFaultServer } from "../helpers/fault-server";

/** A stand-in for the client: counts requests, answers `<id>#<n>`, can fail or hold replies. */
class ScriptedClient {
  calls: GetSecretValueRequest[] = [];
  /** The signal each call was given; this client never looks at it, like a stuck one. */
  signals: (AbortSignal | undefined)[] = [];
  failing = false;
  held: (() => void)[] = [];
  hold = false;
  values = new Map<string, string>();

  async getSecretValue(input: GetSecretValueRequest, options?: { signal?: AbortSignal }) {
    this.calls.push(input);
    this.signals.push(options?.signal);
    const n = this.calls.length;
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failing) throw new Error("service unavailable");
    const SecretString = this.values.get(input.SecretId) ?? `${input.SecretId}#${n}`;
    return { Name: input.SecretId, SecretString, VersionStages: ["AWSCURRENT"], $metadata: {} };
  }

  release() {
    for (const resolve of this.held.splice(0)) resolve();
  }
}

/** Whether `promise` has settled once every pending callback has run. */
async function stateOf(promise: Promise<unknown>): Promise<"pending" | "fulfilled" | "rejected"> {
  let state: "pending" | "fulfilled" | "rejected" = "pending";
  promise.then(
    () => {
      state = "fulfilled";
    },
    () => {
      state = "rejected";
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
}

/** Fake `setTimeout` for this test only (the cache's stale window and fetch deadline). */
function fakeTimers(t: TestContext): { tick(ms: number): void } {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  return { tick: (ms) => t.mock.timers.tick(ms) };
}

function setup(options: Partial<ConstructorParameters<typeof SecretCache>[0]> = {}) {
  const clock = { now: 1_000_000 };
  const client = new ScriptedClient();
  const events: string[] = [];
  const cache = new SecretCache({
    client,
    now: () => clock.now,
    on: {
      hit: (e) => events.push(`hit ${e.secretId}`),
      miss: (e) => events.push(`miss ${e.secretId}`),
      refresh: (e) => events.push(`refresh ${e.secretId}`),
      error: (e) => events.push(`error ${e.secretId}`),
    },
    ...options,
  });
  return { clock, client, events, cache };
}

describe("SecretCache", () => {
  test("serves the cached value until the TTL, then fetches again", async () => {
    const { clock, client, cache, events } = setup({ ttl: 60_000 });
    assert.equal((await cache.get("db")).SecretString, "db#1");
    clock.now += 59_999;
    assert.equal((await cache.get("db")).SecretString, "db#1");
    clock.now += 1;
    assert.equal((await cache.get("db")).SecretString, "db#2");
    assert.equal(client.calls.length, 2);
    assert.deepEqual(events, ["miss db", "hit db", "refresh db"]);
  });

  test("the default TTL is one hour", async () => {
    const { clock, client, cache } = setup();
    await cache.get("db");
    clock.now += 3_599_999;
    await cache.get("db");
    assert.equal(client.calls.length, 1);
    clock.now += 1;
    await cache.get("db");
    assert.equal(client.calls.length, 2);
  });

  test("ttl 0 turns caching off", async () => {
    const { client, cache } = setup({ ttl: 0 });
    await cache.get("db");
    await cache.get("db");
    assert.equal(client.calls.length, 2);
    assert.equal(cache.size, 0);
  });

  test("returns one frozen object shared by every caller", async () => {
    const { cache } = setup();
    const first = await cache.get("db");
    const second = await cache.get("db");
    assert.equal(first, second);
    assert.ok(Object.isFrozen(first));
    assert.ok(Object.isFrozen(first.VersionStages));
    assert.throws(() => {
      (first as { SecretString?: string }).SecretString = "changed";
    }, TypeError);
  });

  test("single-flight: 100 concurrent gets of a cold key make one request", async () => {
    const { client, cache } = setup();
    client.hold = true;
    const gets = Array.from({ length: 100 }, () => cache.get("db"));
    await new Promise((resolve) => setImmediate(resolve));
    client.release();
    const values = await Promise.all(gets);
    assert.equal(client.calls.length, 1);
    assert.ok(values.every((value) => value === values[0]));
  });

  test("refresh-ahead: an access inside the window refreshes in the background", async () => {
    const { clock, client, cache, events } = setup({ ttl: 60_000, refreshAhead: 10_000 });
    await cache.get("db");
    clock.now += 50_000;
    client.hold = true;
    assert.equal((await cache.get("db")).SecretString, "db#1", "served at once, not waiting");
    assert.equal(client.calls.length, 2, "the background refresh started");
    assert.equal((await cache.get("db")).SecretString, "db#1", "one refresh at a time");
    assert.equal(client.calls.length, 2);
    client.release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await cache.get("db")).SecretString, "db#2");
    assert.ok(events.includes("refresh db"));
  });

  test("stale-on-error: the old value is served up to maxStale, with backoff, then the error", async () => {
    const { clock, client, cache, events } = setup({ ttl: 60_000, maxStale: 30_000 });
    await cache.get("db");
    client.failing = true;
    clock.now += 60_000;
    assert.equal((await cache.get("db")).SecretString, "db#1", "stale after a failed refresh");
    assert.equal(client.calls.length, 2);
    assert.ok(events.includes("error db"));
    clock.now += 500;
    await cache.get("db");
    assert.equal(client.calls.length, 2, "within the 1 s backoff: no new request");
    clock.now += 500;
    await cache.get("db");
    assert.equal(client.calls.length, 3, "backoff over: retried");
    clock.now += 1_999;
    await cache.get("db");
    assert.equal(client.calls.length, 3, "the backoff doubled to 2 s");
    clock.now = 1_000_000 + 60_000 + 30_000;
    await assert.rejects(
      cache.get("db"),
      /service unavailable/,
      "past maxStale the error surfaces",
    );
    client.failing = false;
    assert.equal((await cache.get("db")).SecretString?.startsWith("db#"), true);
  });

  test("without maxStale an expired value is never served when the refresh fails", async () => {
    const { clock, client, cache } = setup({ ttl: 1_000 });
    await cache.get("db");
    client.failing = true;
    clock.now += 1_000;
    await assert.rejects(cache.get("db"), /service unavailable/);
  });

  test("a failed first fetch is not cached: the next get tries again", async () => {
    const { client, cache } = setup();
    client.failing = true;
    await assert.rejects(cache.get("db"));
    client.failing = false;
    assert.equal((await cache.get("db")).SecretString, "db#2");
  });

  test("LRU: the least recently used entry goes when maxEntries is passed", async () => {
    const { client, cache } = setup({ maxEntries: 2 });
    await cache.get("a");
    await cache.get("b");
    await cache.get("a"); // a is now the most recent
    await cache.get("c"); // evicts b
    assert.equal(cache.size, 2);
    const before = client.calls.length;
    await cache.get("a");
    assert.equal(client.calls.length, before, "a stayed");
    await cache.get("b");
    assert.equal(client.calls.length, before + 1, "b was evicted");
  });

  test("versions are cached apart; a pinned versionId is never refetched", async () => {
    const { clock, client, cache } = setup({ ttl: 1_000 });
    await cache.get("db", { versionId: "v1" });
    await cache.get("db", { versionStage: "AWSPREVIOUS" });
    await cache.get("db");
    assert.equal(client.calls.length, 3);
    assert.deepEqual(client.calls[0], { SecretId: "db", VersionId: "v1" });
    assert.deepEqual(client.calls[1], { SecretId: "db", VersionStage: "AWSPREVIOUS" });
    clock.now += 10_000_000;
    await cache.get("db", { versionId: "v1" });
    assert.equal(client.calls.length, 3);
  });

  test("invalidate drops every version of one secret; clear drops all", async () => {
    const { client, cache } = setup();
    await cache.get("db");
    await cache.get("db", { versionStage: "AWSPREVIOUS" });
    await cache.get("other");
    cache.invalidate("db");
    assert.equal(cache.size, 1);
    await cache.get("db");
    assert.equal(client.calls.length, 4);
    cache.clear();
    assert.equal(cache.size, 0);
  });

  test("bad options are refused", () => {
    const client = new ScriptedClient();
    assert.throws(() => new SecretCache({ client, ttl: -1 }), /ttl/);
    assert.throws(() => new SecretCache({ client, maxStale: Number.NaN }), /maxStale/);
    assert.throws(
      () => new SecretCache({ client, maxEntries: 0 }),
      /maxEntries must be a whole number/,
    );
    assert.throws(() => new SecretCache({ client, maxEntries: 1.5 }), /maxEntries/);
  });
});

describe("SecretCache with a hanging or failing service (issue 14)", () => {
  /** A cache with `maxStale` whose "db" was read once and has just expired (ttl 60 s). */
  async function expired(options: Parameters<typeof setup>[0] = {}) {
    const cached = setup({ ttl: 60_000, maxStale: 600_000, ...options });
    await cached.cache.get("db");
    cached.clock.now += 60_000;
    return cached;
  }

  test("a hanging refresh: the old value after staleWait (1 s by default) while the refresh goes on", async (t) => {
    const timers = fakeTimers(t);
    const { client, cache, events } = await expired();
    client.hold = true;
    const first = cache.get("db");
    timers.tick(999);
    assert.equal(await stateOf(first), "pending", "waits for the refresh within staleWait");
    const second = cache.get("db");
    timers.tick(1);
    assert.equal((await first).SecretString, "db#1");
    assert.equal((await second).SecretString, "db#1", "a caller in the window shares its end");
    assert.equal((await cache.get("db")).SecretString, "db#1", "after the window: at once");
    assert.equal(client.calls.length, 2, "one refresh, still running");
    assert.deepEqual(events, ["miss db", "refresh db", "hit db", "hit db", "hit db"]);
    client.release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await cache.get("db")).SecretString, "db#2");
  });

  test("a refresh that answers within staleWait gives every waiting caller the new value", async (t) => {
    const timers = fakeTimers(t);
    const { client, cache, events } = await expired({ staleWait: 2_000 });
    client.hold = true;
    const waiting = [cache.get("db"), cache.get("db")];
    timers.tick(1_999);
    client.release();
    const values = await Promise.all(waiting);
    assert.deepEqual(
      values.map((value) => value.SecretString),
      ["db#2", "db#2"],
    );
    assert.deepEqual(events, ["miss db", "refresh db"], "no stale hit");
  });

  test("a refresh that fails within staleWait serves the old value at once", async (t) => {
    fakeTimers(t); // no tick: nothing may wait on a timer
    const { client, cache } = await expired();
    client.failing = true;
    assert.equal((await cache.get("db")).SecretString, "db#1");
  });

  test("staleWait counts from the refresh's start: one started ahead of expiry serves stale at once", async (t) => {
    fakeTimers(t);
    const { clock, client, cache } = setup({
      ttl: 60_000,
      refreshAhead: 10_000,
      maxStale: 600_000,
    });
    await cache.get("db");
    clock.now += 55_000;
    client.hold = true;
    await cache.get("db"); // starts the background refresh, which hangs
    clock.now += 5_000; // expired, 5 s into the refresh
    assert.equal(await stateOf(cache.get("db")), "fulfilled");
    assert.equal(client.calls.length, 2);
  });

  test("staleWait 0: the old value at once", async (t) => {
    fakeTimers(t);
    const { client, cache } = await expired({ staleWait: 0 });
    client.hold = true;
    const served = cache.get("db");
    assert.equal(await stateOf(served), "fulfilled");
    assert.equal((await served).SecretString, "db#1");
  });

  test("refreshTimeout (30 s by default): the call is aborted, and a new refresh may start after the backoff", async (t) => {
    const timers = fakeTimers(t);
    const errors: unknown[] = [];
    const clock = { now: 0 };
    const client = new ScriptedClient();
    const cache = new SecretCache({
      client,
      ttl: 60_000,
      maxStale: 600_000,
      now: () => clock.now,
      on: { error: (event) => errors.push(event.error) },
    });
    await cache.get("db");
    clock.now += 60_000;
    client.hold = true; // this client never settles and ignores its signal
    const stale = cache.get("db");
    timers.tick(1_000);
    await stale;
    clock.now += 29_000;
    await cache.get("db");
    assert.equal(client.calls.length, 2, "no second refresh before the deadline");
    const signal = client.signals[1];
    assert.equal(signal?.aborted, false);
    timers.tick(28_999);
    assert.equal(signal?.aborted, false);
    timers.tick(1);
    assert.equal(signal?.aborted, true, "the client call is told to stop");
    assert.ok(signal?.reason instanceof TimeoutError);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof TimeoutError);
    assert.equal(errors[0].timeout, 30_000);
    clock.now += 999;
    await cache.get("db");
    assert.equal(client.calls.length, 2, "within the 1 s failure backoff");
    clock.now += 1;
    client.hold = false;
    const next = cache.get("db");
    assert.equal(client.calls.length, 3, "the next refresh started");
    assert.equal((await next).SecretString, "db#3");
  });

  test("a first fetch that hangs rejects with TimeoutError at refreshTimeout; the next get tries again", async (t) => {
    const timers = fakeTimers(t);
    const { client, cache } = setup({ refreshTimeout: 5_000 });
    client.hold = true;
    const waiting = [cache.get("db"), cache.get("db")];
    timers.tick(5_000);
    for (const caller of waiting) {
      const failure = await caller.catch((e: unknown) => e);
      assert.ok(failure instanceof TimeoutError, String(failure));
      assert.equal(failure.timeout, 5_000);
    }
    assert.equal(client.signals[0]?.aborted, true);
    client.hold = false;
    assert.equal((await cache.get("db")).SecretString, "db#2");
  });

  test("without maxStale an expired value waits for the refresh, up to refreshTimeout", async (t) => {
    const timers = fakeTimers(t);
    const { clock, client, cache } = setup({ ttl: 60_000, refreshTimeout: 5_000 });
    await cache.get("db");
    clock.now += 60_000;
    client.hold = true;
    const waiting = cache.get("db");
    timers.tick(4_999);
    assert.equal(await stateOf(waiting), "pending");
    timers.tick(1);
    await assert.rejects(waiting, TimeoutError);
  });

  test("ttl 0: each fetch has the deadline too", async (t) => {
    const timers = fakeTimers(t);
    const { client, cache } = setup({ ttl: 0, refreshTimeout: 5_000 });
    client.hold = true;
    const waiting = cache.get("db");
    timers.tick(5_000);
    await assert.rejects(waiting, TimeoutError);
  });

  test("bad staleWait and refreshTimeout are refused, naming the option and the rule", () => {
    const client = new ScriptedClient();
    const staleRule = /SecretCache: staleWait must be a number of milliseconds, 0 or more/;
    for (const staleWait of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      assert.throws(() => new SecretCache({ client, staleWait }), staleRule);
    }
    const timeoutRule = /SecretCache: refreshTimeout must be a number of milliseconds, more than 0/;
    for (const refreshTimeout of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      assert.throws(() => new SecretCache({ client, refreshTimeout }), timeoutRule);
    }
    assert.doesNotThrow(
      () => new SecretCache({ client, staleWait: 0, refreshTimeout: 2 ** 31 - 1 }),
    );
  });

  test("against a server that never answers (both engines): stale served, the request aborted at the deadline", async () => {
    for (const http of ["undici", "node"] as const) {
      const server = await startFaultServer((_request, index) =>
        index === 1
          ? { hang: true }
          : {
              status: 200,
              body: { Name: "db", SecretString: `db v${index}`, VersionStages: ["AWSCURRENT"] },
            },
      );
      const client = new SecretsManager({
        endpoint: server.url,
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "example-secret-key" },
        http,
        maxAttempts: 1,
      });
      const calls: Promise<unknown>[] = [];
      const watched = {
        getSecretValue: (...args: Parameters<SecretsManager["getSecretValue"]>) => {
          const call = client.getSecretValue(...args);
          calls.push(call.catch((error: unknown) => error));
          return call;
        },
      };
      const clock = { now: 0 };
      const cache = new SecretCache({
        client: watched,
        ttl: 60_000,
        maxStale: 600_000,
        staleWait: 50,
        refreshTimeout: 300,
        now: () => clock.now,
      });
      try {
        assert.equal(await cache.getString("db"), "db v0");
        clock.now += 60_000;
        assert.equal(await cache.getString("db"), "db v0", `${http}: stale while the server hangs`);
        assert.equal(server.requests.length, 2);
        const aborted = await calls[1];
        assert.ok(aborted instanceof AbortError, `${http}: ${String(aborted)}`);
        assert.ok(aborted.cause instanceof TimeoutError);
        clock.now += 1_000; // past the failure backoff
        await cache.getString("db"); // starts the next refresh
        await calls[2];
        assert.equal(await cache.getString("db"), "db v2", `${http}: refreshed after the deadline`);
        assert.equal(server.requests.length, 3);
      } finally {
        await client.close();
        await server.close();
      }
    }
  });
});

describe("typed JSON", () => {
  const schema = {
    parse(value: unknown) {
      const record = value as { user?: unknown; port?: unknown };
      if (typeof record.user !== "string" || typeof record.port !== "number") {
        const error = new Error(`bad secret ${JSON.stringify(value)}`);
        Object.assign(error, {
          issues: [
            {
              code: "invalid_type",
              expected: "number",
              path: ["port"],
              message: `got ${JSON.stringify(record.port)}`,
            },
          ],
        });
        throw error;
      }
      return { user: record.user, port: record.port };
    },
  };

  test("getJson parses and checks, once per fetched value and schema", async () => {
    const { client, cache } = setup();
    client.values.set("db", '{"user":"app","port":5432}');
    let parses = 0;
    const counting = {
      parse: (value: unknown) => {
        parses++;
        return schema.parse(value);
      },
    };
    const first = await cache.getJson("db", counting);
    const second = await cache.getJson("db", counting);
    assert.deepEqual(first, { user: "app", port: 5432 });
    assert.equal(first, second);
    assert.equal(parses, 1);
    assert.ok(Object.isFrozen(first));
  });

  test("a value that does not match: issues name the path and rule, never the value", async () => {
    const { client, cache } = setup();
    client.values.set("db", '{"user":"app","port":"hunter2-SECRET"}');
    const failure = await cache.getJson("db", schema).catch((e: unknown) => e);
    assert.ok(failure instanceof SecretFormatError);
    assert.deepEqual(failure.issues, [
      { path: ["port"], code: "invalid_type", message: "expected number" },
    ]);
    assert.match(failure.message, /port: expected number/);
    const shown = `${failure.message}\n${inspect(failure, { depth: 10, showHidden: true })}\n${JSON.stringify(failure)}`;
    assert.ok(!shown.includes("hunter2"), shown);
    assert.equal(failure.cause, undefined);
  });

  test("a value that is not JSON: SecretFormatError without the text", async () => {
    const { client, cache } = setup();
    client.values.set("db", "hunter2-SECRET not json");
    const failure = await cache.getJson("db", schema).catch((e: unknown) => e);
    assert.ok(failure instanceof SecretFormatError);
    assert.match(failure.message, /is not valid JSON/);
    assert.ok(!inspect(failure, { showHidden: true }).includes("hunter2"));
  });

  test("a schema that throws something other than an error is still a SecretFormatError", async () => {
    const { client, cache } = setup();
    client.values.set("db", '{"user":"hunter2-SECRET"}');
    for (const thrown of [undefined, null, "hunter2-SECRET"]) {
      const odd = {
        parse(): never {
          throw thrown;
        },
      };
      const failure = await cache.getJson("db", odd).catch((e: unknown) => e);
      assert.ok(failure instanceof SecretFormatError, String(failure));
      assert.deepEqual(failure.issues, [
        { path: [], code: "schema", message: "rejected by the schema" },
      ]);
      assert.ok(!inspect(failure, { depth: 10, showHidden: true }).includes("hunter2"));
    }
  });

  test("a real zod schema: typed result; a custom message quoting the value does not leak", async () => {
    const { client, cache } = setup();
    const credentials = z.object({
      user: z.string().superRefine((value, context) => {
        if (!value.startsWith("app"))
          context.addIssue({ code: "custom", message: `bad user ${value}` });
      }),
      port: z.number().int().min(1),
    });
    client.values.set("good", '{"user":"app","port":5432}');
    const good: { user: string; port: number } = await cache.getJson("good", credentials);
    assert.deepEqual(good, { user: "app", port: 5432 });
    client.values.set("bad", '{"user":"hunter2-SECRET","port":0}');
    const failure = await cache.getJson("bad", credentials).catch((e: unknown) => e);
    assert.ok(failure instanceof SecretFormatError);
    assert.deepEqual(
      failure.issues.map((issue) => [issue.path.join("."), issue.code]),
      [
        ["user", "custom"],
        ["port", "too_small"],
      ],
    );
    const shown = `${failure.message}\n${inspect(failure, { depth: 10, showHidden: true })}`;
    assert.ok(!shown.includes("hunter2"), shown);
  });

  test("getString and getBinary say which kind the secret holds", async () => {
    const { cache } = setup();
    assert.equal(await cache.getString("db"), "db#1");
    await assert.rejects(cache.getBinary("db"), /has no SecretBinary/);
  });
});
