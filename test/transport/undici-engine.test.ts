/**
 * What only the undici engine does; the shared behaviour is in transport.test.ts. With a proxy
 * in the environment it uses undici's EnvHttpProxyAgent, whose own errors quote the proxy URL.
 */
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { inspect } from "node:util";
import { ConfigurationError } from "../../src/core/errors";
import { createUndiciEngine } from "../../src/core/http/undici";

const saved = process.env.HTTPS_PROXY;
afterEach(() => {
  if (saved === undefined) delete process.env.HTTPS_PROXY;
  else process.env.HTTPS_PROXY = saved;
});

test("a malformed proxy URL is a ConfigurationError naming the variable, never its password", async () => {
  process.env.HTTPS_PROXY = "http://alice:Pr0xyPassw0rd@proxy.invalid:31x8";
  // Nothing is sent: the agent cannot be made.
  const engine = createUndiciEngine(new URL("https://127.0.0.1:9"), { connectionTimeout: 1_000 });
  const failure = await engine
    .send({ method: "POST", path: "/", headers: {}, body: "{}" }, { timeout: 5_000 })
    .catch((e: unknown) => e);
  assert.ok(failure instanceof ConfigurationError, String(failure));
  assert.match(failure.message, /HTTPS_PROXY is not a valid proxy URL/);
  const shown = `${inspect(failure, { depth: 10, showHidden: true })}\n${JSON.stringify(failure)}`;
  assert.ok(!shown.includes("Pr0xyPassw0rd"), shown);
  // close() still works, for `finally { await client.close() }`.
  await engine.close();
});
