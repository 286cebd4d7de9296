/**
 * `SecretCache`: GetSecretValue results kept in memory, shared by every caller, refreshed on
 * access. There is no background timer: in AWS Lambda the process is frozen between
 * invocations, and a timer must not keep a short-lived process alive, so expiry and refresh
 * happen when a value is asked for. The only timers bound a wait: a fetch's deadline (unref'd)
 * and the stale window while a caller waits on it.
 */
import type { SecretsManager } from "./client";
import type { MetadataBearer } from "./core/errors";
import { ConfigurationError, TimeoutError } from "./core/errors";
import type { GetSecretValueResponse } from "./generated/types";
import {
  readBinary,
  readJson,
  readString,
  type SecretSchema,
  secretValueInput,
  type VersionSelector,
} from "./secret-value";

/** What a cache returns: the GetSecretValue output, frozen, the same object for every caller. */
export type CachedSecret = Readonly<GetSecretValueResponse & MetadataBearer>;

/** What the metric hooks see: which secret, never its value. */
export interface CacheEvent {
  /** The secret asked for, as the caller named it. */
  readonly secretId: string;
  /** The staging label asked for, if any. */
  readonly versionStage?: string | undefined;
  /** The version id asked for, if any. */
  readonly versionId?: string | undefined;
}

/** The options of {@link SecretCache}; times are in milliseconds. */
export interface SecretCacheOptions {
  /** The client the cache reads through; it is given `{ signal }`, aborted at `refreshTimeout`. */
  client: Pick<SecretsManager, "getSecretValue">;
  /**
   * How long a value is served before it is fetched again, in milliseconds; `0` turns caching
   * off (every `get` makes a request).
   * @default 3600000 (one hour, as AWS's caching libraries for other languages)
   */
  ttl?: number | undefined;
  /**
   * How many secret versions to keep; the least recently used goes first.
   * @default 1024
   */
  maxEntries?: number | undefined;
  /**
   * How long before expiry an access starts a background refresh, in milliseconds, so that
   * callers rarely wait for one. The access that starts it is served the cached value.
   * @default 0 (refresh when expired)
   */
  refreshAhead?: number | undefined;
  /**
   * How long past expiry the old value may still be served while refreshing fails or hangs,
   * in milliseconds. A failing refresh is retried with backoff (1 s doubling, at most 5 min),
   * not on every access. Past this bound the refresh error is thrown.
   * @default 0 (an expired value is never served)
   */
  maxStale?: number | undefined;
  /**
   * With `maxStale`: how long callers of an expired value wait for its refresh before they are
   * served the old value, in milliseconds, counted from the start of the refresh. A refresh
   * that answers sooner gives them the new value; one that fails sooner, the old value at once.
   * @default 1000
   */
  staleWait?: number | undefined;
  /**
   * The deadline of each fetch the cache makes, retries included, in milliseconds. At the
   * deadline the client call is aborted (through its `signal`), callers waiting on a first
   * fetch get a `TimeoutError`, and the next refresh may start (after the failure backoff).
   * @default 30000 (the client's default `requestTimeout`)
   */
  refreshTimeout?: number | undefined;
  /** Metric hooks, called synchronously; they see the secret id, never the value. */
  on?: {
    /** A value was served from the cache (stale values included). */
    hit?: ((event: CacheEvent) => void) | undefined;
    /** Nothing was cached: the caller waits for a fetch. */
    miss?: ((event: CacheEvent) => void) | undefined;
    /** A cached value is being fetched again (on expiry or ahead of it). */
    refresh?: ((event: CacheEvent) => void) | undefined;
    /** A fetch failed; `error` is what the client threw, or a `TimeoutError` at `refreshTimeout`. */
    error?: ((event: CacheEvent & { readonly error: unknown }) => void) | undefined;
  };
  /** The clock, in milliseconds; for tests. @default Date.now */
  now?: (() => number) | undefined;
}

const DEFAULT_TTL = 3_600_000;
const DEFAULT_MAX_ENTRIES = 1024;
const DEFAULT_STALE_WAIT = 1_000;
const DEFAULT_REFRESH_TIMEOUT = 30_000;
/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER_DELAY = 2_147_483_647;
const RETRY_BACKOFF_BASE = 1_000;
const RETRY_BACKOFF_CAP = 300_000;

interface Entry {
  /** Its key in `#entries`, so moving or dropping it needs no new key. */
  readonly key: string;
  readonly event: CacheEvent;
  value: CachedSecret | undefined;
  expiresAt: number;
  /** The fetch in flight for this key, shared by every caller that waits (single-flight). */
  refresh: Refresh | undefined;
  /** Consecutive failed refreshes, and when the next one may start. */
  failures: number;
  retryAt: number;
  /** Parsed JSON per schema, so `getJson` parses each fetched value once per schema. */
  parsed: WeakMap<object, unknown>;
}

interface Refresh {
  /** Settles with the fetch, or with a `TimeoutError` at `refreshTimeout`. */
  readonly done: Promise<CachedSecret>;
  /** When it started, on the cache's clock: the stale window counts from here. */
  readonly startedAt: number;
  /** Settles at `startedAt + staleWait` or with `done`; made by the first caller that needs it. */
  staleWindow: Promise<void> | undefined;
}

/**
 * GetSecretValue results kept in memory and shared by every caller: one request per secret
 * however many callers wait, refreshed on access after `ttl`, no timers.
 *
 * @example
 * const secrets = new SecretCache({ client, ttl: 5 * 60_000 });
 * const db = await secrets.getJson("prod/db", DatabaseSchema);
 */
export class SecretCache {
  readonly #client: Pick<SecretsManager, "getSecretValue">;
  readonly #ttl: number;
  readonly #maxEntries: number;
  readonly #refreshAhead: number;
  readonly #maxStale: number;
  readonly #staleWait: number;
  readonly #refreshTimeout: number;
  readonly #on: NonNullable<SecretCacheOptions["on"]>;
  readonly #now: () => number;
  /** Insertion order is recency order: a hit moves its entry to the end. */
  readonly #entries = new Map<string, Entry>();
  /** The entry last moved to the end of `#entries`, so a repeated hit skips the move. */
  #newest: Entry | undefined;

  constructor(options: SecretCacheOptions) {
    this.#client = options.client;
    this.#ttl = nonNegative("ttl", options.ttl ?? DEFAULT_TTL);
    this.#maxEntries = positiveInteger("maxEntries", options.maxEntries ?? DEFAULT_MAX_ENTRIES);
    this.#refreshAhead = nonNegative("refreshAhead", options.refreshAhead ?? 0);
    this.#maxStale = nonNegative("maxStale", options.maxStale ?? 0);
    this.#staleWait = timerDelay("staleWait", options.staleWait ?? DEFAULT_STALE_WAIT, "0 allowed");
    this.#refreshTimeout = timerDelay(
      "refreshTimeout",
      options.refreshTimeout ?? DEFAULT_REFRESH_TIMEOUT,
      "above 0",
    );
    this.#on = options.on ?? {};
    this.#now = options.now ?? Date.now;
  }

  /** The GetSecretValue output for the secret (AWSCURRENT unless a version is selected). */
  get(secretId: string, version: VersionSelector = {}): Promise<CachedSecret> {
    const entry = this.#servable(secretId, version);
    if (entry !== undefined) return Promise.resolve(entry.value as CachedSecret);
    return this.#lookup(secretId, version).then((found) => found.value);
  }

  /** The secret's JSON value checked by `schema`; parsed once per fetched value and schema. */
  getJson<T>(secretId: string, schema: SecretSchema<T>, version: VersionSelector = {}): Promise<T> {
    const entry = this.#servable(secretId, version);
    if (entry !== undefined) {
      try {
        return Promise.resolve(parsedOnce(entry, entry.value as CachedSecret, schema));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#lookup(secretId, version).then(({ value, entry: found }) =>
      found !== undefined && found.value === value
        ? parsedOnce(found, value, schema)
        : deepFreeze(readJson(secretId, value, schema)),
    );
  }

  /** The secret's SecretString. */
  async getString(secretId: string, version: VersionSelector = {}): Promise<string> {
    return readString(secretId, await this.get(secretId, version));
  }

  /** The secret's SecretBinary. The bytes are shared by every caller: do not modify them. */
  async getBinary(secretId: string, version: VersionSelector = {}): Promise<Uint8Array> {
    return readBinary(secretId, await this.get(secretId, version));
  }

  /** Forgets every cached version of the secret; the next access fetches it again. */
  invalidate(secretId: string): void {
    for (const entry of this.#entries.values()) {
      if (entry.event.secretId === secretId) this.#entries.delete(entry.key);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
    this.#newest = undefined;
  }

  /** How many secret versions are cached. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The one hit path, without a promise of its own: the entry when its value can be served now
   * (fresh, or a pinned version), counted as a hit, marked most recently used, and refreshed in
   * the background inside the refresh-ahead window. Otherwise `undefined`, and `#lookup`
   * handles the miss, the fetch in flight or the expired value.
   */
  #servable(secretId: string, version: VersionSelector): Entry | undefined {
    if (this.#ttl === 0) return undefined;
    const entry = this.#entries.get(keyOf(secretId, version.versionId, version.versionStage));
    if (entry?.value === undefined) return undefined;
    // A version id names immutable content: once read, it never needs reading again.
    const pinned = entry.event.versionId !== undefined;
    const now = this.#now();
    if (!pinned && now >= entry.expiresAt) return undefined;
    this.#on.hit?.(entry.event);
    this.#touch(entry);
    if (!pinned && now >= entry.expiresAt - this.#refreshAhead)
      this.#refreshInBackground(entry, now);
    return entry;
  }

  /** What `#servable` could not serve: caching off, a miss, a first fetch in flight, an expired value. */
  async #lookup(
    secretId: string,
    version: VersionSelector,
  ): Promise<{ value: CachedSecret; entry: Entry | undefined }> {
    if (this.#ttl === 0) {
      const event = eventOf(secretId, version);
      this.#on.miss?.(event);
      return { value: await this.#fetch(event), entry: undefined };
    }
    const key = keyOf(secretId, version.versionId, version.versionStage);
    let entry = this.#entries.get(key);
    if (entry === undefined) entry = this.#store(key, eventOf(secretId, version));
    else this.#touch(entry);
    const { value } = entry;
    if (value === undefined) {
      // Nothing cached yet: fetch, or wait for the fetch in flight with everyone else.
      this.#on.miss?.(entry.event);
      return { value: await this.#refresh(entry).done, entry };
    }
    // Expired (`#servable` served everything else).
    const now = this.#now();
    if (now >= entry.expiresAt + this.#maxStale) {
      return { value: await this.#refresh(entry).done, entry };
    }
    if (entry.refresh === undefined && now < entry.retryAt) {
      this.#on.hit?.(entry.event);
      return { value, entry };
    }
    // The old value may be served: wait for the refresh only as long as the stale window.
    await this.#staleWindow(this.#refresh(entry), now);
    const served = entry.value ?? value;
    if (served === value) this.#on.hit?.(entry.event);
    return { value: served, entry };
  }

  #store(key: string, event: CacheEvent): Entry {
    const entry: Entry = {
      key,
      event,
      value: undefined,
      expiresAt: 0,
      refresh: undefined,
      failures: 0,
      retryAt: 0,
      parsed: new WeakMap(),
    };
    this.#entries.set(key, entry);
    this.#newest = entry;
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return entry;
  }

  #touch(entry: Entry): void {
    // Reading the same secret again and again is the common case: it is already the newest.
    if (this.#newest === entry) return;
    this.#entries.delete(entry.key);
    this.#entries.set(entry.key, entry);
    this.#newest = entry;
  }

  #refreshInBackground(entry: Entry, now: number): void {
    if (entry.refresh === undefined && now >= entry.retryAt) this.#refresh(entry);
  }

  /** Fetches the entry's value once, however many callers wait; records failures for backoff. */
  #refresh(entry: Entry): Refresh {
    if (entry.refresh !== undefined) return entry.refresh;
    if (entry.value !== undefined) this.#on.refresh?.(entry.event);
    const done = this.#fetch(entry.event).then(
      (value) => {
        entry.value = value;
        entry.expiresAt = this.#now() + this.#ttl;
        entry.failures = 0;
        entry.retryAt = 0;
        entry.parsed = new WeakMap();
        entry.refresh = undefined;
        return value;
      },
      (error: unknown) => {
        entry.refresh = undefined;
        entry.failures += 1;
        const backoff = Math.min(RETRY_BACKOFF_CAP, RETRY_BACKOFF_BASE * 2 ** (entry.failures - 1));
        entry.retryAt = this.#now() + backoff;
        this.#on.error?.({ ...entry.event, error });
        if (entry.value === undefined) this.#forget(entry);
        throw error;
      },
    );
    done.catch(() => {
      // Reported through on.error; a caller waiting for this refresh gets the error itself,
      // and one served the cached value (ahead of expiry, or stale) needs nothing more.
    });
    entry.refresh = { done, startedAt: this.#now(), staleWindow: undefined };
    return entry.refresh;
  }

  /**
   * Resolves when the refresh settles or `staleWait` after it started, whichever comes first.
   * One timer per refresh, shared by its callers, and only once a caller waits on it: the
   * first callers after expiry wait at most `staleWait`, later ones not at all.
   */
  #staleWindow(refresh: Refresh, now: number): Promise<void> {
    const left = refresh.startedAt + this.#staleWait - now;
    if (refresh.staleWindow === undefined && left > 0) {
      refresh.staleWindow = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        const settled = () => {
          clearTimeout(timer);
          resolve();
        };
        refresh.done.then(settled, settled);
      });
    }
    return refresh.staleWindow ?? Promise.resolve();
  }

  /** A first fetch failed: drop the empty entry so the next access tries again at once. */
  #forget(entry: Entry): void {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
  }

  /**
   * One GetSecretValue with the cache's deadline. The client is asked to stop through its
   * signal, and the cache stops waiting either way, so a client that ignores the signal cannot
   * hold the secret past the deadline. The timer does not keep the process alive: the request
   * does, while it runs.
   */
  #fetch(event: CacheEvent): Promise<CachedSecret> {
    const controller = new AbortController();
    return new Promise<CachedSecret>((resolve, reject) => {
      const timer = setTimeout(() => {
        const error = new TimeoutError("request", this.#refreshTimeout);
        reject(error);
        controller.abort(error);
      }, this.#refreshTimeout);
      timer.unref();
      const fail = (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      };
      try {
        this.#client
          .getSecretValue(secretValueInput(event.secretId, event), { signal: controller.signal })
          .then((value) => {
            clearTimeout(timer);
            resolve(deepFreeze(value));
          }, fail);
      } catch (error) {
        fail(error);
      }
    });
  }
}

function eventOf(secretId: string, version: VersionSelector): CacheEvent {
  return {
    secretId,
    ...(version.versionId === undefined ? {} : { versionId: version.versionId }),
    ...(version.versionStage === undefined ? {} : { versionStage: version.versionStage }),
  };
}

/**
 * The cache key. Reading the current version by id is the common case: its key is the id
 * itself, the caller's own string, whose hash the engine has already computed, so a hit builds
 * no string. Selected versions get a composite key; `\u0000` cannot occur in a secret id.
 */
function keyOf(secretId: string, versionId?: string, versionStage?: string): string {
  if (versionId === undefined && versionStage === undefined) return secretId;
  return `${secretId}\u0000${versionId ?? ""}\u0000${versionStage ?? ""}`;
}

/** The entry's value parsed by `schema`, parsed at most once per value and schema. */
function parsedOnce<T>(entry: Entry, value: CachedSecret, schema: SecretSchema<T>): T {
  if (entry.parsed.has(schema)) return entry.parsed.get(schema) as T;
  const parsed = deepFreeze(readJson(entry.event.secretId, value, schema));
  entry.parsed.set(schema, parsed);
  return parsed;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(`SecretCache: ${name} must be a whole number, 1 or more`);
  }
  return value;
}

/** A delay for setTimeout: finite, within its range, and above 0 unless `zero` is allowed. */
function timerDelay(name: string, value: number, zero: "0 allowed" | "above 0"): number {
  const tooLow = zero === "0 allowed" ? value < 0 : value <= 0;
  if (!Number.isFinite(value) || tooLow || value > MAX_TIMER_DELAY) {
    const low = zero === "0 allowed" ? "0 or more" : "more than 0";
    throw new ConfigurationError(
      `SecretCache: ${name} must be a number of milliseconds, ${low} and at most ${MAX_TIMER_DELAY}`,
    );
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(
      `SecretCache: ${name} must be a number of milliseconds, 0 or more`,
    );
  }
  return value;
}

/**
 * Freezes plain objects and arrays all the way down, so one caller cannot change what the
 * others see. Typed arrays cannot be frozen, and a frozen `Date` still has working setters;
 * docs/caching.md says not to modify either.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return value;
  if (Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
  return value;
}
