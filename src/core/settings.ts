/**
 * Resolves the client's settings the way the AWS SDKs do: an explicit option wins, then the
 * environment, then the selected profile of the shared config files, then the default.
 *
 * The shared files are read only when some setting is given neither by an option nor by the
 * environment, and then once. Every value is validated, and a bad one fails with a
 * {@link ConfigurationError} naming where it came from.
 */
import { ConfigurationError } from "./errors";
import {
  type Candidate,
  parseBoolean,
  parseEndpoint,
  parseMaxAttempts,
  parseRegion,
  parseRetryMode,
  type RetryMode,
  withoutFips,
} from "./setting-parsers";
import {
  type Environment,
  envValue,
  type FileReader,
  type LoadedProfile,
  loadProfileSettings,
  selectProfileName,
} from "./shared-config";

export type { RetryMode };

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

export interface ResolvedSettings {
  /** A real region: a FIPS pseudo-region (`fips-us-east-1`) sets `useFipsEndpoint` instead. */
  readonly region: string | undefined;
  readonly maxAttempts: number;
  readonly retryMode: RetryMode;
  readonly useFipsEndpoint: boolean;
  readonly useDualstackEndpoint: boolean;
  readonly endpoint: URL | undefined;
  /** The profile whose settings apply (read or not). */
  readonly profile: string;
  /** Set when `region` is not: how to configure one, which {@link requireRegion} throws. */
  readonly missingRegion?: string;
}

/** The settings {@link SETTINGS} resolves, each named after its option. */
type Name = Exclude<keyof ResolvedSettings, "profile" | "missingRegion">;

/** Where one setting is looked for after its option, how a value is read, and its default. */
interface Setting<T> {
  /** Environment variables, the first one set winning. */
  readonly env: readonly string[];
  /** The key in the profile (and in its services section, when `perService`). */
  readonly profileKey: string;
  /** The profile's `[services name]` section may set it for Secrets Manager alone, winning. */
  readonly perService?: true;
  /** A configured endpoint URL: {@link IGNORE_CONFIGURED} skips the environment and profile. */
  readonly ignorable?: true;
  readonly parse: (candidate: Candidate) => T;
  readonly fallback: T;
}

/** Every setting, in the order they are validated. Adding one is adding a row (and its option). */
const SETTINGS: { readonly [K in Name]: Setting<ResolvedSettings[K]> } = {
  region: {
    env: ["AWS_REGION", "AWS_DEFAULT_REGION"],
    profileKey: "region",
    parse: parseRegion,
    fallback: undefined,
  },
  maxAttempts: {
    env: ["AWS_MAX_ATTEMPTS"],
    profileKey: "max_attempts",
    parse: parseMaxAttempts,
    fallback: 3,
  },
  retryMode: {
    env: ["AWS_RETRY_MODE"],
    profileKey: "retry_mode",
    parse: parseRetryMode,
    fallback: "standard",
  },
  useFipsEndpoint: {
    env: ["AWS_USE_FIPS_ENDPOINT"],
    profileKey: "use_fips_endpoint",
    parse: parseBoolean,
    fallback: false,
  },
  useDualstackEndpoint: {
    env: ["AWS_USE_DUALSTACK_ENDPOINT"],
    profileKey: "use_dualstack_endpoint",
    parse: parseBoolean,
    fallback: false,
  },
  endpoint: {
    env: ["AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"],
    profileKey: "endpoint_url",
    perService: true,
    ignorable: true,
    parse: parseEndpoint,
    fallback: undefined,
  },
};

/** Whether to skip configured endpoint URLs: a setting without an option, read only when it can matter. */
const IGNORE_CONFIGURED: Setting<boolean> = {
  env: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"],
  profileKey: "ignore_configured_endpoint_urls",
  parse: parseBoolean,
  fallback: false,
};

const NAMES = Object.keys(SETTINGS) as Name[];
/** The profile keys to read: nothing else of a profile, credentials above all, is kept. */
const PROFILE_KEYS = [...Object.values(SETTINGS), IGNORE_CONFIGURED].map((row) => row.profileKey);

/** The setting from the first of its environment variables that is set, parsed. */
function fromEnv<T>(env: Environment, setting: Setting<T>): T | undefined {
  for (const name of setting.env) {
    const value = envValue(env, name);
    if (value !== undefined) {
      return setting.parse({ value, source: `environment variable ${name}`, text: true });
    }
  }
  return undefined;
}

/** The setting from the profile, parsed. */
function fromProfile<T>(profile: LoadedProfile, setting: Setting<T>): T | undefined {
  const key = setting.profileKey;
  if (setting.perService && profile.missingServicesSection !== undefined) {
    throw new ConfigurationError(
      `Profile "${profile.name}" names the services section "${profile.missingServicesSection}", ` +
        `but ${profile.configFile} has no [services ${profile.missingServicesSection}] section`,
    );
  }
  const found =
    (setting.perService ? profile.serviceSettings[key] : undefined) ?? profile.settings[key];
  return found === undefined ? undefined : setting.parse({ ...found, text: true });
}

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
  { readFile }: { readFile?: FileReader | undefined } = {},
): Promise<ResolvedSettings> {
  const profile = selectProfileName(options.profile, env);
  // Read only when it can matter: an `endpoint` option wins whatever the variable says.
  const ignoreFromEnv =
    options.endpoint === undefined ? fromEnv(env, IGNORE_CONFIGURED) : undefined;

  // Options and the environment first, all validated before any file I/O, so a bad value fails
  // the same way whatever the files hold.
  const values: Partial<Record<Name, unknown>> = {};
  const pending: Name[] = []; // what the profile may still set (or, for the endpoint, veto)
  for (const name of NAMES) {
    const setting: Setting<unknown> = SETTINGS[name];
    const option = options[name];
    if (option !== undefined) {
      values[name] = setting.parse({ value: option, source: `the ${name} option`, text: false });
    } else if (!(setting.ignorable && ignoreFromEnv === true)) {
      values[name] = fromEnv(env, setting);
      // A configured endpoint from the environment still answers to the profile's
      // ignore_configured_endpoint_urls, unless the environment itself says whether to ignore.
      if (values[name] === undefined || (setting.ignorable && ignoreFromEnv === undefined)) {
        pending.push(name);
      }
    }
  }

  let missingRegion: string | undefined;
  if (pending.length > 0) {
    let loaded: LoadedProfile;
    try {
      loaded = await loadProfileSettings({ profile, env, readFile, keys: PROFILE_KEYS });
    } catch (error) {
      throw new ConfigurationError((error as Error).message, { cause: error });
    }
    for (const name of pending) {
      const setting: Setting<unknown> = SETTINGS[name];
      // The environment's AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, when set, wins over the profile's.
      const ignore = setting.ignorable && (ignoreFromEnv ?? fromProfile(loaded, IGNORE_CONFIGURED));
      if (ignore === true) values[name] = undefined;
      else values[name] ??= fromProfile(loaded, setting);
    }
    if (values.region === undefined) {
      const file = loaded.configFile;
      const where = loaded.found ? ` (${file})` : `; profile "${profile}" is not in ${file}`;
      missingRegion = `${NO_REGION} "${profile}"${where}`;
    }
  }

  for (const name of NAMES) values[name] ??= SETTINGS[name].fallback;
  const resolved = values as Pick<ResolvedSettings, Name>; // each from its own row's parser or default
  const region = resolved.region === undefined ? undefined : withoutFips(resolved.region);
  return {
    ...resolved,
    region,
    useFipsEndpoint: resolved.useFipsEndpoint || region !== resolved.region,
    profile,
    ...(missingRegion === undefined ? {} : { missingRegion }),
  };
}

const NO_REGION =
  "No region configured: pass { region } to the client, or set AWS_REGION, or a region in the AWS config profile";

/**
 * The region, or a {@link ConfigurationError} saying how to configure one. The client calls this
 * at its first call, so constructing a client never fails on a missing region.
 */
export function requireRegion(settings: ResolvedSettings): string {
  if (settings.region !== undefined) return settings.region;
  throw new ConfigurationError(settings.missingRegion ?? `${NO_REGION} "${settings.profile}"`);
}
