import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ConfigurationError } from "../../src/core/errors";
import { type ResolvedSettings, requireRegion, resolveSettings } from "../../src/core/settings";

type Env = Record<string, string | undefined>;

/** An environment whose shared files hold `config` (and `credentials`). */
function withFiles(config: string, credentials = "", extra: Env = {}): Env {
  const dir = mkdtempSync(join(tmpdir(), "smts-settings-"));
  const configFile = join(dir, "config");
  const credentialsFile = join(dir, "credentials");
  writeFileSync(configFile, config);
  writeFileSync(credentialsFile, credentials);
  return { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, ...extra };
}

/** An environment whose config "file" is a directory: reading it fails, so any read shows. */
function unreadableFiles(extra: Env = {}): Env {
  const dir = mkdtempSync(join(tmpdir(), "smts-settings-dir-"));
  return { AWS_CONFIG_FILE: dir, AWS_SHARED_CREDENTIALS_FILE: dir, ...extra };
}

const EVERYTHING_FROM_ENV: Env = {
  AWS_REGION: "eu-west-1",
  AWS_MAX_ATTEMPTS: "5",
  AWS_RETRY_MODE: "adaptive",
  AWS_USE_FIPS_ENDPOINT: "true",
  AWS_USE_DUALSTACK_ENDPOINT: "false",
  AWS_ENDPOINT_URL: "http://localhost:4566",
};

const FULL_PROFILE = [
  "[default]",
  "region = ap-southeast-2",
  "max_attempts = 9",
  "retry_mode = adaptive",
  "use_fips_endpoint = true",
  "use_dualstack_endpoint = true",
  "endpoint_url = http://profile.example",
].join("\n");

function rejectsWith(promise: Promise<unknown>, ...parts: string[]): Promise<void> {
  return assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ConfigurationError, `not a ConfigurationError: ${String(error)}`);
    assert.equal(error.name, "ConfigurationError");
    for (const part of parts)
      assert.ok(error.message.includes(part), `${error.message} lacks ${part}`);
    return true;
  });
}

describe("resolveSettings: defaults and precedence", () => {
  test("defaults with empty files; region resolves to undefined", async () => {
    const settings = await resolveSettings({}, withFiles(""));
    assert.deepEqual(
      { ...settings, missingRegion: undefined },
      {
        region: undefined,
        profile: "default",
        maxAttempts: 3,
        retryMode: "standard",
        useFipsEndpoint: false,
        useDualstackEndpoint: false,
        endpoint: undefined,
        missingRegion: undefined,
      },
    );
  });

  test("the profile gives every setting when nothing else does", async () => {
    const settings = await resolveSettings({}, withFiles(FULL_PROFILE));
    assert.equal(settings.region, "ap-southeast-2");
    assert.equal(settings.maxAttempts, 9);
    assert.equal(settings.retryMode, "adaptive");
    assert.equal(settings.useFipsEndpoint, true);
    assert.equal(settings.useDualstackEndpoint, true);
    assert.equal(settings.endpoint?.href, "http://profile.example/");
    const badMaxAttempts = withFiles(FULL_PROFILE.replace("max_attempts = 9", "max_attempts = x"));
    await rejectsWith(
      resolveSettings({}, badMaxAttempts),
      `max_attempts in profile "default" (${badMaxAttempts["AWS_CONFIG_FILE"]})`,
    );
  });

  test("the environment wins over the profile", async () => {
    const settings = await resolveSettings({}, withFiles(FULL_PROFILE, "", EVERYTHING_FROM_ENV));
    assert.equal(settings.region, "eu-west-1");
    assert.equal(settings.maxAttempts, 5);
    assert.equal(settings.retryMode, "adaptive");
    assert.equal(settings.useFipsEndpoint, true);
    assert.equal(settings.useDualstackEndpoint, false);
    assert.equal(settings.endpoint?.href, "http://localhost:4566/");
    await rejectsWith(
      resolveSettings({}, withFiles(FULL_PROFILE, "", { AWS_REGION: "eu west 1" })),
      "environment variable AWS_REGION",
    );
  });

  test("options win over the environment", async () => {
    const settings = await resolveSettings(
      {
        region: "us-west-2",
        maxAttempts: 1,
        retryMode: "standard",
        useFipsEndpoint: false,
        useDualstackEndpoint: true,
        endpoint: new URL("https://vpce.example/base"),
      },
      withFiles(FULL_PROFILE, "", EVERYTHING_FROM_ENV),
    );
    assert.equal(settings.region, "us-west-2");
    assert.equal(settings.maxAttempts, 1);
    assert.equal(settings.retryMode, "standard");
    assert.equal(settings.useFipsEndpoint, false);
    assert.equal(settings.useDualstackEndpoint, true);
    assert.equal(settings.endpoint?.href, "https://vpce.example/base");
    await rejectsWith(
      resolveSettings(
        { endpoint: "ftp://vpce.example" },
        withFiles(FULL_PROFILE, "", EVERYTHING_FROM_ENV),
      ),
      "the endpoint option",
    );
  });

  test("region: AWS_REGION, then AWS_DEFAULT_REGION, then profile; empty values are unset", async () => {
    const files = withFiles("[default]\nregion = ap-south-1\n");
    assert.equal(
      (await resolveSettings({}, { ...files, AWS_DEFAULT_REGION: "eu-north-1" })).region,
      "eu-north-1",
    );
    assert.equal(
      (
        await resolveSettings(
          {},
          { ...files, AWS_REGION: "us-east-2", AWS_DEFAULT_REGION: "eu-north-1" },
        )
      ).region,
      "us-east-2",
    );
    assert.equal((await resolveSettings({}, { ...files, AWS_REGION: "  " })).region, "ap-south-1");
  });

  test("profile: option, then AWS_PROFILE", async () => {
    const files = withFiles("[profile a]\nregion = eu-west-3\n[profile b]\nregion = eu-south-1\n");
    assert.equal((await resolveSettings({}, { ...files, AWS_PROFILE: "a" })).region, "eu-west-3");
    const chosen = await resolveSettings({ profile: "b" }, { ...files, AWS_PROFILE: "a" });
    assert.equal(chosen.region, "eu-south-1");
    assert.equal(chosen.profile, "b");
  });

  test("endpoint: option, service env, global env, services section, profile endpoint_url", async () => {
    const config = [
      "[default]",
      "services = mine",
      "endpoint_url = http://profile-global.example",
      "[services mine]",
      "secrets_manager =",
      "  endpoint_url = http://profile-service.example",
    ].join("\n");
    const files = withFiles(config);
    const href = async (options: { endpoint?: string }, env: Env) =>
      (await resolveSettings(options, { ...files, ...env })).endpoint?.href;
    const both = {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://env-service.example",
      AWS_ENDPOINT_URL: "http://env-global.example",
    };
    assert.equal(await href({ endpoint: "http://option.example" }, both), "http://option.example/");
    assert.equal(await href({}, both), "http://env-service.example/");
    assert.equal(
      await href({}, { AWS_ENDPOINT_URL: "http://env-global.example" }),
      "http://env-global.example/",
    );
    assert.equal(await href({}, {}), "http://profile-service.example/");
    const globalOnly = withFiles("[default]\nendpoint_url = http://profile-global.example\n");
    assert.equal(
      (await resolveSettings({}, globalOnly)).endpoint?.href,
      "http://profile-global.example/",
    );
  });

  test("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls skip env and profile, not the option", async () => {
    const files = withFiles("[default]\nendpoint_url = http://profile.example\n");
    const ignored = {
      ...files,
      AWS_ENDPOINT_URL: "http://env.example",
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "TRUE",
    };
    assert.equal((await resolveSettings({}, ignored)).endpoint, undefined);
    assert.equal(
      (await resolveSettings({ endpoint: "http://option.example" }, ignored)).endpoint?.href,
      "http://option.example/",
    );
    const notIgnored = { ...files, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" };
    assert.equal((await resolveSettings({}, notIgnored)).endpoint?.href, "http://profile.example/");
    const inProfile = withFiles(
      "[default]\nendpoint_url = http://profile.example\nignore_configured_endpoint_urls = true\n",
    );
    assert.equal((await resolveSettings({}, inProfile)).endpoint, undefined);
    // The environment's "false" overrides the profile's "true".
    assert.equal(
      (await resolveSettings({}, { ...inProfile, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" }))
        .endpoint?.href,
      "http://profile.example/",
    );
  });

  test('retry mode "legacy" from the environment or a profile means "standard"; case is ignored', async () => {
    assert.equal(
      (await resolveSettings({}, withFiles("", "", { AWS_RETRY_MODE: "legacy" }))).retryMode,
      "standard",
    );
    assert.equal(
      (await resolveSettings({}, withFiles("[default]\nretry_mode = Legacy\n"))).retryMode,
      "standard",
    );
    assert.equal(
      (await resolveSettings({}, withFiles("", "", { AWS_RETRY_MODE: "ADAPTIVE" }))).retryMode,
      "adaptive",
    );
  });
});

describe("resolveSettings: bad values name their source", () => {
  test("max attempts", async () => {
    await rejectsWith(
      resolveSettings({ maxAttempts: 0 }, withFiles("")),
      "the maxAttempts option",
      "at least 1",
    );
    await rejectsWith(
      resolveSettings({ maxAttempts: 2.5 }, withFiles("")),
      "the maxAttempts option",
    );
    await rejectsWith(
      resolveSettings({ maxAttempts: "5" as never }, withFiles("")),
      "the maxAttempts option",
    );
    await rejectsWith(
      resolveSettings({}, withFiles("", "", { AWS_MAX_ATTEMPTS: "three" })),
      "AWS_MAX_ATTEMPTS",
      '"three"',
    );
    await rejectsWith(
      resolveSettings({}, withFiles("", "", { AWS_MAX_ATTEMPTS: "-1" })),
      "AWS_MAX_ATTEMPTS",
    );
    const files = withFiles("[default]\nmax_attempts = 0\n");
    await rejectsWith(
      resolveSettings({}, files),
      `max_attempts in profile "default" (${files["AWS_CONFIG_FILE"]})`,
    );
  });

  test("retry mode", async () => {
    await rejectsWith(
      resolveSettings({}, withFiles("", "", { AWS_RETRY_MODE: "fast" })),
      "AWS_RETRY_MODE",
      '"fast"',
    );
    await rejectsWith(
      resolveSettings({}, withFiles("[default]\nretry_mode = turbo\n")),
      'retry_mode in profile "default"',
    );
    // "legacy" is for shared config; the typed option does not take it.
    await rejectsWith(
      resolveSettings({ retryMode: "legacy" as never }, withFiles("")),
      "the retryMode option",
    );
  });

  test("booleans", async () => {
    await rejectsWith(
      resolveSettings({}, withFiles("", "", { AWS_USE_FIPS_ENDPOINT: "yes" })),
      "AWS_USE_FIPS_ENDPOINT",
      '"true" or "false"',
    );
    await rejectsWith(
      resolveSettings({}, withFiles("", "", { AWS_USE_DUALSTACK_ENDPOINT: "1" })),
      "AWS_USE_DUALSTACK_ENDPOINT",
    );
    await rejectsWith(
      resolveSettings({}, withFiles("[default]\nuse_fips_endpoint = on\n")),
      'use_fips_endpoint in profile "default"',
    );
    await rejectsWith(
      resolveSettings({ useFipsEndpoint: "true" as never }, withFiles("")),
      "the useFipsEndpoint option",
    );
    await rejectsWith(
      resolveSettings({}, withFiles("", "", { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "sure" })),
      "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    );
    // With an endpoint option the variable cannot matter, so it is not read.
    assert.equal(
      (
        await resolveSettings(
          { region: "us-east-1", endpoint: "http://127.0.0.1:4566" },
          withFiles("", "", { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "1" }),
        )
      ).endpoint?.href,
      "http://127.0.0.1:4566/",
    );
    assert.equal(
      (await resolveSettings({}, withFiles("", "", { AWS_USE_FIPS_ENDPOINT: " True " })))
        .useFipsEndpoint,
      true,
    );
  });

  test("endpoint: not a URL, or not http(s); the value (which may hold a password) is not echoed", async () => {
    await rejectsWith(
      resolveSettings({ endpoint: "localhost:4566" }, withFiles("")),
      "the endpoint option",
      "http: or https:",
    );
    await rejectsWith(
      resolveSettings({ endpoint: "not a url" }, withFiles("")),
      "the endpoint option",
      "not an absolute URL",
    );
    await assert.rejects(
      resolveSettings({ endpoint: "user:hunter2@not a url" }, withFiles("")),
      (error: Error) => error instanceof ConfigurationError && !error.message.includes("hunter2"),
    );
    await assert.rejects(
      resolveSettings({}, withFiles("", "", { AWS_ENDPOINT_URL: "ftp://user:hunter2@host" })),
      (error: Error) =>
        error instanceof ConfigurationError &&
        error.message.includes("AWS_ENDPOINT_URL") &&
        !error.message.includes("hunter2"),
    );
    await rejectsWith(
      resolveSettings({}, withFiles("[default]\nservices = gone\n")),
      'names the services section "gone"',
    );
    const services = withFiles(
      "[default]\nservices = s\n[services s]\nsecrets_manager =\n  endpoint_url = ftp://x\n",
    );
    await rejectsWith(
      resolveSettings({}, services),
      `endpoint_url under secrets_manager in [services s] (${services["AWS_CONFIG_FILE"]})`,
    );
  });

  test("region", async () => {
    await rejectsWith(resolveSettings({ region: "us east 1" }, withFiles("")), "the region option");
    // A region is one DNS label in the endpoint's host name: at most 63 characters.
    await rejectsWith(
      resolveSettings({ region: "a".repeat(64) }, withFiles("")),
      "the region option",
    );
    assert.equal(
      (await resolveSettings({ region: "a".repeat(63) }, withFiles(""))).region,
      "a".repeat(63),
    );
    await rejectsWith(
      resolveSettings({}, withFiles("", "", { AWS_REGION: "eu-west-1/" })),
      "AWS_REGION",
    );
  });

  test("region: what is not one DNS label is refused, as the v3 client's config does", async () => {
    const invalid = [
      "",
      "us-east-1/x",
      "evil.com#",
      "x.evil.com",
      "-us-east-1",
      "us-east-1-",
      "a".repeat(64),
    ];
    for (const region of invalid) {
      await rejectsWith(resolveSettings({ region }, withFiles("")), "the region option");
      const v3Region = async () => new SecretsManagerClient({ region }).config.region();
      await assert.rejects(v3Region, /not a valid hostname component|Region is missing/, region);
    }
  });

  test("region: a FIPS pseudo-region is the real region with FIPS on; its real part is checked too", async () => {
    for (const region of ["fips-us-east-1", "us-east-1-fips", " fips-us-east-1 "]) {
      const settings = await resolveSettings({ region }, withFiles(""));
      assert.equal(settings.region, "us-east-1", region);
      assert.equal(settings.useFipsEndpoint, true, region);
    }
    const profile = withFiles(
      "[default]\nregion = us-gov-west-1-fips\nuse_fips_endpoint = false\n",
    );
    const fromProfile = await resolveSettings({}, profile);
    assert.equal(fromProfile.region, "us-gov-west-1");
    assert.equal(fromProfile.useFipsEndpoint, true);
    // Only the affixes are dropped: nothing is left here, which is no region.
    await rejectsWith(
      resolveSettings({ region: "fips--fips" }, withFiles("")),
      "the region option",
    );
    await rejectsWith(
      resolveSettings({}, withFiles("", "", { AWS_REGION: "fips--fips" })),
      "environment variable AWS_REGION",
    );
  });

  test("a config path that cannot be read is a ConfigurationError naming it", async () => {
    const env = unreadableFiles();
    await rejectsWith(resolveSettings({}, env), String(env["AWS_CONFIG_FILE"]));
  });
});

describe("resolveSettings: lazy file reading", () => {
  test("no read when options and the environment give every setting (the config path would fail)", async () => {
    const env = { ...EVERYTHING_FROM_ENV, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" };
    const settings = await resolveSettings({}, unreadableFiles(env));
    assert.equal(settings.region, "eu-west-1");
    const withOption = await resolveSettings(
      { endpoint: "http://option.example" },
      unreadableFiles(EVERYTHING_FROM_ENV),
    );
    assert.equal(withOption.endpoint?.href, "http://option.example/");
  });

  test("an endpoint from the environment answers to the profile's ignore_configured_endpoint_urls", async () => {
    const env = withFiles("[default]\nignore_configured_endpoint_urls = true\n", "", {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://env.example",
    });
    assert.equal((await resolveSettings({ region: "us-east-1" }, env)).endpoint, undefined);
    const kept = withFiles("[default]\nregion = us-east-1\n", "", {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://env.example",
    });
    assert.equal((await resolveSettings({}, kept)).endpoint?.href, "http://env.example/");
  });

  test("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true settles the endpoint without a read", async () => {
    const env = {
      ...EVERYTHING_FROM_ENV,
      AWS_ENDPOINT_URL: undefined,
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true",
    };
    const reads: string[] = [];
    const settings = await resolveSettings({}, env, {
      readFile: async (path) => {
        reads.push(path);
        return undefined;
      },
    });
    assert.deepEqual(reads, []);
    assert.equal(settings.endpoint, undefined);
  });

  test("one missing setting: each file read exactly once", async () => {
    const reads: string[] = [];
    const env = {
      ...EVERYTHING_FROM_ENV,
      AWS_MAX_ATTEMPTS: undefined,
      AWS_CONFIG_FILE: "/c",
      AWS_SHARED_CREDENTIALS_FILE: "/k",
    };
    const settings = await resolveSettings({}, env, {
      readFile: async (path) => {
        reads.push(path);
        return path === "/c"
          ? "[default]\nmax_attempts = 6\nregion = ignored-env-wins\n"
          : undefined;
      },
    });
    assert.deepEqual(reads.sort(), ["/c", "/k"]);
    assert.equal(settings.maxAttempts, 6);
    assert.equal(settings.region, "eu-west-1");
  });

  test("a bad environment value fails before any read", async () => {
    await rejectsWith(
      resolveSettings({}, unreadableFiles({ AWS_MAX_ATTEMPTS: "0" })),
      "AWS_MAX_ATTEMPTS",
    );
  });
});

describe("requireRegion", () => {
  test("returns the region", async () => {
    const settings = await resolveSettings({ region: "eu-west-1" }, withFiles(""));
    assert.equal(requireRegion(settings), "eu-west-1");
  });

  test("no region: a ConfigurationError saying how to set one", async () => {
    const files = withFiles("");
    // Resolving does not throw: only the first call does.
    const settings = await resolveSettings({}, files);
    assert.equal(settings.region, undefined);
    assert.throws(
      () => requireRegion(settings),
      (error: Error) =>
        error instanceof ConfigurationError &&
        error.message.startsWith(
          "No region configured: pass { region } to the client, or set AWS_REGION",
        ) &&
        error.message.includes('profile "default"') &&
        error.message.includes(String(files["AWS_CONFIG_FILE"])),
    );
    const ghost: ResolvedSettings = await resolveSettings({ profile: "ghost" }, files);
    assert.throws(() => requireRegion(ghost), /profile "ghost" is not in /);
  });
});
