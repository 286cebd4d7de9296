/**
 * How a setting's value is read: each parser checks one value, typed from an option or text from
 * the environment or a shared file, and fails with a {@link ConfigurationError} naming where the
 * value came from (never echoing an endpoint, which may hold a password).
 */
import { ConfigurationError } from "./errors";

/**
 * `"standard"`: capped exponential backoff with jitter. `"adaptive"`: standard plus client-side
 * rate limiting when throttled. The environment and the config file may also say `"legacy"`
 * (a mode other SDKs still have): it resolves to `"standard"`, so a config file shared with the
 * AWS CLI or boto3 does not break this client.
 */
export type RetryMode = "standard" | "adaptive";

/**
 * A value and where it came from. `text` values (environment, files) are strings to parse;
 * option values must already have the option's type.
 */
export interface Candidate {
  readonly value: unknown;
  readonly source: string;
  readonly text: boolean;
}

function shown(value: unknown): string {
  return JSON.stringify(typeof value === "string" ? value : String(value));
}

/** Region names are pasted into host names: one DNS label, at most 63 characters. */
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** `fips-us-east-1` and `us-east-1-fips` are names some tools use for "us-east-1 with FIPS". */
export function withoutFips(region: string): string {
  return region.replace(/^fips-/, "").replace(/-fips$/, "");
}

export function parseRegion({ value, source }: Candidate): string {
  const region = typeof value === "string" ? value.trim() : "";
  if (!REGION.test(region) || !REGION.test(withoutFips(region))) {
    throw new ConfigurationError(
      `Invalid region ${shown(value)} from ${source}: expected a region name such as "us-east-1"`,
    );
  }
  return region;
}

export function parseMaxAttempts({ value, source, text }: Candidate): number {
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
export function parseRetryMode({ value, source, text }: Candidate): RetryMode {
  const mode = text ? String(value).trim().toLowerCase() : value;
  if (mode === "standard" || mode === "adaptive") return mode;
  if (mode === "legacy" && text) return "standard";
  const accepted = text ? `"standard", "adaptive" or "legacy"` : `"standard" or "adaptive"`;
  throw new ConfigurationError(
    `Invalid retry mode ${shown(value)} from ${source}: expected ${accepted}`,
  );
}

export function parseBoolean({ value, source, text }: Candidate): boolean {
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
export function parseEndpoint({ value, source }: Candidate): URL {
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
