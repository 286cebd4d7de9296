/**
 * Where the client's AWS credentials come from, and how they are kept fresh.
 *
 * - An explicit `credentials` option: a fixed object, or a provider function.
 * - Otherwise `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) from the
 *   environment, read directly. This is the Lambda case and imports nothing.
 * - Otherwise the sources of the AWS SDK's Node chain that the environment calls for, each a
 *   provider of `@aws-sdk/credential-providers`, imported only then (./credential-sources).
 *
 * Providers are wrapped in a {@link CredentialCache}: one resolution shared by concurrent
 * callers, renewed five minutes before the credentials expire.
 *
 * Secrets: no error built here carries a secret access key or a session token, and the
 * credentials objects handed out print as `[Credentials accessKeyId=AKIA… secretAccessKey=[redacted] …]`
 * in `util.inspect` / `console.log`. (`JSON.stringify` still shows every field: the objects
 * stay plain so they can be spread and passed to any signer.)
 */
import {
  type CredentialProvidersModule,
  credentialSources,
  firstOf,
  loadCredentialProviders,
  type SourceCallOptions,
} from "./credential-sources";
import { CredentialsError } from "./errors";
import { clearRegExpResidue } from "./regexp-residue";
import { type Environment, envValue, explicitProfile, selectProfileName } from "./shared-config";

/** A set of AWS credentials. */
export interface Credentials {
  /** The access key id, for example `AKIA...`; not secret. */
  readonly accessKeyId: string;
  /** The secret access key. Never printed by this package. */
  readonly secretAccessKey: string;
  /** Present for temporary credentials. */
  readonly sessionToken?: string;
  /** When temporary credentials stop working; absent for long-term keys. */
  readonly expiration?: Date;
}

/** Resolves credentials; called again when the cached ones are about to expire. */
export type CredentialsProvider = () => Promise<Credentials>;

// ---------------------------------------------------------------------------------------------
// Redaction

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * A copy of `credentials` with only the four known fields, frozen, whose `util.inspect` form
 * shows the access key id and the expiration but neither the secret key nor the session token.
 * Throws {@link CredentialsError} when a required field is missing or has the wrong type; the
 * message names the field, never its value.
 */
export function toCredentials(credentials: unknown, origin: string): Credentials {
  const given = (
    typeof credentials === "object" && credentials !== null ? credentials : {}
  ) as Record<string, unknown>;
  const accessKeyId = given["accessKeyId"];
  const secretAccessKey = given["secretAccessKey"];
  const sessionToken = given["sessionToken"];
  const expiration = given["expiration"];
  const problem =
    typeof credentials !== "object" || credentials === null
      ? "is not an object"
      : typeof accessKeyId !== "string" || accessKeyId === ""
        ? "has no accessKeyId"
        : typeof secretAccessKey !== "string" || secretAccessKey === ""
          ? "has no secretAccessKey"
          : sessionToken !== undefined && typeof sessionToken !== "string"
            ? "has a sessionToken that is not a string"
            : expiration !== undefined &&
                !(expiration instanceof Date && Number.isFinite(expiration.getTime()))
              ? "has an expiration that is not a valid Date"
              : undefined;
  if (problem !== undefined)
    throw new CredentialsError(`The credentials from ${origin} ${problem}`, [origin]);

  const result: { -readonly [K in keyof Credentials]: Credentials[K] } = {
    accessKeyId: accessKeyId as string,
    secretAccessKey: secretAccessKey as string,
  };
  if (typeof sessionToken === "string" && sessionToken !== "") result.sessionToken = sessionToken;
  if (expiration instanceof Date) result.expiration = new Date(expiration.getTime());
  Object.defineProperty(result, INSPECT, { value: inspectCredentials, enumerable: false });
  return Object.freeze(result);
}

function inspectCredentials(this: Credentials): string {
  const expires =
    this.expiration === undefined ? "" : ` expiration=${this.expiration.toISOString()}`;
  const token = this.sessionToken === undefined ? "" : " sessionToken=[redacted]";
  return `[Credentials accessKeyId=${this.accessKeyId} secretAccessKey=[redacted]${token}${expires}]`;
}

/**
 * Removes what might be a secret from a message written by code we do not control (the AWS
 * provider chain, a caller's provider): the given known secrets, and any long run of base64
 * characters that mixes upper case, lower case and digits, which is what secret access keys
 * (40 characters) and session tokens look like. Over-redaction (an odd path) is accepted.
 */
export function sanitizeMessage(
  message: string,
  knownSecrets: readonly (string | undefined)[] = [],
): string {
  let text = message;
  for (const secret of knownSecrets) {
    if (secret !== undefined && secret.length >= 8) text = text.split(secret).join("[redacted]");
  }
  // A secret key is 40 base64 characters; most mix all three classes, but about one in a
  // thousand has no digit. Two classes are enough to redact: an ordinary long word has one.
  text = text.replace(/[A-Za-z0-9+/=]{30,}/g, (run) =>
    [/[A-Z]/, /[a-z]/, /[0-9]/].filter((pattern) => pattern.test(run)).length >= 2
      ? "[redacted]"
      : run,
  );
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

/**
 * A stand-in for a foreign error, safe to keep as `cause`: same `name`, sanitized message, the
 * original's stack frames (not its message), and no other property of the original (an error
 * object may carry a response body or a config).
 */
function sanitizedCause(error: unknown, knownSecrets: readonly (string | undefined)[]): Error {
  const original = error instanceof Error ? error : undefined;
  const message = sanitizeMessage(original?.message ?? String(error), knownSecrets);
  const copy = new Error(message);
  copy.name = original?.name ?? "Error";
  const frames = original?.stack?.split("\n").filter((line) => /^\s+at /.test(line));
  copy.stack = [`${copy.name}: ${message}`, ...(frames ?? [])].join("\n");
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Sources

/** Credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` / `AWS_CREDENTIAL_EXPIRATION`, or `undefined` when the pair is not set. */
export function credentialsFromEnvironment(
  env: Environment = process.env,
): Credentials | undefined {
  const accessKeyId = envValue(env, "AWS_ACCESS_KEY_ID");
  const secretAccessKey = envValue(env, "AWS_SECRET_ACCESS_KEY");
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  const sessionToken = envValue(env, "AWS_SESSION_TOKEN");
  const expirationText = envValue(env, "AWS_CREDENTIAL_EXPIRATION");
  const expiration = expirationText === undefined ? undefined : new Date(expirationText);
  if (expiration !== undefined && !Number.isFinite(expiration.getTime())) {
    throw new CredentialsError(
      "Environment variable AWS_CREDENTIAL_EXPIRATION is not a valid date (expected ISO 8601)",
      ["environment variables"],
    );
  }
  return toCredentials(
    {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
      ...(expiration === undefined ? {} : { expiration }),
    },
    "environment variables",
  );
}

export interface DefaultProviderOptions {
  /** The shared config profile. Setting it skips the environment keys. */
  profile?: string | undefined;
  /** @default process.env */
  env?: Environment | undefined;
  /**
   * The client's region, once known. Sources that call STS are sent there, as v3 does;
   * without it they fall back to AWS_REGION, the profile's region or us-east-1, and a VPC that
   * reaches only the regional STS endpoint cannot get credentials.
   */
  region?: (() => string | undefined) | undefined;
  /** Test seam. @default import("@aws-sdk/credential-providers"), on first use */
  loadProviders?: (() => Promise<CredentialProvidersModule>) | undefined;
}

function environmentSource(env: Environment): string {
  const id = envValue(env, "AWS_ACCESS_KEY_ID") !== undefined;
  const secret = envValue(env, "AWS_SECRET_ACCESS_KEY") !== undefined;
  if (id === secret)
    return "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (not set)";
  return id
    ? "environment variables (AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not)"
    : "environment variables (AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not)";
}

/**
 * The default source: the environment keys, else the sources of the AWS SDK's Node chain that
 * the environment calls for (see credential-sources.ts), each from `@aws-sdk/credential-providers`,
 * imported only when one applies. An explicit `profile` skips the environment keys (the caller
 * asked for that profile).
 */
export function defaultCredentialsProvider(
  options: DefaultProviderOptions = {},
): CredentialsProvider {
  const env = options.env ?? process.env;
  const loadProviders = options.loadProviders ?? loadCredentialProviders;
  // As for the settings, a blank name is no choice (`profile: process.env.X ?? ""`).
  const chosenProfile = explicitProfile(options.profile);

  return async () => {
    if (chosenProfile === undefined) {
      const fromEnv = credentialsFromEnvironment(env);
      if (fromEnv !== undefined) return fromEnv;
    }
    const profile = selectProfileName(chosenProfile, env);
    const candidates = await credentialSources(profile, env);
    const sources = [
      ...(chosenProfile === undefined ? [environmentSource(env)] : []),
      ...candidates.map((source) => source.description),
    ];
    // Whatever the environment holds may show up in a source's message (a misconfigured pair).
    const known = [envValue(env, "AWS_SECRET_ACCESS_KEY"), envValue(env, "AWS_SESSION_TOKEN")];
    const makers = candidates.flatMap((source) => (source.make === undefined ? [] : [source.make]));
    try {
      if (makers.length === 0) throw new Error("no credentials source applies here");
      const module = await loadProviders();
      const region = options.region?.();
      const call: SourceCallOptions =
        region === undefined ? {} : { callerClientConfig: { region: async () => region } };
      const found = await firstOf(makers.map((make) => make(module)))(call);
      return toCredentials(found, "the AWS SDK credential providers");
    } catch (error) {
      if (error instanceof CredentialsError) throw error;
      const reason = sanitizeMessage(error instanceof Error ? error.message : String(error), known);
      throw new CredentialsError(
        `Could not find AWS credentials. Tried, in order:\n${sources.map((source) => `  - ${source}`).join("\n")}\n` +
          `The last source said: ${reason}`,
        sources,
        { cause: sanitizedCause(error, known) },
      );
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Caching

/** Start refreshing this long before `expiration`, as the AWS SDKs do. */
export const REFRESH_WINDOW_MS = 5 * 60 * 1000;

/**
 * Callers wait for fresh credentials only this close to `expiration`: a request signed with
 * credentials about to expire could reach the service after they have.
 */
export const MUST_REFRESH_MS = 60 * 1000;

/** After a refresh that failed, or that still gave soon-expiring credentials, wait this long. */
export const REFRESH_RETRY_MS = 10 * 1000;

export interface CredentialCacheOptions {
  /** Milliseconds since the epoch. @default Date.now */
  clock?: (() => number) | undefined;
  /** @default {@link REFRESH_WINDOW_MS} */
  refreshWindowMs?: number | undefined;
}

/**
 * Caches what a provider returns. Credentials without `expiration` are kept for good.
 * Temporary ones are refreshed in the background from `expiration - refreshWindowMs`, while
 * callers go on with the ones in hand; if that refresh fails they keep working until the last
 * minute before expiration ({@link MUST_REFRESH_MS}), when callers wait for a refresh and see
 * its failure. So a short outage of the credentials source (STS, instance metadata, SSO)
 * costs no call while the credentials in hand are good.
 *
 * At most one resolution is in flight: every caller that arrives while it runs and has to
 * wait awaits the same promise, so a burst of calls at startup or at expiry costs one provider
 * call. A failed resolution is handed to every waiting caller and not cached; the next `get()`
 * that must wait tries again.
 */
export class CredentialCache implements ClientCredentials {
  readonly #provider: CredentialsProvider;
  readonly #clock: () => number;
  readonly #window: number;
  readonly #mustRefresh: number;
  #current: Credentials | undefined;
  #pending: Promise<Credentials> | undefined;
  /** No background refresh before this time (after one that failed or came back short). */
  #quietUntil = 0;

  constructor(provider: CredentialsProvider, options: CredentialCacheOptions = {}) {
    this.#provider = provider;
    this.#clock = options.clock ?? Date.now;
    this.#window = options.refreshWindowMs ?? REFRESH_WINDOW_MS;
    this.#mustRefresh = Math.min(MUST_REFRESH_MS, this.#window);
  }

  /**
   * The cached credentials, refreshed in the background inside the refresh window; fresh ones,
   * waited for, when there are none or they are about to expire.
   */
  get(): Promise<Credentials> {
    const current = this.#current;
    if (current !== undefined && this.#usable(current)) {
      if (this.#dueForRefresh(current)) this.#refreshInBackground();
      return Promise.resolve(current);
    }
    return this.#resolve();
  }

  /** True when `get()` would answer from the cache at once, without waiting for the provider. */
  isFresh(): boolean {
    const current = this.#current;
    return current !== undefined && this.#usable(current);
  }

  /** Forgets the cached credentials (say, after the service rejected them); the next `get()` resolves again. */
  invalidate(): void {
    this.#current = undefined;
  }

  /** Good to sign with now: no expiration, or more than a minute before it. */
  #usable(credentials: Credentials): boolean {
    const expiration = credentials.expiration;
    return expiration === undefined || this.#clock() < expiration.getTime() - this.#mustRefresh;
  }

  #dueForRefresh(credentials: Credentials): boolean {
    const expiration = credentials.expiration;
    return expiration !== undefined && this.#clock() >= expiration.getTime() - this.#window;
  }

  #refreshInBackground(): void {
    if (this.#pending !== undefined || this.#clock() < this.#quietUntil) return;
    this.#resolve().then(
      (credentials) => {
        if (this.#dueForRefresh(credentials)) this.#quietUntil = this.#clock() + REFRESH_RETRY_MS;
      },
      () => {
        // The callers still have good credentials; one that must wait will see the failure.
        this.#quietUntil = this.#clock() + REFRESH_RETRY_MS;
      },
    );
  }

  /** One provider call at a time, shared by every caller that arrives while it runs. */
  #resolve(): Promise<Credentials> {
    if (this.#pending === undefined) {
      const pending = this.#fetch();
      this.#pending = pending;
      // Cleared in a later microtask, after the assignment above, even when the provider
      // throws synchronously; a settled promise left here would pin a failure forever.
      const clear = () => {
        if (this.#pending === pending) this.#pending = undefined;
      };
      pending.then(clear, clear);
    }
    return this.#pending;
  }

  async #fetch(): Promise<Credentials> {
    try {
      const credentials = await this.#provider();
      this.#current = credentials;
      return credentials;
    } finally {
      // A provider may have matched a regular expression over a key, a token or a config
      // file; this fetch may also run in the background, after the call that started it.
      clearRegExpResidue();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The client option

export interface CredentialsOptions {
  /**
   * Fixed credentials, or a function resolving them (called again when they near expiration).
   * @default environment keys, else the AWS SDK Node provider chain
   */
  credentials?: Credentials | CredentialsProvider | undefined;
  /** The shared config profile the default chain reads. @default AWS_PROFILE, else `default` */
  profile?: string | undefined;
}

export interface CredentialsDependencies extends CredentialCacheOptions {
  /** @default process.env */
  env?: Environment | undefined;
  /** The client's region once resolved, for providers that call STS. */
  region?: (() => string | undefined) | undefined;
  /** Test seam for the default sources. */
  loadProviders?: (() => Promise<CredentialProvidersModule>) | undefined;
}

/**
 * The credentials a client signs with, handed to its transport. `get()` answers from the cache
 * while it can; `isFresh()` says whether it would answer at once (no fetch that could hang);
 * `invalidate()` drops the cached credentials after the service rejected them as expired, and
 * is absent for fixed credentials, which cannot be fetched again.
 */
export interface ClientCredentials {
  get(): Promise<Credentials>;
  isFresh(): boolean;
  readonly invalidate?: (() => void) | undefined;
}

/**
 * Turns the client's `credentials` / `profile` options into the credentials it signs with.
 * Validates fixed credentials at once (a {@link CredentialsError} on a missing field); wraps a
 * caller's provider so that its failures arrive as a {@link CredentialsError} with a sanitized
 * message; caches every provider.
 */
export function clientCredentials(
  options: CredentialsOptions = {},
  dependencies: CredentialsDependencies = {},
): ClientCredentials {
  const given = options.credentials;
  if (given !== undefined && typeof given !== "function") {
    const fixed = toCredentials(given, "the credentials option");
    return { get: () => Promise.resolve(fixed), isFresh: () => true };
  }
  const provider: CredentialsProvider =
    given === undefined
      ? defaultCredentialsProvider({
          profile: options.profile,
          env: dependencies.env,
          region: dependencies.region,
          loadProviders: dependencies.loadProviders,
        })
      : async () => {
          let result: unknown;
          try {
            result = await given();
          } catch (error) {
            if (error instanceof CredentialsError) throw error;
            const reason = sanitizeMessage(error instanceof Error ? error.message : String(error));
            throw new CredentialsError(
              `The credentials provider passed as the credentials option failed: ${reason}`,
              ["the credentials option"],
              { cause: sanitizedCause(error, []) },
            );
          }
          return toCredentials(result, "the credentials option");
        };
  return new CredentialCache(provider, dependencies);
}
