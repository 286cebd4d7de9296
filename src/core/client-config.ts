/**
 * Puts together what the transport resolves at the first call: settings (options, environment,
 * shared config), the endpoint from the model's rules, and the credentials provider.
 */
import type { ResolvedCredentialsProvider } from "./credentials";
import { resolveEndpoint } from "./endpoint";
import { requireRegion, resolveSettings, type SettingsOptions } from "./settings";
import type { ResolvedConfig } from "./transport";

export async function resolveClientConfig(
  options: SettingsOptions,
  credentials: ResolvedCredentialsProvider,
): Promise<ResolvedConfig> {
  const settings = await resolveSettings(options);
  const region = requireRegion(settings);
  const endpoint = resolveEndpoint({
    region,
    useFips: settings.useFipsEndpoint,
    useDualstack: settings.useDualstackEndpoint,
    endpoint: settings.endpoint,
  });
  return {
    region,
    endpoint,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    credentials,
    invalidateCredentials: credentials.invalidate,
    credentialsFresh: credentials.isFresh,
  };
}
