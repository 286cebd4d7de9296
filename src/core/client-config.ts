/**
 * Puts together the settings the transport resolves at the first call: options, environment
 * and shared config, and the endpoint from the model's rules. Credentials are not among them:
 * the client hands those to the transport itself.
 */
import { resolveEndpoint } from "./endpoint";
import { requireRegion, resolveSettings, type SettingsOptions } from "./settings";
import type { ResolvedConfig } from "./transport";

export async function resolveClientConfig(options: SettingsOptions): Promise<ResolvedConfig> {
  const settings = await resolveSettings(options);
  const region = requireRegion(settings);
  const endpoint = resolveEndpoint({
    region,
    useFips: settings.useFipsEndpoint,
    useDualstack: settings.useDualstackEndpoint,
    endpoint: settings.endpoint,
  });
  return { region, endpoint, maxAttempts: settings.maxAttempts, retryMode: settings.retryMode };
}
