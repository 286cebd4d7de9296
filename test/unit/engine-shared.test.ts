/**
 * What both engines share (src/core/http/shared.ts): the two forms response headers arrive in
 * give the same flat headers, and a URL's port and host as sockets take them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { flattenHeaders, hostOf, portOf } from "../../src/core/http/shared";

test("node's raw header list and undici's record flatten alike", () => {
  const raw = ["Content-Type", "text/plain", "Set-Cookie", "a=1", "X-Id", "7", "set-cookie", "b=2"];
  const record = { "content-type": "text/plain", "set-cookie": ["a=1", "b=2"], "x-id": "7" };
  const expected = { "content-type": "text/plain", "set-cookie": "a=1, b=2", "x-id": "7" };
  assert.deepEqual(flattenHeaders(raw), expected);
  assert.deepEqual(flattenHeaders(record), expected);
  const hostile = flattenHeaders(["__proto__", "x", "Constructor", "y"]);
  assert.equal(Object.getPrototypeOf(hostile), Object.prototype);
  assert.deepEqual(Object.keys(hostile), ["constructor"]);
});

test("a URL's port and host, as sockets take them", () => {
  assert.equal(portOf(new URL("https://example.com")), 443);
  assert.equal(portOf(new URL("http://example.com")), 80);
  assert.equal(portOf(new URL("http://example.com:4566")), 4566);
  assert.equal(hostOf(new URL("http://[::1]:4566")), "::1");
  assert.equal(hostOf(new URL("https://Example.COM")), "example.com");
});
