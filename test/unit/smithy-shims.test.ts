/**
 * src/core/smithy-serde.ts and smithy-client.ts stand in for `@smithy/core/serde` and
 * `@smithy/core/client` inside the signer, in the build only (tsup.config.ts): tests that import
 * the signer from source use the real modules. This holds each stand-in to the real helper it
 * replaces, on the same inputs.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import * as realClient from "@smithy/core/client";
import * as real from "@smithy/core/serde";
import * as client from "../../src/core/smithy-client";
import * as shim from "../../src/core/smithy-serde";

const samples = [
  new Uint8Array(0),
  new Uint8Array([0, 1, 15, 16, 127, 128, 254, 255]),
  new Uint8Array(randomBytes(64)),
  // A view into a larger buffer: only its own bytes count.
  new Uint8Array(randomBytes(48).buffer, 8, 16),
];

test("toHex, fromHex: as smithy's, on bytes, views and an empty array", () => {
  for (const bytes of samples) {
    assert.equal(shim.toHex(bytes), real.toHex(bytes));
    assert.deepEqual(shim.fromHex(real.toHex(bytes)), real.fromHex(real.toHex(bytes)));
  }
  for (const bad of ["abc", "zz", "0g"]) {
    assert.throws(() => shim.fromHex(bad));
    assert.throws(() => real.fromHex(bad));
  }
});

test("fromUtf8, toUint8Array, isArrayBuffer, hasOwn: as smithy's", () => {
  for (const text of ["", "plain", "naïve ✓ 𝄞", "\u0000\n"]) {
    assert.deepEqual([...shim.fromUtf8(text)], [...real.fromUtf8(text)]);
    assert.deepEqual([...shim.toUint8Array(text)], [...real.toUint8Array(text)]);
  }
  const buffer = randomBytes(12);
  const inputs = [
    buffer,
    new Uint16Array([1, 2, 3]),
    new DataView(buffer.buffer, 2, 4),
    new ArrayBuffer(5),
  ];
  for (const input of inputs) {
    assert.deepEqual([...shim.toUint8Array(input)], [...real.toUint8Array(input)]);
  }
  for (const value of [new ArrayBuffer(1), new Uint8Array(1), "x", {}, null]) {
    assert.equal(shim.isArrayBuffer(value), real.isArrayBuffer(value));
  }
  const object = { own: 1 };
  for (const key of ["own", "toString", "missing"]) {
    assert.equal(shim.hasOwn(object, key), real.hasOwn(object, key));
  }
});

test("writeKey: makes __proto__ an own, writable key, as smithy's", () => {
  const ours: Record<string, unknown> = {};
  const theirs: Record<string, unknown> = {};
  shim.writeKey(ours);
  real.writeKey(theirs);
  // Assigned as a header name would be: through a variable key, as getCanonicalHeaders does.
  const name = "__proto__";
  ours[name] = "value";
  theirs[name] = "value";
  assert.deepEqual(Object.entries(ours), Object.entries(theirs));
  assert.equal(Object.getPrototypeOf(ours), Object.prototype);
});

test("normalizeProvider: a value or a provider, as a provider, as smithy's", async () => {
  const provider = async () => "from a function";
  assert.equal(
    await client.normalizeProvider(provider)(),
    await realClient.normalizeProvider(provider)(),
  );
  assert.equal(
    await client.normalizeProvider("fixed")(),
    await realClient.normalizeProvider("fixed")(),
  );
});
