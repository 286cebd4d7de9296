/**
 * Which proxy variable applies to an origin: decided once in proxy.ts for both engines, the way
 * undici's EnvHttpProxyAgent decides it. The rest of the decision (NO_PROXY, URL parsing) is
 * tested in test/transport/node-engine.test.ts, and what both engines then do with the proxy
 * in test/transport/proxy.test.ts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { proxyVariable } from "../../src/core/http/proxy";

const https = new URL("https://secretsmanager.us-east-1.amazonaws.com");
const http = new URL("http://localhost:4566");

test("the variable that names the proxy, for an https and an http origin", () => {
  const cases: [string, URL, Record<string, string>, string | undefined][] = [
    ["nothing set", https, {}, undefined],
    ["HTTPS_PROXY", https, { HTTPS_PROXY: "p" }, "HTTPS_PROXY"],
    ["lower case wins", https, { https_proxy: "a", HTTPS_PROXY: "b" }, "https_proxy"],
    ["https falls back to HTTP_PROXY", https, { HTTP_PROXY: "p" }, "HTTP_PROXY"],
    ["an empty one falls back", https, { HTTPS_PROXY: "", http_proxy: "p" }, "http_proxy"],
    ["an empty lower case shadows", https, { https_proxy: "", HTTPS_PROXY: "p" }, undefined],
    ["empty everywhere", https, { HTTPS_PROXY: "", HTTP_PROXY: "" }, undefined],
    ["http ignores HTTPS_PROXY", http, { HTTPS_PROXY: "p" }, undefined],
    ["http uses HTTP_PROXY", http, { https_proxy: "a", HTTP_PROXY: "b" }, "HTTP_PROXY"],
    ["NO_PROXY is not read here", http, { HTTP_PROXY: "p", NO_PROXY: "*" }, "HTTP_PROXY"],
  ];
  for (const [name, origin, env, expected] of cases) {
    assert.equal(proxyVariable(origin, env), expected, name);
  }
});
