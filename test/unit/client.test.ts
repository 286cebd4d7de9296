import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { inspect } from "node:util";
import { operations } from "../../src/generated/operations";
import {
  AbortError,
  ConfigurationError,
  EndpointError,
  type HttpEngineFactory,
  SecretsManager,
  TimeoutError,
  ValidationError,
} from "../../src/index";
import { type FaultScript, startFaultServer } from "../helpers/fault-server";

const credentials = { accessKeyId: "AKIDCLIENT", secretAccessKey: "SECRET-client-key" };
const ok = { status: 200, body: { Name: "n", SecretString: "value" } };

describe("SecretsManager", { timeout: 30_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  const savedEnv = { ...process.env };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    for (const name of Object.keys(process.env)) {
      if (!(name in savedEnv)) delete process.env[name];
    }
    Object.assign(process.env, savedEnv);
  });

  async function setup(script: FaultScript, options = {}) {
    const server = await startFaultServer(script);
    const client = new SecretsManager({
      endpoint: server.url,
      region: "us-east-1",
      credentials,
      ...options,
    });
    cleanups.push(async () => {
      await client.close();
      await server.close();
    });
    return { server, client };
  }

  test("has one camelCase method per operation", () => {
    const client = new SecretsManager({ region: "us-east-1", credentials });
    const names = Object.keys(operations);
    assert.equal(names.length, 23);
    for (const name of names) {
      const method = name.charAt(0).toLowerCase() + name.slice(1);
      assert.equal(
        typeof (client as unknown as Record<string, unknown>)[method],
        "function",
        method,
      );
    }
  });

  test("invalid input is refused before anything is sent", async () => {
    const { server, client } = await setup([ok]);
    const failure = await client.getSecretValue({ SecretId: "" } as never).catch((e: unknown) => e);
    assert.ok(failure instanceof ValidationError);
    assert.deepEqual(failure.issues[0]?.path, ["SecretId"]);
    assert.match(failure.message, /SecretId: /);
    assert.equal(server.requests.length, 0);
  });

  test("an aborted signal rejects with AbortError and sends nothing", async () => {
    const { server, client } = await setup([ok]);
    const failure = await client
      .getSecretValue({ SecretId: "n" }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    assert.ok(failure instanceof AbortError);
    assert.equal(server.requests.length, 0);
  });

  test("a per-call requestTimeout bounds each attempt", async () => {
    const { client } = await setup([{ hang: true }, { hang: true }, { hang: true }], {
      maxAttempts: 1,
    });
    const failure = await client
      .getSecretValue({ SecretId: "n" }, { requestTimeout: 100 })
      .catch((e: unknown) => e);
    assert.ok(failure instanceof TimeoutError);
    assert.equal(failure.timeout, 100);
  });

  test("bad timeouts are refused, naming the option", () => {
    assert.throws(
      () => new SecretsManager({ requestTimeout: -1 }),
      /requestTimeout must be a positive/,
    );
    assert.throws(() => new SecretsManager({ connectionTimeout: Number.NaN }), /connectionTimeout/);
  });

  test("no region: constructing works, the first call fails with ConfigurationError", async () => {
    const client = new SecretsManager({ credentials });
    cleanups.push(() => client.close());
    const failure = await client.getSecretValue({ SecretId: "n" }).catch((e: unknown) => e);
    assert.ok(failure instanceof ConfigurationError);
    assert.match(failure.message, /No region configured/);
  });

  test("a FIPS pseudo-region: the real region's FIPS endpoint, signed for the real region", async () => {
    const seen: { origin: string; authorization: string | undefined }[] = [];
    const http: HttpEngineFactory = (origin) => ({
      send: async (request) => {
        seen.push({ origin: origin.href, authorization: request.headers["authorization"] });
        return { status: 200, headers: {}, body: '{"Name":"n"}' };
      },
      close: async () => {},
    });
    for (const region of ["fips-us-east-1", "us-east-1-fips"]) {
      const client = new SecretsManager({ region, credentials, http });
      cleanups.push(() => client.close());
      await client.getSecretValue({ SecretId: "n" });
    }
    assert.equal(seen.length, 2);
    for (const { origin, authorization } of seen) {
      assert.equal(origin, "https://secretsmanager-fips.us-east-1.amazonaws.com/");
      assert.match(
        String(authorization),
        /Credential=AKIDCLIENT\/\d{8}\/us-east-1\/secretsmanager\//,
      );
    }
  });

  test("a malformed region or endpoint is a ConfigurationError; what the endpoint rules refuse, an EndpointError", async () => {
    const failure = (options: object) =>
      new SecretsManager({ credentials, ...options })
        .getSecretValue({ SecretId: "n" })
        .catch((error: unknown) => error);
    for (const options of [
      { region: "x.evil.com" },
      { region: "fips--fips" },
      { region: "us-east-1", endpoint: "localhost:4566" },
    ]) {
      assert.ok((await failure(options)) instanceof ConfigurationError, JSON.stringify(options));
    }
    const refused = await failure({
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      useFipsEndpoint: true,
    });
    assert.ok(refused instanceof EndpointError, String(refused));
  });

  test("environment settings the AWS SDKs read are honoured", async () => {
    const server = await startFaultServer([
      { status: 500, body: { __type: "InternalServiceError" } },
      { status: 500, body: { __type: "InternalServiceError" } },
    ]);
    process.env.AWS_REGION = "eu-west-1";
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = server.url;
    process.env.AWS_MAX_ATTEMPTS = "1";
    process.env.AWS_ACCESS_KEY_ID = "AKIDFROMENV";
    process.env.AWS_SECRET_ACCESS_KEY = "SECRET-from-env";
    const client = new SecretsManager();
    cleanups.push(async () => {
      await client.close();
      await server.close();
    });
    await assert.rejects(client.getSecretValue({ SecretId: "n" }));
    assert.equal(server.requests.length, 1, "AWS_MAX_ATTEMPTS=1");
    assert.match(
      String(server.requests[0]?.headers.authorization),
      /Credential=AKIDFROMENV\/\d{8}\/eu-west-1\/secretsmanager\//,
    );
  });

  test("explicit options win over the environment", async () => {
    process.env.AWS_MAX_ATTEMPTS = "1";
    const { server, client } = await setup(
      [{ status: 500, body: { __type: "InternalServiceError" } }, ok],
      { maxAttempts: 2 },
    );
    const output = await client.getSecretValue({ SecretId: "n" });
    assert.equal(output.$metadata.attempts, 2);
    assert.equal(server.requests.length, 2);
  });

  test("inspecting the client shows no credential", () => {
    const client = new SecretsManager({ region: "us-east-1", credentials });
    const shown = inspect(client, { depth: 10, showHidden: true });
    assert.ok(!shown.includes("SECRET-client-key"), shown);
    assert.ok(!shown.includes("AKIDCLIENT"), shown);
  });

  test("inspecting the client shows the region in use, read from the environment at the first call", async () => {
    const server = await startFaultServer([ok]);
    process.env.AWS_REGION = "eu-west-3";
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = server.url;
    const client = new SecretsManager({ credentials });
    cleanups.push(async () => {
      await client.close();
      await server.close();
    });
    assert.equal(inspect(client), "SecretsManager { region: (resolved at the first call) }");
    await client.getSecretValue({ SecretId: "n" });
    assert.equal(inspect(client), "SecretsManager { region: 'eu-west-3' }");
    assert.equal(
      inspect(new SecretsManager({ region: "ap-south-1", credentials })),
      "SecretsManager { region: 'ap-south-1' }",
    );
  });

  test("close() and destroy() are safe to call twice", async () => {
    const { client } = await setup([ok]);
    await client.getSecretValue({ SecretId: "n" });
    await client.close();
    await client.destroy();
  });
});
