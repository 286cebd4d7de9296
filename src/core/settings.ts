/**
 * Resolves the client's settings the way the AWS SDKs do: an explicit option wins, then the
 * environment, then the selected profile of the shared config files, then the default.
 *
 * The shared files are read only when some setting is given neither by an option nor by the
 * environment, and then once. Every value is validated, and a bad one fails with a
 * {@link ConfigurationError} naming where it came from.
 */
import { ConfigurationError } from "./errors";

export { ConfigurationError };

import {
  type Environment,
  envValue,
  type FileReader,
  type LoadedProfile,
  loadProfileSettings,
  type ProfileValue,
  selectProfileName,
  sharedFilePaths,
} from "./shared-config";

/**
 * `"standard"`: capped exponential backoff with jitter. `"adaptive"`: standard plus client-side
 * rate limiting when throttled. The environment and the config file may also say `"legacy"`
 * (a mode other SDKs still have): it resolves to `"standard"`, so a config file shared with the
 * AWS CLI or boto3 does not break this client.
 */
export type RetryMode = "standard" | "adaptive";

export interface SettingsOptions {
  /** The AWS Region, for example `eu-west-1`. @default AWS_REGION, AWS_DEFAULT_REGION, profile `region` */
  region?: string | undefined;
  /** The shared config profile to read. @default AWS_PROFILE, else `default` */
  profile?: string | undefined;
  /** Attempts per call, the first one included; at least 1. @default AWS_MAX_ATTEMPTS, profile `max_attempts`, else 3 */
  maxAttempts?: number | undefined;
  /** @default AWS_RETRY_MODE, profile `retry_mode`, else `"standard"` */
  retryMode?: RetryMode | undefined;
  /** @default AWS_USE_FIPS_ENDPOINT, profile `use_fips_endpoint`, else `false` */
  useFipsEndpoint?: boolean | undefined;
  /** @default AWS_USE_DUALSTACK_ENDPOINT, profile `use_dualstack_endpoint`, else `false` */
  useDualstackEndpoint?: boolean | undefined;
  /**
   * A custom endpoint (local emulator, VPC endpoint), an absolute `http:` or `https:` URL.
   * @default AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL, the profile's services section,
   * the profile's `endpoint_url`; the environment and profile are skipped when
   * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's `ignore_configured_endpoint_urls`) is
   * `true`. None: the regional endpoint from the endpoint rules.
   */
  endpoint?: string | URL | undefined;
}

/**
 * Where each resolved value came from, for debug logs: `the region option`,
 * `environment variable AWS_REGION`, `region in profile "dev" (/home/me/.aws/config)`, or
 * `default` / `none` when nothing set it.
 */
export type SettingSources = Readonly<
  Record<Exclude<keyof ResolvedSettings, "profile" | "sources">, string>
>;

export interface ResolvedSettings {
  /** `undefined` when nothing configures one; {@link requireRegion} turns that into an error at the first call. */
  readonly region: string | undefined;
  /** The profile whose settings apply (read or not). */
  readonly profile: string;
  readonly maxAttempts: number;
  readonly retryMode: RetryMode;
  readonly useFipsEndpoint: boolean;
  readonly useDualstackEndpoint: boolean;
  readonly endpoint: URL | undefined;
  readonly sources: SettingSources;
}

export interface SettingsDependencies {
  /** How the shared files are read. @default fs/promises, a missing file being empty */
  readFile?: FileReader | undefined;
}

const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * A value and where it came from. `text` values (environment, files) are strings to parse;
 * option values must already have the option's type.
 */
interface Candidate {
  readonly value: unknown;
  readonly source: string;
  readonly text: boolean;
}

/** AWS region names are host labels: letters, digits and hyphens. */
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i; // one DNS label: at most 63 characters

function shown(value: unknown): string {
  return JSON.stringify(typeof value === "string" ? value : String(value));
}

function parseRegion({ value, source }: Candidate): string {
  const region = typeof value === "string" ? value.trim() : undefined;
  if (region === undefined || !REGION.test(region)) {
    throw new ConfigurationError(
      `Invalid region ${shown(value)} from ${source}: expected a region name such as "us-east-1"`,
    );
  }
  return region;
}

function parseMaxAttempts({ value, source, text }: Candidate): number {
  const number = text
    ? /^\d+$/.test(String(value).trim())
      ? Number(String(value).trim())
      : Number.NaN
    : typeof value === "number"
      ? value
      : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new ConfigurationError(
      `Invalid max attempts ${shown(value)} from ${source}: expected an integer of at least 1`,
    );
  }
  return number;
}

/** `"legacy"` is accepted from text sources only; see {@link RetryMode}. */
function parseRetryMode({ value, source, text }: Candidate): RetryMode {
  const mode = text ? String(value).trim().toLowerCase() : value;
  if (mode === "standard" || mode === "adaptive") return mode;
  if (mode === "legacy" && text) return "standard";
  const accepted = text ? `"standard", "adaptive" or "legacy"` : `"standard" or "adaptive"`;
  throw new ConfigurationError(
    `Invalid retry mode ${shown(value)} from ${source}: expected ${accepted}`,
  );
}

function parseBoolean({ value, source, text }: Candidate): boolean {
  if (!text && typeof value === "boolean") return value;
  const word = text ? String(value).trim().toLowerCase() : undefined;
  if (word === "true") return true;
  if (word === "false") return false;
  const expected = text ? `"true" or "false"` : "a boolean";
  throw new ConfigurationError(
    `Invalid value ${shown(value)} from ${source}: expected ${expected}`,
  );
}

/** The value is not echoed back: an endpoint URL may carry a user name and password. */
function parseEndpoint({ value, source }: Candidate): URL {
  let url: URL;
  try {
    if (value instanceof URL) url = new URL(value.href);
    else if (typeof value === "string") url = new URL(value.trim());
    else throw new TypeError("not a string");
  } catch {
    throw new ConfigurationError(`Invalid endpoint from ${source}: not an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigurationError(
      `Invalid endpoint from ${source}: expected an http: or https: URL, got ${url.protocol}`,
    );
  }
  return url;
}

function fromOption(value: unknown, name: string): Candidate | undefined {
  return value === undefined ? undefined : { value, source: `the ${name} option`, text: false };
}

function fromEnv(env: Environment, ...names: string[]): Candidate | undefined {
  for (const name of names) {
    const value = envValue(env, name);
    if (value !== undefined) return { value, source: `environment variable ${name}`, text: true };
  }
  return undefined;
}

function fromProfile(value: ProfileValue | undefined): Candidate | undefined {
  return value === undefined ? undefined : { value: value.value, source: value.source, text: true };
}

function parsed<T>(
  candidate: Candidate | undefined,
  parse: (candidate: Candidate) => T,
): T | undefined {
  return candidate === undefined ? undefined : parse(candidate);
}

type Resolvable = Exclude<keyof ResolvedSettings, "profile" | "sources">;

/**
 * Resolves every client setting. Reads the shared files (once) only if some setting is given
 * neither by `options` nor by `env`.
 *
 * @param env the environment to read; injectable for tests. @default process.env
 * @throws ConfigurationError when a value is malformed, naming its source.
 */
export async function resolveSettings(
  options: SettingsOptions = {},
  env: Environment = process.env,
  dependencies: SettingsDependencies = {},
): Promise<ResolvedSettings> {
  const profileName = selectProfileName(options.profile, env);

  // Read only when it can matter: an `endpoint` option wins whatever the variable says.
  const ignoreFromEnv =
    options.endpoint === undefined
      ? parsed(fromEnv(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), parseBoolean)
      : undefined;
  const given: Record<Resolvable, Candidate | undefined> = {
    region:
      fromOption(options.region, "region") ?? fromEnv(env, "AWS_REGION", "AWS_DEFAULT_REGION"),
    maxAttempts: fromOption(options.maxAttempts, "maxAttempts") ?? fromEnv(env, "AWS_MAX_ATTEMPTS"),
    retryMode: fromOption(options.retryMode, "retryMode") ?? fromEnv(env, "AWS_RETRY_MODE"),
    useFipsEndpoint:
      fromOption(options.useFipsEndpoint, "useFipsEndpoint") ??
      fromEnv(env, "AWS_USE_FIPS_ENDPOINT"),
    useDualstackEndpoint:
      fromOption(options.useDualstackEndpoint, "useDualstackEndpoint") ??
      fromEnv(env, "AWS_USE_DUALSTACK_ENDPOINT"),
    endpoint:
      fromOption(options.endpoint, "endpoint") ??
      (ignoreFromEnv === true
        ? undefined
        : fromEnv(env, "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL")),
  };

  // Validate what the options and the environment give before any file I/O, so a bad value
  // fails the same way whatever the files hold.
  let region = parsed(given.region, parseRegion);
  let maxAttempts = parsed(given.maxAttempts, parseMaxAttempts);
  let retryMode = parsed(given.retryMode, parseRetryMode);
  let useFipsEndpoint = parsed(given.useFipsEndpoint, parseBoolean);
  let useDualstackEndpoint = parsed(given.useDualstackEndpoint, parseBoolean);
  let endpoint = parsed(given.endpoint, parseEndpoint);
  // An endpoint from the environment still answers to the profile's
  // ignore_configured_endpoint_urls, unless the environment itself says whether to ignore.
  const endpointSettled =
    options.endpoint !== undefined ||
    ignoreFromEnv === true ||
    (ignoreFromEnv === false && endpoint !== undefined);

  const complete =
    region !== undefined &&
    maxAttempts !== undefined &&
    retryMode !== undefined &&
    useFipsEndpoint !== undefined &&
    useDualstackEndpoint !== undefined &&
    endpointSettled;

  let profile: LoadedProfile | undefined;
  if (!complete) {
    try {
      profile = await loadProfileSettings({
        profile: profileName,
        env,
        readFile: dependencies.readFile,
      });
    } catch (error) {
      throw new ConfigurationError((error as Error).message, { cause: error });
    }
    const from = profile.settings;
    // Each `??=` consults the profile only for a setting still missing.
    const take = (key: Resolvable, value: ProfileValue | undefined): Candidate | undefined => {
      const candidate = fromProfile(value);
      if (candidate !== undefined) given[key] = candidate;
      return candidate;
    };
    region ??= parsed(take("region", from.region), parseRegion);
    maxAttempts ??= parsed(take("maxAttempts", from.maxAttempts), parseMaxAttempts);
    retryMode ??= parsed(take("retryMode", from.retryMode), parseRetryMode);
    useFipsEndpoint ??= parsed(take("useFipsEndpoint", from.useFipsEndpoint), parseBoolean);
    useDualstackEndpoint ??= parsed(
      take("useDualstackEndpoint", from.useDualstackEndpoint),
      parseBoolean,
    );
    if (!endpointSettled) {
      // The environment's AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, when set, wins over the profile's.
      const ignore =
        ignoreFromEnv ??
        parsed(fromProfile(from.ignoreConfiguredEndpointUrls), parseBoolean) ??
        false;
      if (ignore) {
        endpoint = undefined;
        given.endpoint = undefined;
      } else if (endpoint === undefined) {
        if (from.serviceEndpointUrl === undefined && profile.missingServicesSection !== undefined) {
          throw new ConfigurationError(
            `Profile "${profile.name}" names the services section "${profile.missingServicesSection}", ` +
              `but ${profile.configFile} has no [services ${profile.missingServicesSection}] section`,
          );
        }
        endpoint = parsed(
          take("endpoint", from.serviceEndpointUrl ?? from.endpointUrl),
          parseEndpoint,
        );
      }
    }
  }

  const settings: ResolvedSettings = {
    region,
    profile: profileName,
    maxAttempts: maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: retryMode ?? "standard",
    useFipsEndpoint: useFipsEndpoint ?? false,
    useDualstackEndpoint: useDualstackEndpoint ?? false,
    endpoint,
    sources: {
      region: given.region?.source ?? "none",
      maxAttempts: given.maxAttempts?.source ?? "default",
      retryMode: given.retryMode?.source ?? "default",
      useFipsEndpoint: given.useFipsEndpoint?.source ?? "default",
      useDualstackEndpoint: given.useDualstackEndpoint?.source ?? "default",
      endpoint: given.endpoint?.source ?? "none",
    },
  };
  if (settings.region === undefined) {
    missingRegion.set(settings, missingRegionMessage(profileName, profile, env));
  }
  return settings;
}

/** The message for a missing region, computed when the settings were resolved (it names what was read). */
const missingRegion = new WeakMap<ResolvedSettings, string>();

function missingRegionMessage(
  name: string,
  profile: LoadedProfile | undefined,
  env: Environment,
): string {
  const configFile = profile?.configFile ?? sharedFilePaths(env).configFile;
  const where =
    profile?.found === false ? `; profile "${name}" is not in ${configFile}` : ` (${configFile})`;
  return (
    "No region configured: pass { region } to the client, or set AWS_REGION, or a region in the " +
    `AWS config profile "${name}"${where}`
  );
}

/**
 * The region, or a {@link ConfigurationError} saying how to configure one. The client calls this
 * at its first call, not at construction, so constructing a client never fails on a missing
 * region.
 */
export function requireRegion(settings: ResolvedSettings): string {
  if (settings.region !== undefined) return settings.region;
  throw new ConfigurationError(
    missingRegion.get(settings) ??
      `No region configured: pass { region } to the client, or set AWS_REGION, or a region in the AWS config profile "${settings.profile}"`,
  );
}
