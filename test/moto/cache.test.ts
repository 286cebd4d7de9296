/** SecretCache and the typed-JSON helpers against moto, with signature checking on. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { z } from "zod";
import {
  SecretCache,
  SecretFormatError,
  SecretsManager,
  SecretsManagerServiceException,
} from "../../src/index";
import { describeWithMoto, type MotoServer } from "../helpers/moto";

const TIMEOUT = { timeout: 20_000 };

describeWithMoto("SecretCache and typed JSON against moto", (getMoto) => {
  let moto: MotoServer;
  let client: SecretsManager;
  before(() => {
    moto = getMoto();
    client = new SecretsManager({
      endpoint: moto.endpoint,
      region: moto.region,
      credentials: moto.credentials,
    });
  });
  after(() => client.close());

  test(
    "after PutSecretValue the cache serves the old value until the TTL, then the new one",
    TIMEOUT,
    async () => {
      const clock = { now: 0 };
      const cache = new SecretCache({ client, ttl: 60_000, now: () => clock.now });
      await client.createSecret({ Name: "cache/ttl", SecretString: "first" });
      assert.equal(await cache.getString("cache/ttl"), "first");
      await client.putSecretValue({ SecretId: "cache/ttl", SecretString: "second" });
      clock.now += 59_000;
      assert.equal(await cache.getString("cache/ttl"), "first");
      clock.now += 1_000;
      assert.equal(await cache.getString("cache/ttl"), "second");
    },
  );

  test("a rotated AWSCURRENT is picked up once the entry expires", TIMEOUT, async () => {
    const clock = { now: 0 };
    const cache = new SecretCache({ client, ttl: 1_000, now: () => clock.now });
    await client.createSecret({ Name: "cache/rotated", SecretString: "old" });
    // The rotation steps by hand: a pending version, then AWSCURRENT moved onto it.
    const pending = await client.putSecretValue({
      SecretId: "cache/rotated",
      SecretString: "new",
      VersionStages: ["AWSPENDING"],
    });
    // moto 5.2.1 keeps answering the old version to a GetSecretValue without VersionStage after
    // AWSCURRENT moves (the service does not), so this reads the label explicitly.
    const selector = { versionStage: "AWSCURRENT" };
    assert.equal(await cache.getString("cache/rotated", selector), "old");
    const current = await client.describeSecret({ SecretId: "cache/rotated" });
    const oldVersion = Object.entries(current.VersionIdsToStages ?? {}).find(([, stages]) =>
      stages.includes("AWSCURRENT"),
    )?.[0];
    await client.updateSecretVersionStage({
      SecretId: "cache/rotated",
      VersionStage: "AWSCURRENT",
      MoveToVersionId: String(pending.VersionId),
      RemoveFromVersionId: String(oldVersion),
    });
    assert.equal(await cache.getString("cache/rotated", selector), "old", "still cached");
    clock.now += 1_000;
    assert.equal(await cache.getString("cache/rotated", selector), "new");
  });

  test(
    "with maxStale, an expired value refreshed within staleWait is the new one",
    TIMEOUT,
    async () => {
      const clock = { now: 0 };
      const cache = new SecretCache({
        client,
        ttl: 60_000,
        maxStale: 600_000,
        // Generous: moto may be slow on a busy machine, and this test is about the new value.
        staleWait: 10_000,
        now: () => clock.now,
      });
      await client.createSecret({ Name: "cache/stale-fresh", SecretString: "first" });
      assert.equal(await cache.getString("cache/stale-fresh"), "first");
      await client.putSecretValue({ SecretId: "cache/stale-fresh", SecretString: "second" });
      clock.now += 60_000;
      assert.equal(await cache.getString("cache/stale-fresh"), "second");
    },
  );

  test(
    "with maxStale, a refresh the service refuses serves the old value, then the error past maxStale",
    TIMEOUT,
    async () => {
      const refused = new SecretsManager({
        endpoint: moto.endpoint,
        region: moto.region,
        credentials: { accessKeyId: moto.credentials.accessKeyId, secretAccessKey: "wrong-key" },
        maxAttempts: 1,
      });
      let current = client;
      const errors: unknown[] = [];
      const clock = { now: 0 };
      const cache = new SecretCache({
        client: { getSecretValue: (input, options) => current.getSecretValue(input, options) },
        ttl: 60_000,
        maxStale: 600_000,
        now: () => clock.now,
        on: { error: ({ error }) => errors.push(error) },
      });
      try {
        await client.createSecret({ Name: "cache/stale-refused", SecretString: "first" });
        assert.equal(await cache.getString("cache/stale-refused"), "first");
        current = refused;
        clock.now += 60_000;
        assert.equal(await cache.getString("cache/stale-refused"), "first");
        assert.equal(errors.length, 1);
        assert.ok(errors[0] instanceof SecretsManagerServiceException, String(errors[0]));
        clock.now += 600_000;
        await assert.rejects(
          cache.getString("cache/stale-refused"),
          SecretsManagerServiceException,
        );
      } finally {
        await refused.close();
      }
    },
  );

  test(
    "getJson through the client and the cache; a mismatch names the path only",
    TIMEOUT,
    async () => {
      const database = z.object({ host: z.string(), port: z.number(), password: z.string() });
      await client.createSecret({
        Name: "cache/json",
        SecretString: JSON.stringify({ host: "db.local", port: 5432, password: "hunter2-SECRET" }),
      });
      const direct = await client.getJson("cache/json", database);
      assert.equal(direct.port, 5432);
      const cache = new SecretCache({ client });
      assert.deepEqual(await cache.getJson("cache/json", database), direct);

      const wrong = z.object({ host: z.string(), port: z.string() });
      const failure = await client.getJson("cache/json", wrong).catch((e: unknown) => e);
      assert.ok(failure instanceof SecretFormatError);
      assert.deepEqual(failure.issues[0]?.path, ["port"]);
      assert.ok(!failure.message.includes("hunter2"));
    },
  );

  test(
    "getBinary returns the bytes; getString on a binary secret is a SecretFormatError",
    TIMEOUT,
    async () => {
      await client.createSecret({
        Name: "cache/binary",
        SecretBinary: new Uint8Array([0, 1, 254, 255]),
      });
      assert.deepEqual(await client.getBinary("cache/binary"), new Uint8Array([0, 1, 254, 255]));
      await assert.rejects(client.getString("cache/binary"), SecretFormatError);
    },
  );
});
