// What a RotationError may show of the errors behind it: never a password the rotation handled.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { Redactor } from "../../src/rotation/redactor";
import { RotationError } from "../../src/rotation/rotation-error";

test("scrub hides every remembered password, the longest first", () => {
  const redactor = new Redactor();
  redactor.add("secret");
  redactor.add("secret-and-more");
  redactor.add("");
  assert.equal(
    redactor.scrub("a secret-and-more, a secret, an empty ''"),
    "a [redacted], a [redacted], an empty ''",
  );
});

test("describe names the error and its code, scrubbed", () => {
  const redactor = new Redactor();
  redactor.add("hunter2");
  const error = Object.assign(new TypeError("bad value hunter2"), { code: "42601" });
  assert.equal(redactor.describe(error), "TypeError [42601]: bad value [redacted]");
  assert.equal(redactor.describe("thrown hunter2"), "thrown [redacted]");
});

test("safeCause keeps a clean error as it is and replaces one that shows a password anywhere", () => {
  const redactor = new Redactor();
  const clean = Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
  assert.equal(redactor.safeCause(clean), clean, "nothing to hide yet");
  redactor.add("hunter2");
  assert.equal(redactor.safeCause(clean), clean);

  // The password only in an extra field (as a driver's `query` or `detail` would hold it).
  const leaky = Object.assign(new Error("syntax error"), {
    code: "42601",
    detail: { statement: "ALTER ROLE x PASSWORD 'hunter2'" },
  });
  const safe = redactor.safeCause(leaky) as Error & { code?: string };
  assert.notEqual(safe, leaky);
  assert.equal(safe.name, "Error");
  assert.equal(safe.code, "42601");
  assert.equal(safe.message, "syntax error");
  assert.ok(!inspect(safe, { depth: 10 }).includes("hunter2"));

  const inMessage = redactor.safeCause(new RangeError("password hunter2 too short")) as Error;
  assert.equal(inMessage.name, "RangeError");
  assert.equal(inMessage.message, "password [redacted] too short");
  assert.ok(!(inMessage.stack ?? "").includes("hunter2"));
  assert.equal(redactor.safeCause("plain hunter2"), "plain [redacted]");
});

test("RotationError names the step and the secret, and is recognised across package copies", () => {
  const error = new RotationError("setSecret", "arn:secret", "it broke");
  assert.equal(error.name, "RotationError");
  assert.equal(error.message, 'Rotation of secret "arn:secret" failed at setSecret: it broke');
  assert.equal(error.step, "setSecret");
  assert.equal(error.secretId, "arn:secret");
  // What another copy's instance looks like: another class, the same brand.
  const kinds = Object.getOwnPropertySymbols(error).find(
    (symbol) => symbol.description === "secretsmanager-ts.error-kinds",
  );
  assert.ok(kinds !== undefined);
  const foreign = Object.defineProperty(new Error("other copy"), kinds, {
    value: ["RotationError"],
  });
  assert.ok(foreign instanceof RotationError);
  assert.ok(!(new Error("plain") instanceof RotationError));
});
