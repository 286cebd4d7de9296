// The programs under examples/ run against the embedded emulator, so that they keep working.
//
// The examples import "secretsmanager-ts" as users do. Under the test runner, tsx reads the root
// tsconfig.json, which maps nothing, so that name would resolve through the package's own
// "exports" to dist/: missing on a fresh clone, stale after an edit, and rebuilt in place by the
// package tests while these run. The examples are therefore loaded through a tsx namespace
// that reads test/tsconfig.json, whose `paths` map the package names to src/ (checked at the end).
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";
import type { Connect, Database, DatabaseCredentials } from "../../examples/http-service";
import { SecretFormatError, SecretsManager } from "../../src/index";
import { type LocalSecretsManager, startLocalSecretsManager } from "../../src/local/index";
import { createRotationHandler, singleUser } from "../../src/rotation/index";
import { describeWithPostgres } from "../helpers/postgres";
import { assertAccepted, assertRefused, createUser, databaseSecret } from "../rotation/setup";

type LambdaModule = typeof import("../../examples/lambda-handler");
type HttpServiceModule = typeof import("../../examples/http-service");
type RotationModule = typeof import("../../examples/rotation-handler");

const loaded: string[] = [];
const examples = register({
  namespace: "examples",
  tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
  onImport: (url) => loaded.push(url),
});

function importExample<T>(file: string): Promise<T> {
  return examples.import(`../../examples/${file}`, import.meta.url) as Promise<T>;
}

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLES", secretAccessKey: "examples-secret-key" };
const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate-orders-db";
const TIMEOUT = { timeout: 30_000 };

const initialCredentials: DatabaseCredentials = {
  host: "db.internal",
  port: 5432,
  username: "orders",
  password: "initial-password",
};

/**
 * A database that knows one user's password. `login` and every query check it, as a pool opening
 * connections does; a wrong one is refused with Postgres's SQLSTATE 28P01. It is also the
 * rotation toolkit's single-user adapter (`login`, `setPassword`).
 */
class FakeDatabase {
  password: string;
  /** The credentials of each pool opened, and of each query accepted, in order. */
  readonly pools: DatabaseCredentials[] = [];
  readonly accepted: DatabaseCredentials[] = [];
  closedPools = 0;

  constructor(password: string) {
    this.password = password;
  }

  async login(credentials: DatabaseCredentials): Promise<void> {
    if (credentials.password !== this.password) {
      const error = new Error(`password authentication failed for user "${credentials.username}"`);
      throw Object.assign(error, { code: "28P01" });
    }
  }

  async setPassword(as: DatabaseCredentials, _user: string, password: string): Promise<void> {
    await this.login(as);
    this.password = password;
  }

  connect: Connect = async (credentials): Promise<Database> => {
    this.pools.push(credentials);
    return {
      query: async () => {
        await this.login(credentials);
        this.accepted.push(credentials);
        return [{ id: 2, status: "shipped" }];
      },
      close: async () => {
        this.closedPools += 1;
      },
    };
  };
}

/** Runs `work` with these environment variables set, then puts the old values back. */
async function withEnvironment(
  variables: Record<string, string>,
  work: () => Promise<void>,
): Promise<void> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    await work();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe("examples against the emulator", TIMEOUT, () => {
  let local: LocalSecretsManager;
  let client: SecretsManager;

  before(async () => {
    // Signatures are checked: an example whose client signs wrongly, or with other
    // credentials than the environment's, is refused.
    local = await startLocalSecretsManager({ credentials: CREDENTIALS });
    client = new SecretsManager({
      endpoint: local.endpoint,
      region: local.region,
      credentials: CREDENTIALS,
    });
  });
  afterEach(() => {
    local.setRotationHandler(LAMBDA, undefined);
    local.reset();
  });
  after(async () => {
    await client.close();
    await local.close();
    await examples.unregister();
  });

  /** What Lambda (or a test harness) sets; the examples' `new SecretsManager()` takes no option. */
  const lambdaEnvironment = () => ({
    AWS_ENDPOINT_URL_SECRETS_MANAGER: local.endpoint,
    AWS_REGION: local.region,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  });

  async function createDatabaseSecret(name: string, value: unknown = initialCredentials) {
    return client.createSecret({ Name: name, SecretString: JSON.stringify(value) });
  }

  const currentCredentials = (secretId: string) =>
    client.getJson(secretId, {
      parse: (value) => value as DatabaseCredentials,
    });

  async function stagesOf(secretId: string): Promise<Record<string, string[]>> {
    const { VersionIdsToStages = {} } = await client.describeSecret({ SecretId: secretId });
    return Object.fromEntries(
      Object.entries(VersionIdsToStages).map(([id, stages]) => [id, [...stages].sort()]),
    );
  }

  test("lambda-handler: the client configured from the environment reads through the cache", async () => {
    await createDatabaseSecret("orders/db");
    await withEnvironment({ ...lambdaEnvironment(), DB_SECRET_ID: "orders/db" }, async () => {
      const { handler } = await importExample<LambdaModule>("lambda-handler.ts");
      assert.deepEqual(await handler({ orderId: "o-1" }), {
        orderId: "o-1",
        database: "db.internal:5432",
      });
      // A warm invocation is served from the cache: it no longer needs the secret at all.
      await client.deleteSecret({ SecretId: "orders/db", ForceDeleteWithoutRecovery: true });
      assert.deepEqual(await handler({ orderId: "o-2" }), {
        orderId: "o-2",
        database: "db.internal:5432",
      });
    });
  });

  describeWithPostgres("rotation-handler", (postgres) => {
    test("rotation-handler: each rotation gives the PostgreSQL user a new password; AWSPREVIOUS keeps the old", async () => {
      await createUser(postgres(), "orders", "initial-password");
      const created = await client.createSecret({
        Name: "orders/db",
        SecretString: databaseSecret(postgres(), "orders", "initial-password"),
      });
      // The local server has no TLS: the example reads PGSSLMODE as libpq does.
      await withEnvironment({ ...lambdaEnvironment(), PGSSLMODE: "disable" }, async () => {
        const { handler } = await importExample<RotationModule>("rotation-handler.ts");
        local.setRotationHandler(LAMBDA, handler);

        const rotated = await client.rotateSecret({
          SecretId: "orders/db",
          RotationLambdaARN: LAMBDA,
          RotationRules: { AutomaticallyAfterDays: 30 },
        });
        const current = await currentCredentials("orders/db");
        assert.equal(current.username, "orders");
        assert.equal(current.password.length, 32);
        await assertAccepted(postgres(), "orders", current.password);
        await assertRefused(postgres(), "orders", "initial-password");
        assert.deepEqual(await stagesOf("orders/db"), {
          [created.VersionId as string]: ["AWSPREVIOUS"],
          [rotated.VersionId as string]: ["AWSCURRENT", "AWSPENDING"],
        });

        await client.rotateSecret({ SecretId: "orders/db" });
        const next = await currentCredentials("orders/db");
        await assertAccepted(postgres(), "orders", next.password);
        await assertRefused(postgres(), "orders", current.password);
      });
    });
  });

  test("http-service: credentials read at start-up; after a rotation, an auth failure loads the new ones", async () => {
    const { startService } = await importExample<HttpServiceModule>("http-service.ts");
    const database = new FakeDatabase(initialCredentials.password);
    local.setRotationHandler(LAMBDA, createRotationHandler(singleUser(database), { client }));
    await createDatabaseSecret("orders/db");

    const service = await startService({
      client,
      secretId: "orders/db",
      port: 0,
      connect: database.connect,
    });
    try {
      assert.deepEqual(database.pools, [initialCredentials], "one pool, opened at start-up");
      assert.deepEqual(await getJson(`${service.url}/health`), {
        status: 200,
        body: { status: "ok" },
      });
      assert.deepEqual(await getJson(`${service.url}/orders`), {
        status: 200,
        body: { orders: [{ id: 2, status: "shipped" }] },
      });

      await client.rotateSecret({ SecretId: "orders/db", RotationLambdaARN: LAMBDA });
      const rotated = await currentCredentials("orders/db");
      assert.notEqual(rotated.password, initialCredentials.password);

      // The cache still holds the old password (its TTL is minutes): the query is refused, the
      // service reads AWSCURRENT again, opens a pool with it and retries.
      assert.equal((await getJson(`${service.url}/orders`)).status, 200);
      assert.deepEqual(database.pools, [initialCredentials, rotated]);
      assert.deepEqual(database.accepted.at(-1), rotated);
      assert.equal(database.closedPools, 1, "the old pool is closed");
      assert.equal((await getJson(`${service.url}/orders`)).status, 200);
      assert.equal(database.pools.length, 2, "no further pool once switched");
    } finally {
      await service.close();
    }
  });

  test("http-service: after the TTL, changed credentials open a new pool before any query fails", async () => {
    const { startService } = await importExample<HttpServiceModule>("http-service.ts");
    const database = new FakeDatabase(initialCredentials.password);
    await createDatabaseSecret("orders/db");
    let now = Date.now();

    const service = await startService({
      client,
      secretId: "orders/db",
      port: 0,
      connect: database.connect,
      cache: { ttl: 60_000, refreshAhead: 10_000, now: () => now },
    });
    try {
      // The database moves to another host; the password stays valid, so nothing fails.
      const moved = { ...initialCredentials, host: "db-replica.internal" };
      await client.putSecretValue({ SecretId: "orders/db", SecretString: JSON.stringify(moved) });
      now += 30_000;
      assert.equal((await getJson(`${service.url}/orders`)).status, 200);
      assert.deepEqual(database.pools, [initialCredentials], "within the TTL: the cached value");

      now += 31_000;
      assert.equal((await getJson(`${service.url}/orders`)).status, 200);
      assert.deepEqual(database.pools, [initialCredentials, moved]);
      assert.deepEqual(database.accepted.at(-1), moved);
    } finally {
      await service.close();
    }
  });

  test("http-service: a secret that does not match the schema stops it at start-up", async () => {
    const { startService } = await importExample<HttpServiceModule>("http-service.ts");
    await createDatabaseSecret("orders/db", { host: "db.internal", password: "not-shown" });
    const error = await startService({ client, secretId: "orders/db", port: 0 }).then(
      () => assert.fail("the service started"),
      (failure: unknown) => failure,
    );
    assert.ok(error instanceof SecretFormatError, String(error));
    assert.match(error.message, /port/);
    assert.doesNotMatch(error.message, /not-shown/);
  });

  test("the examples' `secretsmanager-ts` imports resolved to src/, not dist/", () => {
    const files = loaded.map((url) => fileURLToPath(url.split("?")[0] as string));
    assert.ok(
      files.some((file) => file.endsWith("/src/index.ts")),
      files.join("\n"),
    );
    assert.ok(!files.some((file) => file.includes("/dist/")), files.join("\n"));
  });
});
