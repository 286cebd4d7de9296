/**
 * Which proxy variable applies to an origin: decided once in proxy.ts for both engines, the way
 * undici's EnvHttpProxyAgent decides it. What the node engine then does with the proxy (NO_PROXY,
 * URL parsing, tunnels) is tested in test/transport/node-engine.test.ts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { invalidProxyVariable, proxyVariable } from "../../src/core/http/proxy";

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

test("the first variable undici could not read as a URL, whatever the origin", () => {
  assert.equal(invalidProxyVariable({ HTTPS_PROXY: "http://p:3128" }), undefined);
  assert.equal(invalidProxyVariable({ HTTPS_PROXY: "", HTTP_PROXY: "http://p" }), undefined);
  assert.equal(
    invalidProxyVariable({ HTTPS_PROXY: "http://p:3128", HTTP_PROXY: "http://u:pw@p:31x8" }),
    "HTTP_PROXY",
  );
  assert.equal(
    invalidProxyVariable({ https_proxy: "not a url", HTTP_PROXY: "neither" }),
    "https_proxy",
  );
});
