import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AdaptiveRateLimiter } from "../../src/core/rate-limiter";

describe("AdaptiveRateLimiter", () => {
  test("does not limit until the first throttle", () => {
    let now = 0;
    const limiter = new AdaptiveRateLimiter(() => now);
    for (let i = 0; i < 100; i++) {
      assert.equal(limiter.acquire(), 0);
      limiter.record(false);
      now += 10;
    }
    assert.equal(limiter.enabled, false);
  });

  test("a throttle cuts the rate and makes callers wait; successes grow it back", () => {
    let now = 0;
    const limiter = new AdaptiveRateLimiter(() => now);
    // 20 requests per second for 3 seconds, then the service throttles.
    for (let i = 0; i < 60; i++) {
      limiter.record(false);
      now += 50;
    }
    limiter.record(true);
    assert.equal(limiter.enabled, true);
    const throttledRate = limiter.fillRate;
    assert.ok(throttledRate > 0 && throttledRate < 20, `rate after throttle ${throttledRate}`);

    // Drain the bucket: soon a caller has to wait.
    let waited = 0;
    for (let i = 0; i < 50 && waited === 0; i++) waited = limiter.acquire();
    assert.ok(waited > 0, "a caller waits once the bucket is empty");

    // Growth is capped at twice the measured send rate, so keep sending at 20 per second.
    for (let i = 0; i < 100; i++) {
      now += 50;
      limiter.record(false);
    }
    assert.ok(
      limiter.fillRate > throttledRate,
      `rate recovers: ${limiter.fillRate} > ${throttledRate}`,
    );
  });

  test("the rate never drops below the floor of 0.5 per second", () => {
    let now = 0;
    const limiter = new AdaptiveRateLimiter(() => now);
    for (let i = 0; i < 20; i++) {
      limiter.record(true);
      now += 1000;
    }
    assert.ok(limiter.fillRate >= 0.5);
  });
});
