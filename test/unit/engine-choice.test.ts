// Which HTTP engine a client uses. Runs in its own process (node's test runner gives each file
// one), so whether undici has been loaded is observable: the tests that must not load it come
// first.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, test } from "node:test";
import { BUSY_REQUESTS, createAutoEngine } from "../../src/core/http/auto";
import { createNodeEngine } from "../../src/core/http/node";
import { ConfigurationError, type HttpEngineFactory, SecretsManager } from "../../src/index";
import { startFaultServer } from "../helpers/fault-server";

const require = createRequire(import.meta.url);
const loaded = (part: string) => Object.keys(require.cache).some((path) => path.includes(part));
const undiciLoaded = () => loaded("/node_modules/undici/");
const credentials = { accessKeyId: "AKID", secretAccessKey: "secret" };
const server = await startFaultServer(() => ({ status: 200, body: { Name: "n" } }));
after(() => server.close());

const clientWith = (http?: "auto" | "node" | "undici") =>
  new SecretsManager({
    endpoint: server.url,
    region: "us-east-1",
    credentials,
    ...(http === undefined ? {} : { http }),
  });

test("by default a client that is not busy uses node:http and never loads undici", async () => {
  for (const lambda of [undefined, "my-function"]) {
    if (lambda !== undefined) process.env.AWS_LAMBDA_FUNCTION_NAME = lambda;
    try {
      const client = clientWith();
      for (let call = 0; call < BUSY_REQUESTS - 2; call++) {
        await client.getSecretValue({ SecretId: "n" });
      }
      await client.close();
      assert.equal(undiciLoaded(), false, `AWS_LAMBDA_FUNCTION_NAME=${lambda}`);
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
  }
});

test('http: "node" stays on node:http however busy the client is', async () => {
  const client = clientWith("node");
  await Promise.all(
    Array.from({ length: BUSY_REQUESTS * 3 }, () => client.getSecretValue({ SecretId: "n" })),
  );
  await client.close();
  assert.equal(undiciLoaded(), false);
});

test("once busy, the default loads undici's pool (not all of undici) and moves to it", async () => {
  const client = clientWith();
  const before = server.requests.length;
  let calls = 0;
  // Bounded: the switch comes once undici has loaded in the background.
  while (calls < 2_000) {
    await client.getSecretValue({ SecretId: "n" });
    calls += 1;
    const newest = server.requests.at(-1);
    const first = server.requests[before];
    if (calls > BUSY_REQUESTS && newest !== undefined && newest.connection !== first?.connection) {
      break;
    }
  }
  await client.close();
  assert.ok(calls < 2_000, "the client moved to another connection: undici's");
  assert.ok(calls > BUSY_REQUESTS, `not before ${BUSY_REQUESTS} requests (${calls})`);
  assert.equal(loaded("/node_modules/undici/lib/dispatcher/pool.js"), true);
  // The entry point would also load fetch, WebSocket and the rest: ~65 ms more.
  assert.equal(loaded("/node_modules/undici/index.js"), false);
  assert.equal(loaded("/node_modules/undici/lib/web/"), false);
});

test("the default engine reports its switch, and stays on node:http when undici cannot load", async () => {
  const origin = new URL(server.url);
  const options = { connectionTimeout: 1_000 };
  const request = { method: "POST", path: "/", headers: {}, body: "{}" } as const;
  const send = { timeout: 5_000 };
  const unavailable = createAutoEngine(origin, options, (url, settings) => ({
    ...createNodeEngine(url, settings),
    prepare: () => Promise.reject(new Error("Cannot find package 'undici'")),
  }));
  for (let call = 0; call < BUSY_REQUESTS * 2; call++) await unavailable.send(request, send);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(unavailable.active, "node");
  assert.equal((await unavailable.send(request, send)).status, 200);
  await unavailable.close();

  const auto = createAutoEngine(origin, options);
  assert.equal(auto.active, "node");
  // Busy traffic until undici has loaded: on a loaded machine neither 32 calls within a
  // second nor undici's load time is certain, so keep the traffic up, bounded in count and time.
  const deadline = performance.now() + 15_000;
  let calls = 0;
  while (auto.active === "node" && calls < 20_000 && performance.now() < deadline) {
    await auto.send(request, send);
    calls += 1;
  }
  assert.equal(auto.active, "undici");
  assert.ok(calls >= BUSY_REQUESTS, `not before ${BUSY_REQUESTS} requests (${calls})`);
  assert.equal((await auto.send(request, send)).status, 200);
  await auto.close();
});

test('http: "undici" loads undici at the first request', async () => {
  const client = clientWith("undici");
  await client.getSecretValue({ SecretId: "n" });
  await client.close();
  assert.equal(loaded("/node_modules/undici/lib/dispatcher/pool.js"), true);
});

test("http: a custom engine factory is used, with the connection settings", async () => {
  const seen: { origin: string; maxSockets: number | undefined }[] = [];
  const engine: HttpEngineFactory = (origin, options) => {
    seen.push({ origin: origin.href, maxSockets: options.maxSockets });
    return {
      send: async () => ({ status: 200, headers: {}, body: '{"Name":"from-custom-engine"}' }),
      close: async () => {},
    };
  };
  const client = new SecretsManager({
    endpoint: "http://127.0.0.1:9/",
    region: "us-east-1",
    credentials,
    http: engine,
    maxSockets: 4,
  });
  const output = await client.getSecretValue({ SecretId: "n" });
  assert.equal(output.Name, "from-custom-engine");
  assert.deepEqual(seen, [{ origin: "http://127.0.0.1:9/", maxSockets: 4 }]);
  await client.close();
});

test("bad engine settings are refused at construction", () => {
  assert.throws(() => new SecretsManager({ http: "fetch" as never }), ConfigurationError);
  assert.throws(() => new SecretsManager({ maxSockets: 0 }), ConfigurationError);
  assert.throws(() => new SecretsManager({ maxResponseBytes: 0 }), ConfigurationError);
  assert.throws(() => new SecretsManager({ maxResponseBytes: 1.5 }), ConfigurationError);
});
