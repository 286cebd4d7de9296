import assert from "node:assert/strict";
import { test } from "node:test";
import { AbortError, TimeoutError } from "../../src/core/errors";
import { startDeadline } from "../../src/core/http/deadline";

test("a signal already aborted cancels the exchange, once the caller has set up", async () => {
  const cancelled: Error[] = [];
  startDeadline({ timeout: 60_000, signal: AbortSignal.abort("too late") }, (error) =>
    cancelled.push(error),
  );
  assert.equal(cancelled.length, 0, "not during startDeadline itself");
  await Promise.resolve();
  assert.equal(cancelled.length, 1);
  assert.ok(cancelled[0] instanceof AbortError);
  assert.equal(cancelled[0].cause, "too late");
});

test("an exchange that ends first is not cancelled afterwards", async () => {
  const cancelled: Error[] = [];
  const deadline = startDeadline(
    { timeout: 60_000, signal: AbortSignal.abort("too late") },
    (error) => cancelled.push(error),
  );
  deadline.clear();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(cancelled.length, 0);
});

test("the timeout cancels with a TimeoutError", async () => {
  const error = await new Promise<Error>((resolve) => startDeadline({ timeout: 5 }, resolve));
  assert.ok(error instanceof TimeoutError);
});
