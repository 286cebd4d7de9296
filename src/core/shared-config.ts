/**
 * Reads the client settings a profile of the AWS shared files holds: the config file
 * (`~/.aws/config`, or `AWS_CONFIG_FILE`) and the credentials file (`~/.aws/credentials`, or
 * `AWS_SHARED_CREDENTIALS_FILE`).
 *
 * Only settings are extracted here; credentials in these files are left to the credential
 * chain, and nothing read here ever goes into an error message except paths, profile names and
 * setting names.
 */
import { readFile as fsReadFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads a whole file as UTF-8 text; resolves to `undefined` when the file does not exist.
 * Injectable so tests can count reads.
 */
export type FileReader = (path: string) => Promise<string | undefined>;

/** One parsed section: its `key = value` pairs and its nested blocks (`key =` then indented pairs). */
export interface IniSection {
  readonly values: Map<string, string>;
  readonly nested: Map<string, Map<string, string>>;
}

/** A setting found in a profile, with where it was found, for error messages. */
export interface ProfileValue {
  readonly value: string;
  /** For example `max_attempts in profile "dev" (/home/me/.aws/config)`. */
  readonly source: string;
}

/** A profile's settings by key (`max_attempts`), as written (unvalidated), each with where it was found. */
export type ProfileValues = Readonly<Record<string, ProfileValue>>;

export interface LoadedProfile {
  /** The profile name that was selected. */
  readonly name: string;
  /** Whether either file has a section for that profile. */
  readonly found: boolean;
  readonly configFile: string;
  readonly credentialsFile: string;
  /** The asked-for keys the profile sets; the config file wins over the credentials file. */
  readonly settings: ProfileValues;
  /**
   * The asked-for keys set in the `secrets_manager` block of the `[services name]` section the
   * profile's `services = name` points to.
   */
  readonly serviceSettings: ProfileValues;
  /**
   * Set when the profile names a services section (`services = name`) the config file does not
   * have: the name. The caller decides whether that matters (only when the endpoint is not
   * given some other way).
   */
  readonly missingServicesSection?: string;
}

export interface SharedConfigOptions {
  /** The profile to read; else `AWS_PROFILE`; else `default`. */
  profile?: string | undefined;
  /** @default process.env */
  env?: Environment | undefined;
  /** @default a `fs/promises` reader that treats a missing file as absent */
  readFile?: FileReader | undefined;
  /** The setting keys to read (`region`, `max_attempts`); nothing else, credentials above all, is kept. @default none */
  keys?: readonly string[] | undefined;
}

/**
 * The key of Secrets Manager in a `[services name]` section: the model's service id
 * ("Secrets Manager") lower-cased with spaces turned into underscores, as every AWS SDK does.
 */
export const SERVICE_CONFIG_KEY = "secrets_manager";

/** An environment value, trimmed; empty counts as unset. */
export function envValue(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** The profile name: the explicit one, else `AWS_PROFILE`, else `default`. */
export function selectProfileName(profile: string | undefined, env: Environment): string {
  return explicitProfile(profile) ?? envValue(env, "AWS_PROFILE") ?? "default";
}

/** The `profile` option as a choice: trimmed, and a blank name is no choice at all. */
export function explicitProfile(profile: string | undefined): string | undefined {
  return profile?.trim() || undefined;
}

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

/** Where the two shared files are: `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/`. */
export function sharedFilePaths(env: Environment): { configFile: string; credentialsFile: string } {
  return {
    configFile: expandHome(envValue(env, "AWS_CONFIG_FILE") ?? join(homedir(), ".aws", "config")),
    credentialsFile: expandHome(
      envValue(env, "AWS_SHARED_CREDENTIALS_FILE") ?? join(homedir(), ".aws", "credentials"),
    ),
  };
}

/** Reads with `fs/promises`; a missing file (or a missing directory on its path) is `undefined`. */
export const readFileIfExists: FileReader = async (path) => {
  try {
    return await fsReadFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    // Node's fs messages hold the code and the path only, never the file's content.
    throw new Error(`Could not read the AWS shared file ${path}: ${String(code ?? error)}`, {
      cause: error,
    });
  }
};

/** `#` or `;` at the start of a line or after whitespace begins a comment, as in the AWS SDKs. */
const COMMENT = /(^|\s)[#;]/;

function stripComment(line: string): string {
  const match = COMMENT.exec(line);
  return match === null ? line : line.slice(0, match.index);
}

function sectionOf(sections: Map<string, IniSection>, name: string): IniSection {
  let section = sections.get(name);
  if (section === undefined) {
    section = { values: new Map(), nested: new Map() };
    sections.set(name, section);
  }
  return section;
}

/**
 * Parses the INI dialect of the AWS shared files into sections keyed by their header, with runs
 * of whitespace collapsed (`default`, `profile dev`, `services local`). A repeated section merges
 * into the first, later keys winning. Lines before the first section, and lines that are neither
 * a header nor `key = value`, are ignored.
 *
 * Nested blocks: a key with an empty value (`secrets_manager =`) opens a block; the lines after
 * it that are indented deeper than that key belong to the block. The first line that is not
 * closes it. Indentation elsewhere means nothing, so a profile written with all its keys
 * indented reads as it does in the AWS CLI.
 */
export function parseIni(text: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let section: IniSection | undefined;
  let block: { entries: Map<string, string>; indent: number } | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = stripComment(rawLine);
    const trimmed = line.trim();
    if (trimmed === "") continue;
    const indent = line.length - line.trimStart().length;
    if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
      const name = trimmed.slice(1, -1).trim().replace(/\s+/g, " ");
      section = name === "" ? undefined : sectionOf(sections, name);
      block = undefined;
      continue;
    }
    const separator = trimmed.indexOf("=");
    if (section === undefined || separator <= 0) continue;
    const key = trimmed.slice(0, separator).trim();
    const value = trimmed.slice(separator + 1).trim();
    if (block !== undefined && indent > block.indent) {
      block.entries.set(key, value);
      continue;
    }
    block = undefined;
    if (value === "") {
      block = { entries: new Map(), indent };
      section.nested.set(key, block.entries);
      section.values.delete(key);
    } else {
      section.values.set(key, value);
      section.nested.delete(key);
    }
  }
  return sections;
}

/**
 * The profile's keys from the config file: `[profile name]`, and for `default` also
 * `[default]` (with `[profile default]` winning where both set a key). A bare `[name]` in the
 * config file is not a profile, as in the AWS CLI.
 */
function configProfile(
  sections: Map<string, IniSection>,
  name: string,
): Map<string, string> | undefined {
  const prefixed = sections.get(`profile ${name}`)?.values;
  const bare = name === "default" ? sections.get("default")?.values : undefined;
  if (prefixed === undefined) return bare;
  if (bare === undefined) return prefixed;
  return new Map([...bare, ...prefixed]);
}

/** The non-empty values `entries` holds for `keys`, each with where it was found. */
function pick(
  keys: readonly string[],
  entries: ReadonlyMap<string, string> | undefined,
  where: (key: string) => string,
): ProfileValues {
  const picked: Record<string, ProfileValue> = {};
  for (const key of keys) {
    const value = entries?.get(key);
    if (value !== undefined && value !== "") picked[key] = { value, source: where(key) };
  }
  return picked;
}

/**
 * Reads both shared files (in parallel, once each) and returns the selected profile's settings.
 * A missing file reads as an empty one; an unreadable one (permissions, a directory) throws.
 */
export async function loadProfileSettings(
  options: SharedConfigOptions = {},
): Promise<LoadedProfile> {
  const env = options.env ?? process.env;
  const read = options.readFile ?? readFileIfExists;
  const name = selectProfileName(options.profile, env);
  const { configFile, credentialsFile } = sharedFilePaths(env);
  const [configText, credentialsText] = await Promise.all([
    read(configFile),
    read(credentialsFile),
  ]);
  const config = parseIni(configText ?? "");
  const fromConfig = configProfile(config, name);
  const fromCredentials = parseIni(credentialsText ?? "").get(name)?.values;

  const keys = options.keys ?? [];
  // The config file's values spread last: they win over the credentials file's.
  const settings = {
    ...pick(keys, fromCredentials, (key) => `${key} in profile "${name}" (${credentialsFile})`),
    ...pick(keys, fromConfig, (key) => `${key} in profile "${name}" (${configFile})`),
  };

  let missingServicesSection: string | undefined;
  let serviceSettings: ProfileValues = {};
  const servicesName = fromConfig?.get("services");
  if (servicesName !== undefined && servicesName !== "") {
    const section = config.get(`services ${servicesName}`);
    if (section === undefined) missingServicesSection = servicesName;
    serviceSettings = pick(
      keys,
      section?.nested.get(SERVICE_CONFIG_KEY),
      (key) => `${key} under ${SERVICE_CONFIG_KEY} in [services ${servicesName}] (${configFile})`,
    );
  }

  return {
    name,
    found: fromConfig !== undefined || fromCredentials !== undefined,
    configFile,
    credentialsFile,
    settings,
    serviceSettings,
    ...(missingServicesSection === undefined ? {} : { missingServicesSection }),
  };
}
