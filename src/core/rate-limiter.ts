/**
 * Client-side rate limiting for `retryMode: "adaptive"`: a token bucket whose fill rate
 * follows the CUBIC curve the AWS SDKs use. It stays off until the service first throttles;
 * then each throttle cuts the allowed rate and each success grows it back. Pure apart from
 * the injected clock: it returns how long to wait, the caller sleeps.
 */

const SMOOTHING = 0.8;
const BETA = 0.7;
const SCALE = 0.4;
const MIN_FILL_RATE = 0.5;
const MIN_CAPACITY = 1;

export class AdaptiveRateLimiter {
  readonly #now: () => number;
  #enabled = false;
  #fillRate = 0;
  #maxCapacity = 0;
  #capacity = 0;
  #lastRefill: number | undefined;
  #measuredRate = 0;
  #requestCount = 0;
  #lastRateBucket: number;
  #lastMaxRate = 0;
  #lastThrottleTime: number;
  #timeWindow = 0;

  /** `now` returns milliseconds, like `Date.now`. */
  constructor(now: () => number) {
    this.#now = now;
    this.#lastRateBucket = Math.floor(this.#seconds() * 2) / 2;
    this.#lastThrottleTime = this.#seconds();
  }

  #seconds(): number {
    return this.#now() / 1000;
  }

  /** Takes a send token; returns the milliseconds to wait before sending (0: send now). */
  acquire(): number {
    if (!this.#enabled) return 0;
    this.#refill();
    let waitMs = 0;
    if (this.#capacity < 1) waitMs = Math.ceil(((1 - this.#capacity) / this.#fillRate) * 1000);
    this.#capacity -= 1;
    return waitMs;
  }

  /** Feeds back the outcome of an attempt. */
  record(throttled: boolean): void {
    this.#updateMeasuredRate();
    let rate: number;
    if (throttled) {
      const base = this.#enabled
        ? Math.min(this.#measuredRate, this.#fillRate)
        : this.#measuredRate;
      this.#lastMaxRate = base;
      this.#timeWindow = Math.cbrt((this.#lastMaxRate * (1 - BETA)) / SCALE);
      this.#lastThrottleTime = this.#seconds();
      rate = base * BETA;
      this.#enabled = true;
    } else {
      this.#timeWindow = Math.cbrt((this.#lastMaxRate * (1 - BETA)) / SCALE);
      const elapsed = this.#seconds() - this.#lastThrottleTime - this.#timeWindow;
      rate = SCALE * elapsed ** 3 + this.#lastMaxRate;
    }
    this.#setRate(Math.min(rate, 2 * this.#measuredRate));
  }

  /** The current allowed rate in requests per second, for tests and logs. */
  get fillRate(): number {
    return this.#fillRate;
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  #refill(): void {
    const now = this.#seconds();
    if (this.#lastRefill !== undefined) {
      const added = (now - this.#lastRefill) * this.#fillRate;
      this.#capacity = Math.min(this.#maxCapacity, this.#capacity + added);
    }
    this.#lastRefill = now;
  }

  #setRate(requestsPerSecond: number): void {
    this.#refill();
    this.#fillRate = Math.max(requestsPerSecond, MIN_FILL_RATE);
    this.#maxCapacity = Math.max(requestsPerSecond, MIN_CAPACITY);
    this.#capacity = Math.min(this.#capacity, this.#maxCapacity);
  }

  #updateMeasuredRate(): void {
    const bucket = Math.floor(this.#seconds() * 2) / 2;
    this.#requestCount += 1;
    if (bucket > this.#lastRateBucket) {
      const current = this.#requestCount / (bucket - this.#lastRateBucket);
      this.#measuredRate = current * SMOOTHING + this.#measuredRate * (1 - SMOOTHING);
      this.#requestCount = 0;
      this.#lastRateBucket = bucket;
    }
  }
}
