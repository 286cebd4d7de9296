/**
 * SecretCache's timing rules with an injected clock and a scripted client: nothing here
 * sleeps. The moto suite checks the same cache against a real server.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inspect } from "node:util";
import { z } from "zod";
import type { GetSecretValueRequest } from "../../src/generated/types";
import { SecretCache, SecretFormatError } from "../../src/index";

/** A stand-in for the client: counts requests, answers `<id>#<n>`, can fail or hold replies. */
class ScriptedClient {
  calls: GetSecretValueRequest[] = [];
  failing = false;
  held: (() => void)[] = [];
  hold = false;
  values = new Map<string, string>();

  async getSecretValue(input: GetSecretValueRequest) {
    this.calls.push(input);
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
