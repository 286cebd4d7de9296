// Which HTTP engine a client uses. Runs in its own process (node's test runner gives each file
// one), so whether undici has been loaded is observable: the first test must not load it.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, test } from "node:test";
import { ConfigurationError, type HttpEngineFactory, SecretsManager } from "../../src/index";
import { startFaultServer } from "../helpers/fault-server";

const require = createRequire(import.meta.url);
const loaded = (part: string) => Object.keys(require.cache).some((path) => path.includes(part));
const undiciLoaded = () => loaded("/node_modules/undici/");
const credentials = { accessKeyId: "AKID", secretAccessKey: "secret" };
const server = await startFaultServer(() => ({ status: 200, body: { Name: "n" } }));
after(() => server.close());

test("inside AWS Lambda the node:http engine is the default, and undici is never loaded", async () => {
  process.env.AWS_LAMBDA_FUNCTION_NAME = "my-function";
  try {
    const client = new SecretsManager({ endpoint: server.url, region: "us-east-1", credentials });
    await client.getSecretValue({ SecretId: "n" });
    await client.close();
    assert.equal(undiciLoaded(), false);
  } finally {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  }
});

test("elsewhere undici is the default, loaded at the first request: its pool, not all of it", async () => {
  const client = new SecretsManager({ endpoint: server.url, region: "us-east-1", credentials });
  await client.getSecretValue({ SecretId: "n" });
  await client.close();
  assert.equal(loaded("/node_modules/undici/lib/dispatcher/pool.js"), true);
  // The entry point would also load fetch, WebSocket and the rest: ~65 ms more at cold start.
  assert.equal(loaded("/node_modules/undici/index.js"), false);
  assert.equal(loaded("/node_modules/undici/lib/web/"), false);
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
});
