import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  loadProfileSettings,
  parseIni,
  selectProfileName,
  sharedFilePaths,
} from "../../src/core/shared-config";

function tempFiles(
  config: string,
  credentials = "",
): { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string } {
  const dir = mkdtempSync(join(tmpdir(), "smts-shared-config-"));
  const configFile = join(dir, "config");
  const credentialsFile = join(dir, "credentials");
  writeFileSync(configFile, config);
  writeFileSync(credentialsFile, credentials);
  return { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile };
}

describe("parseIni", () => {
  test("sections, comments, spacing and repeated sections", () => {
    const sections = parseIni(
      [
        "top = ignored before any section",
        "# a comment",
        "; another",
        "[default]",
        "region=us-east-1 # inline comment",
        "endpoint_url = http://localhost:4566/#fragment-kept",
        "  [ profile   dev ]  ; comment",
        "region = eu-west-1",
        "not a key value line",
        "= no key",
        "[default]",
        "max_attempts = 5",
        "region = us-east-2",
      ].join("\r\n"),
    );
    assert.deepEqual([...sections.keys()], ["default", "profile dev"]);
    assert.deepEqual(Object.fromEntries(sections.get("default")?.values ?? []), {
      region: "us-east-2",
      endpoint_url: "http://localhost:4566/#fragment-kept",
      max_attempts: "5",
    });
    assert.deepEqual(Object.fromEntries(sections.get("profile dev")?.values ?? []), {
      region: "eu-west-1",
    });
  });

  test("nested blocks end at the first line not indented deeper than their key", () => {
    const sections = parseIni(
      [
        "[services local]",
        "secrets_manager =",
        "  endpoint_url = http://localhost:4566",
        "  # comment inside",
        "",
        "  other = x",
        "s3 =",
        "    endpoint_url = http://localhost:9000",
        "region = not-nested",
        "[profile indented]",
        "  region = eu-central-1",
        "  max_attempts = 2",
        "[profile cont]",
        "region = us-west-2",
        "    continuation line without equals",
      ].join("\n"),
    );
    const services = sections.get("services local");
    assert.deepEqual(Object.fromEntries(services?.nested.get("secrets_manager") ?? []), {
      endpoint_url: "http://localhost:4566",
      other: "x",
    });
    assert.deepEqual(Object.fromEntries(services?.nested.get("s3") ?? []), {
      endpoint_url: "http://localhost:9000",
    });
    assert.equal(services?.values.get("region"), "not-nested");
    assert.deepEqual(Object.fromEntries(sections.get("profile indented")?.values ?? []), {
      region: "eu-central-1",
      max_attempts: "2",
    });
    assert.deepEqual(Object.fromEntries(sections.get("profile cont")?.values ?? []), {
      region: "us-west-2",
    });
  });

  test("a name like __proto__ is an ordinary key", () => {
    const sections = parseIni("[__proto__]\n__proto__ = x\n");
    assert.equal(sections.get("__proto__")?.values.get("__proto__"), "x");
    assert.equal(({} as Record<string, unknown>)["x"], undefined);
  });
});

describe("profile and paths", () => {
  test("profile: option, then AWS_PROFILE, then default", () => {
    assert.equal(selectProfileName("opt", { AWS_PROFILE: "env" }), "opt");
    assert.equal(selectProfileName(undefined, { AWS_PROFILE: "env" }), "env");
    assert.equal(selectProfileName(undefined, { AWS_PROFILE: "" }), "default");
    assert.equal(selectProfileName(undefined, {}), "default");
  });

  test("paths: environment, else ~/.aws; ~/ expands", () => {
    assert.deepEqual(sharedFilePaths({}), {
      configFile: join(homedir(), ".aws", "config"),
      credentialsFile: join(homedir(), ".aws", "credentials"),
    });
    assert.deepEqual(
      sharedFilePaths({ AWS_CONFIG_FILE: "/x/c", AWS_SHARED_CREDENTIALS_FILE: "~/creds" }),
      {
        configFile: "/x/c",
        credentialsFile: join(homedir(), "creds"),
      },
    );
  });
});

/** The keys the client's settings read from a profile. */
const keys = [
  "region",
  "max_attempts",
  "retry_mode",
  "use_fips_endpoint",
  "use_dualstack_endpoint",
  "endpoint_url",
  "ignore_configured_endpoint_urls",
];

describe("loadProfileSettings", () => {
  test("reads the selected profile's settings from both files, config winning", async () => {
    const env = tempFiles(
      [
        "[default]",
        "region = us-east-1",
        "[profile dev]",
        "region = eu-west-1",
        "max_attempts = 7",
        "retry_mode = adaptive",
        "use_fips_endpoint = true",
        "use_dualstack_endpoint = false",
        "endpoint_url = http://global.example",
        "ignore_configured_endpoint_urls = false",
        "[dev]",
        "region = not-a-profile-in-config",
      ].join("\n"),
      [
        "[dev]",
        "aws_secret_access_key = SECRET-do-not-print",
        "region = ignored",
        "max_attempts = 9",
        "retry_mode = standard",
      ].join("\n"),
    );
    const loaded = await loadProfileSettings({ profile: "dev", env, keys });
    assert.equal(loaded.name, "dev");
    assert.equal(loaded.found, true);
    const values = Object.fromEntries(
      Object.entries(loaded.settings).map(([key, v]) => [key, v.value]),
    );
    assert.deepEqual(values, {
      region: "eu-west-1",
      max_attempts: "7",
      retry_mode: "adaptive",
      use_fips_endpoint: "true",
      use_dualstack_endpoint: "false",
      endpoint_url: "http://global.example",
      ignore_configured_endpoint_urls: "false",
    });
    assert.equal(
      loaded.settings["max_attempts"]?.source,
      `max_attempts in profile "dev" (${env.AWS_CONFIG_FILE})`,
    );
    assert.ok(!JSON.stringify(loaded).includes("SECRET-do-not-print"));
  });

  test("the credentials file fills keys the config file lacks", async () => {
    const env = tempFiles("[profile dev]\nregion = eu-west-1\n", "[dev]\nmax_attempts = 4\n");
    const loaded = await loadProfileSettings({ profile: "dev", env, keys });
    assert.equal(loaded.settings["max_attempts"]?.value, "4");
    assert.equal(
      loaded.settings["max_attempts"]?.source,
      `max_attempts in profile "dev" (${env.AWS_SHARED_CREDENTIALS_FILE})`,
    );
  });

  test("default: [profile default] wins over [default]; AWS_PROFILE selects", async () => {
    const config =
      "[default]\nregion = us-east-1\nmax_attempts = 2\n[profile default]\nregion = us-east-2\n[profile other]\nregion = ap-south-1\n";
    const env = tempFiles(config);
    const loaded = await loadProfileSettings({ env, keys });
    assert.equal(loaded.settings["region"]?.value, "us-east-2");
    assert.equal(loaded.settings["max_attempts"]?.value, "2");
    const other = await loadProfileSettings({ env: { ...env, AWS_PROFILE: "other" }, keys });
    assert.equal(other.settings["region"]?.value, "ap-south-1");
  });

  test("services section: the secrets_manager block's endpoint_url", async () => {
    const env = tempFiles(
      [
        "[profile local]",
        "services = emulators",
        "endpoint_url = http://global.example",
        "[services emulators]",
        "s3 =",
        "  endpoint_url = http://s3.example",
        "secrets_manager =",
        "  endpoint_url = http://localhost:4566",
        "[profile broken]",
        "services = nowhere",
      ].join("\n"),
    );
    const loaded = await loadProfileSettings({ profile: "local", env, keys });
    assert.equal(loaded.serviceSettings["endpoint_url"]?.value, "http://localhost:4566");
    assert.equal(
      loaded.serviceSettings["endpoint_url"]?.source,
      `endpoint_url under secrets_manager in [services emulators] (${env.AWS_CONFIG_FILE})`,
    );
    assert.equal(loaded.settings["endpoint_url"]?.value, "http://global.example");
    assert.equal(loaded.missingServicesSection, undefined);
    const broken = await loadProfileSettings({ profile: "broken", env, keys });
    assert.equal(broken.missingServicesSection, "nowhere");
  });

  test("missing files read as empty; an absent profile is reported as not found", async () => {
    const loaded = await loadProfileSettings({
      keys,
      profile: "ghost",
      env: {
        AWS_CONFIG_FILE: "/nonexistent/dir/config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
      },
    });
    assert.equal(loaded.found, false);
    assert.deepEqual(loaded.settings, {});
  });

  test("an unreadable file is an error naming the path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "smts-shared-config-"));
    await assert.rejects(
      loadProfileSettings({
        env: { AWS_CONFIG_FILE: dir, AWS_SHARED_CREDENTIALS_FILE: "/nonexistent" },
      }),
      (error: Error) => error.message.includes(dir) && error.message.includes("EISDIR"),
    );
  });

  test("each file is read once, in parallel, through the injected reader", async () => {
    const reads: string[] = [];
    await loadProfileSettings({
      env: { AWS_CONFIG_FILE: "/c", AWS_SHARED_CREDENTIALS_FILE: "/k" },
      readFile: async (path) => {
        reads.push(path);
        return path === "/c" ? "[default]\nregion = us-east-1\n" : undefined;
      },
    });
    assert.deepEqual(reads.sort(), ["/c", "/k"]);
  });
});
