/**
 * The default credentials when the environment holds no keys: the sources the AWS SDK's Node
 * chain tries, each taken from `@aws-sdk/credential-providers` on its own and only when the
 * environment calls for it, in the chain's order:
 *
 * 1. the profile, when the shared config or credentials file has it (`fromIni`: static keys,
 *    assumed roles, SSO, `credential_process`, a web identity named in the profile);
 * 2. a web identity token file, when `AWS_WEB_IDENTITY_TOKEN_FILE` is set (`fromTokenFile`);
 * 3. the container credentials endpoint, when `AWS_CONTAINER_CREDENTIALS_FULL_URI` or
 *    `..._RELATIVE_URI` is set (`fromHttp`, then `fromContainerMetadata`);
 * 4. the EC2 instance metadata service, unless `AWS_EC2_METADATA_DISABLED` is set
 *    (`fromInstanceMetadata`).
 *
 * The package is imported by a specifier bundlers do not follow, and only when one of these
 * sources applies: a bundle of a program with environment keys carries none of it.
 */
import { type Environment, envValue, loadProfileSettings } from "./shared-config";

/** One credentials source, as `@aws-sdk/credential-providers` makes them. */
export type SourceProvider = (options?: SourceCallOptions) => Promise<unknown>;

/** What a source is called with: the client's region, for sources that call STS or SSO. */
export interface SourceCallOptions {
  /** As v3 passes it: a source that calls STS (web identity, an assumed role) uses this region. */
  callerClientConfig?: { region: () => Promise<string> };
}

/** The part of `@aws-sdk/credential-providers` used here. */
export interface CredentialProvidersModule {
  fromIni(init: { profile: string }): SourceProvider;
  fromTokenFile(init?: object): SourceProvider;
  fromHttp(init?: object): SourceProvider;
  fromContainerMetadata(init?: object): SourceProvider;
  fromInstanceMetadata(init?: object): SourceProvider;
}

/** Not a literal, so that bundlers leave the package to node (see the file comment). */
const PROVIDERS_PACKAGE = "@aws-sdk/credential-providers";

export async function loadCredentialProviders(): Promise<CredentialProvidersModule> {
  try {
    return (await import(PROVIDERS_PACKAGE)) as CredentialProvidersModule;
  } catch {
    throw new Error(
      `${PROVIDERS_PACKAGE} could not be loaded (a bundle that left it out? Install it beside the bundle, or pass the credentials option)`,
    );
  }
}

/** A source the environment calls for: how to describe it, and how to make its provider. */
export interface CredentialSource {
  /** In words, for the error that lists what was tried. */
  readonly description: string;
  /** `undefined` when the environment does not call for this source. */
  readonly make?: ((module: CredentialProvidersModule) => SourceProvider) | undefined;
}

/**
 * Every source of the chain in order, each with `make` when the environment calls for it.
 * Reads the shared files to learn whether they hold the profile.
 */
export async function credentialSources(
  profile: string,
  env: Environment,
): Promise<CredentialSource[]> {
  const loaded = await loadProfileSettings({ profile, env });
  const tokenFile = envValue(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
  const container =
    envValue(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI") ??
    envValue(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const imdsDisabled = (envValue(env, "AWS_EC2_METADATA_DISABLED") ?? "false") !== "false";
  const files = `${loaded.configFile}, ${loaded.credentialsFile}`;
  return [
    {
      description: loaded.found
        ? `profile "${profile}" in the shared files (${files}): static keys, SSO, assumed roles, credential_process`
        : `profile "${profile}" in the shared files (${files}): not found`,
      make: loaded.found ? (module) => module.fromIni({ profile }) : undefined,
    },
    {
      description:
        tokenFile === undefined
          ? "web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE not set)"
          : "web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE)",
      make: tokenFile === undefined ? undefined : (module) => module.fromTokenFile(),
    },
    container !== undefined
      ? {
          description: "ECS/EKS container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*_URI)",
          make: (module) => firstOf([module.fromHttp(), module.fromContainerMetadata()]),
        }
      : imdsDisabled
        ? { description: "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)" }
        : {
            description: "EC2 instance metadata",
            make: (module) => module.fromInstanceMetadata(),
          },
  ];
}

/**
 * Tries `providers` in order, as the AWS chain does: a failure that says to try the next link
 * (`tryNextLink`, the providers' "this source does not apply") moves on; any other failure,
 * and the last one, is thrown.
 */
export function firstOf(providers: readonly SourceProvider[]): SourceProvider {
  return async (options) => {
    let last: unknown = new Error("no credentials source applies");
    for (const provider of providers) {
      try {
        return await provider(options);
      } catch (error) {
        last = error;
        if ((error as { tryNextLink?: unknown } | undefined)?.tryNextLink !== true) throw error;
      }
    }
    throw last;
  };
}
