/**
 * Puts together what the transport resolves at the first call: settings (options, environment,
 * shared config), the endpoint from the model's rules, and the credentials provider.
 */
import type { ResolvedCredentialsProvider } from "./credentials";
import { resolveEndpoint } from "./endpoint";
import { requireRegion, resolveSettings, type SettingsOptions } from "./settings";
import type { ResolvedConfig } from "./transport";

/**
 * `fips-us-east-1` and `us-east-1-fips` are names some tools use for "us-east-1 with FIPS":
 * not real regions, so they become the region plus the FIPS flag, as the AWS SDKs do.
 */
function splitFipsPseudoRegion(region: string): { region: string; fips: boolean } {
  const real = region.replace(/^fips-/, "").replace(/-fips$/, "");
  return { region: real, fips: real !== region };
}

export async function resolveClientConfig(
  options: SettingsOptions,
  credentials: ResolvedCredentialsProvider,
): Promise<ResolvedConfig> {
  const settings = await resolveSettings(options);
  const { region, fips } = splitFipsPseudoRegion(requireRegion(settings));
  const endpoint = resolveEndpoint({
    region,
    useFips: settings.useFipsEndpoint || fips,
    useDualstack: settings.useDualstackEndpoint,
    endpoint: settings.endpoint,
  });
  return {
    region,
    endpoint: endpoint.url,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    credentials,
    invalidateCredentials: credentials.invalidate,
    credentialsFresh: credentials.isFresh,
  };
}
