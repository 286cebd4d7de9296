import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { format, inspect } from "node:util";
import type { CredentialProvidersModule, SourceProvider } from "../../src/core/credential-sources";
import {
  CredentialCache,
  type Credentials,
  clientCredentials,
  credentialsFromEnvironment,
  defaultCredentialsProvider,
  MUST_REFRESH_MS,
  REFRESH_RETRY_MS,
  sanitizeMessage,
  toCredentials,
} from "../../src/core/credentials";
import { CredentialsError } from "../../src/core/errors";

const SECRET = "SECRET-do-not-print";
const TOKEN = "TOKEN-do-not-print";
/** Looks like a real secret key: 40 base64 characters mixing cases and digits. */
const REAL_LOOKING_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

const MINUTE = 60_000;

function assertNoSecret(text: string): void {
  for (const secret of [SECRET, TOKEN, REAL_LOOKING_SECRET]) {
    assert.ok(!text.includes(secret), `leaked ${secret} in: ${text}`);
  }
}

/** Everything an error shows: message, inspect output (with cause), and its own properties. */
function everythingShown(error: unknown): string {
  return `${inspect(error, { depth: 10, showHidden: true })}\n${format("%s", error)}\n${JSON.stringify(error)}`;
}

function providersThatMustNotLoad(): Promise<CredentialProvidersModule> {
  throw new Error("@aws-sdk/credential-providers must not be imported");
}

/** Shared files in a temporary folder, as environment entries pointing at them. */
function sharedFiles(config: string, credentials = ""): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "smts-creds-"));
  writeFileSync(join(dir, "config"), config);
  writeFileSync(join(dir, "credentials"), credentials);
  return {
    AWS_CONFIG_FILE: join(dir, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
  };
}

/** A stand-in for `@aws-sdk/credential-providers` whose every source records its calls. */
function fakeProviders(answers: Partial<Record<keyof CredentialProvidersModule, SourceProvider>>) {
  const made: { source: string; init: unknown }[] = [];
  const called: { source: string; options: unknown }[] = [];
  const skip: SourceProvider = async () => {
    throw Object.assign(new Error("not this one"), { tryNextLink: true });
  };
  const source =
    (name: keyof CredentialProvidersModule) =>
    (init?: object): SourceProvider => {
      made.push({ source: name, init });
      return async (options) => {
        called.push({ source: name, options });
        return (answers[name] ?? skip)(options);
      };
    };
  const module: CredentialProvidersModule = {
    fromIni: source("fromIni"),
    fromTokenFile: source("fromTokenFile"),
    fromHttp: source("fromHttp"),
    fromContainerMetadata: source("fromContainerMetadata"),
    fromInstanceMetadata: source("fromInstanceMetadata"),
  };
  return { module, made, called };
}

const found =
  (accessKeyId: string): SourceProvider =>
  async () => ({ accessKeyId, secretAccessKey: SECRET });

describe("credentials from the environment", () => {
  test("AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ token, expiration), without importing the chain", async () => {
    const env = {
      AWS_ACCESS_KEY_ID: "AKIDENV",
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
      AWS_CREDENTIAL_EXPIRATION: "2030-01-01T00:00:00Z",
    };
    const provider = defaultCredentialsProvider({ env, loadProviders: providersThatMustNotLoad });
    const credentials = await provider();
    assert.equal(credentials.accessKeyId, "AKIDENV");
    assert.equal(credentials.secretAccessKey, SECRET);
    assert.equal(credentials.sessionToken, TOKEN);
    assert.equal(credentials.expiration?.toISOString(), "2030-01-01T00:00:00.000Z");

    const viaOption = await clientCredentials(
      {},
      { env, loadProviders: providersThatMustNotLoad },
    ).get();
    assert.equal(viaOption.accessKeyId, "AKIDENV");
  });

  test("without a session token there is no sessionToken property", () => {
    const credentials = credentialsFromEnvironment({
      AWS_ACCESS_KEY_ID: "AKID",
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: "",
    });
    assert.ok(credentials !== undefined);
    assert.equal(Object.hasOwn(credentials, "sessionToken"), false);
    assert.equal(Object.hasOwn(credentials, "expiration"), false);
  });

  test("half a pair is not credentials", () => {
    assert.equal(credentialsFromEnvironment({ AWS_ACCESS_KEY_ID: "AKID" }), undefined);
    assert.equal(credentialsFromEnvironment({ AWS_SECRET_ACCESS_KEY: SECRET }), undefined);
  });

  test("a bad AWS_CREDENTIAL_EXPIRATION is a CredentialsError", () => {
    assert.throws(
      () =>
        credentialsFromEnvironment({
          AWS_ACCESS_KEY_ID: "AKID",
          AWS_SECRET_ACCESS_KEY: SECRET,
          AWS_CREDENTIAL_EXPIRATION: "soon",
        }),
      (error: Error) =>
        error instanceof CredentialsError && /AWS_CREDENTIAL_EXPIRATION/.test(error.message),
    );
  });

  test("an explicit profile skips the environment keys and goes to fromIni with that profile", async () => {
    const fake = fakeProviders({ fromIni: found("AKIDPROFILE") });
    const provider = defaultCredentialsProvider({
      profile: "dev",
      env: {
        AWS_ACCESS_KEY_ID: "AKIDENV",
        AWS_SECRET_ACCESS_KEY: SECRET,
        AWS_EC2_METADATA_DISABLED: "true",
        ...sharedFiles("[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\n"),
      },
      loadProviders: async () => fake.module,
    });
    assert.equal((await provider()).accessKeyId, "AKIDPROFILE");
    assert.deepEqual(fake.made, [{ source: "fromIni", init: { profile: "dev" } }]);
  });

  test("a blank profile is no profile: the environment keys still win", async () => {
    for (const profile of ["", "   "]) {
      const provider = defaultCredentialsProvider({
        profile,
        env: { AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: SECRET },
        loadProviders: providersThatMustNotLoad,
      });
      assert.equal((await provider()).accessKeyId, "AKIDENV", JSON.stringify(profile));
    }
  });

  test("only the sources the environment calls for are made, and tried in the chain's order", async () => {
    const fake = fakeProviders({ fromContainerMetadata: found("AKIDCONTAINER") });
    const provider = defaultCredentialsProvider({
      env: {
        ...sharedFiles("[profile other]\nregion = eu-west-1\n", "[default]\nregion = eu-west-1\n"),
        AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/token",
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x",
      },
      loadProviders: async () => fake.module,
    });
    const credentials = await provider();
    assert.equal(credentials.accessKeyId, "AKIDCONTAINER");
    // The profile "default" is in the credentials file; IMDS is not made with a container URI.
    assert.deepEqual(
      fake.called.map((call) => call.source),
      ["fromIni", "fromTokenFile", "fromHttp", "fromContainerMetadata"],
    );
    assert.deepEqual(Object.keys(credentials), ["accessKeyId", "secretAccessKey"]);
  });

  test("a source's own failure (not 'try the next one') ends the search", async () => {
    const fake = fakeProviders({
      fromIni: async () => {
        throw new Error("the role could not be assumed");
      },
      fromInstanceMetadata: found("AKIDIMDS"),
    });
    const provider = defaultCredentialsProvider({
      env: sharedFiles("[default]\nrole_arn = arn:aws:iam::123456789012:role/x\n"),
      loadProviders: async () => fake.module,
    });
    await assert.rejects(provider(), /The last source said: the role could not be assumed/);
    assert.deepEqual(
      fake.called.map((call) => call.source),
      ["fromIni"],
    );
  });

  test("when no source applies, the package is not even imported", async () => {
    const provider = defaultCredentialsProvider({
      env: { ...sharedFiles(""), AWS_EC2_METADATA_DISABLED: "true" },
      loadProviders: providersThatMustNotLoad,
    });
    await assert.rejects(provider(), (error: unknown) => {
      assert.ok(error instanceof CredentialsError);
      assert.match(error.message, /profile "default" in the shared files .*: not found/);
      assert.match(error.message, /no credentials source applies here/);
      return true;
    });
  });
});

describe("the client's region reaches the sources' STS calls (issue 14)", () => {
  test("each source is called with callerClientConfig.region, read when credentials are fetched", async () => {
    const regions: unknown[] = [];
    let region: string | undefined;
    const provider = defaultCredentialsProvider({
      env: sharedFiles(""),
      region: () => region,
      loadProviders: async () =>
        fakeProviders({
          fromInstanceMetadata: async (options) => {
            regions.push(await options?.callerClientConfig?.region());
            return { accessKeyId: "AKIDIMDS", secretAccessKey: SECRET };
          },
        }).module,
    });
    await provider();
    region = "eu-west-1";
    await provider();
    assert.deepEqual(regions, [undefined, "eu-west-1"]);
  });

  test("web identity with no AWS_REGION: STS is asked in the client's region, with no us-east-1 fallback", async () => {
    const { createServer } = await import("node:http");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { SecretsManager } = await import("../../src/index");
    const { startLocalSecretsManager } = await import("../../src/local/index");

    const stsCalls: string[] = [];
    const sts = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        stsCalls.push(new URLSearchParams(body).get("Action") ?? "");
        response.setHeader("content-type", "text/xml");
        response.end(
          '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAWEBIDENTITY</AccessKeyId><SecretAccessKey>web-identity-secret</SecretAccessKey><SessionToken>web-identity-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => sts.listen(0, "127.0.0.1", () => resolve()));
    const stsPort = (sts.address() as { port: number }).port;
    const tokenFile = join(mkdtempSync(join(tmpdir(), "smts-webid-")), "token");
    writeFileSync(tokenFile, "header.payload.signature");
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/app",
      AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${stsPort}`,
    });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...parts: unknown[]) => {
      warnings.push(parts.join(" "));
    };
    const local = await startLocalSecretsManager({ region: "eu-west-1" });
    const client = new SecretsManager({ region: "eu-west-1", endpoint: local.endpoint });
    try {
      const { RandomPassword } = await client.getRandomPassword({ PasswordLength: 12 });
      assert.equal(RandomPassword?.length, 12);
      assert.deepEqual(stsCalls, ["AssumeRoleWithWebIdentity"]);
      assert.deepEqual(
        warnings.filter((line) => line.includes("us-east-1")),
        [],
        "the chain fell back to us-east-1",
      );
    } finally {
      console.warn = warn;
      process.env = saved;
      await client.close();
      await local.close();
      await new Promise((resolve) => sts.close(resolve));
    }
  });
});

describe("redaction", () => {
  test("inspect and console.log formatting hide the secret and the token", () => {
    const credentials = toCredentials(
      {
        accessKeyId: "AKIDSHOWN",
        secretAccessKey: SECRET,
        sessionToken: TOKEN,
        expiration: new Date("2030-01-01T00:00:00Z"),
      },
      "test",
    );
    for (const text of [
      inspect(credentials),
      format("%o", credentials),
      format("%O", credentials),
      inspect({ nested: { credentials } }, { depth: 5 }),
    ]) {
      assertNoSecret(text);
      assert.match(text, /AKIDSHOWN/);
    }
    assert.match(
      inspect(credentials),
      /secretAccessKey=\[redacted\] sessionToken=\[redacted\] expiration=2030-01-01T00:00:00.000Z/,
    );
    // Still a plain, spreadable object for signers.
    assert.equal({ ...credentials }.secretAccessKey, SECRET);
    assert.ok(Object.isFrozen(credentials));
  });

  test("invalid credentials name the missing field, never a value", () => {
    for (const bad of [
      null,
      "str",
      {},
      { accessKeyId: "AKID" },
      { secretAccessKey: SECRET },
      { accessKeyId: "AKID", secretAccessKey: SECRET, sessionToken: 5 },
      { accessKeyId: "AKID", secretAccessKey: SECRET, expiration: "2030" },
    ]) {
      assert.throws(
        () => toCredentials(bad, "the credentials option"),
        (error: unknown) => {
          assert.ok(error instanceof CredentialsError);
          assert.match(error.message, /^The credentials from the credentials option /);
          assertNoSecret(everythingShown(error));
          return true;
        },
      );
    }
  });

  test("sanitizeMessage removes known secrets and secret-looking runs, keeps ordinary text", () => {
    const text = sanitizeMessage(
      `key ${REAL_LOOKING_SECRET} token ${TOKEN} in /home/me/.aws/credentials`,
      [TOKEN],
    );
    assert.equal(text, "key [redacted] token [redacted] in /home/me/.aws/credentials");
  });

  test("sanitizeMessage redacts a secret-looking run without digits too", () => {
    const noDigits = "wJalrXUtnFEMIxKqMDENGxbPxRfiCYzEXAMPLEKEY";
    assert.equal(sanitizeMessage(`key ${noDigits}`), "key [redacted]");
    const longWord = "supercalifragilisticexpialidociousness";
    assert.equal(sanitizeMessage(`a ${longWord}`), `a ${longWord}`);
  });
});

describe("CredentialCache", () => {
  function expiring(at: number, id = "AKID"): Credentials {
    return { accessKeyId: id, secretAccessKey: SECRET, expiration: new Date(at) };
  }

  test("long-term credentials are resolved once", async () => {
    let calls = 0;
    const cache = new CredentialCache(async () => {
      calls++;
      return { accessKeyId: "AKID", secretAccessKey: SECRET };
    });
    await cache.get();
    await cache.get();
    assert.equal(calls, 1);
  });

  /** Lets a background refresh (started, not awaited, by get()) settle. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test("refreshes in the background from expiration minus five minutes, not before", async () => {
    let now = 0;
    const expiration = 60 * MINUTE;
    let calls = 0;
    const cache = new CredentialCache(
      async () => {
        calls++;
        return expiring(expiration + (calls - 1) * 60 * MINUTE, `AKID${calls}`);
      },
      { clock: () => now },
    );
    assert.equal((await cache.get()).accessKeyId, "AKID1");
    now = expiration - 5 * MINUTE - 1;
    assert.equal((await cache.get()).accessKeyId, "AKID1");
    assert.equal(calls, 1);
    now = expiration - 5 * MINUTE;
    // The credentials in hand are still good: no caller waits for the refresh.
    assert.equal((await cache.get()).accessKeyId, "AKID1");
    assert.equal(calls, 2);
    await settle();
    assert.equal((await cache.get()).accessKeyId, "AKID2");
    assert.equal(calls, 2);
  });

  test("single flight: 100 concurrent gets cost one provider call, at start, in the window and at expiry", async () => {
    let now = 0;
    let calls = 0;
    const release: (() => void)[] = [];
    const cache = new CredentialCache(
      () => {
        calls++;
        return new Promise<Credentials>((resolve) =>
          release.push(() => resolve(expiring(now + 60 * MINUTE, `AKID${calls}`))),
        );
      },
      { clock: () => now },
    );
    const ids = async (gets: Promise<Credentials>[]) => [
      ...new Set((await Promise.all(gets)).map((credentials) => credentials.accessKeyId)),
    ];
    const burst = () => Array.from({ length: 100 }, () => cache.get());

    const first = burst();
    await Promise.resolve();
    assert.equal(calls, 1);
    release.shift()?.();
    assert.deepEqual(await ids(first), ["AKID1"]);

    now = 56 * MINUTE; // inside the window: answered at once, one refresh behind them
    assert.deepEqual(await ids(burst()), ["AKID1"]);
    assert.equal(calls, 2);
    release.shift()?.();
    await settle();
    assert.deepEqual(await ids(burst()), ["AKID2"]);

    now = 56 * MINUTE + 59.5 * MINUTE; // half a minute before AKID2 expires: everyone waits
    const atExpiry = burst();
    await Promise.resolve();
    assert.equal(calls, 3);
    release.shift()?.();
    assert.deepEqual(await ids(atExpiry), ["AKID3"]);
  });

  test("a failed background refresh costs no call: the credentials in hand serve until the last minute", async () => {
    let now = 0;
    let calls = 0;
    let failing = false;
    const cache = new CredentialCache(
      async () => {
        calls++;
        if (failing) throw new Error("metadata service unavailable");
        return expiring(60 * MINUTE, `AKID${calls}`);
      },
      { clock: () => now },
    );
    await cache.get();
    failing = true;
    now = 56 * MINUTE;
    assert.equal((await cache.get()).accessKeyId, "AKID1");
    await settle();
    assert.equal(calls, 2, "the background refresh ran and failed");
    // Not again at once: a failing source is asked again after REFRESH_RETRY_MS.
    now += REFRESH_RETRY_MS - 1;
    assert.equal((await cache.get()).accessKeyId, "AKID1");
    await settle();
    assert.equal(calls, 2);
    now += 1;
    assert.equal((await cache.get()).accessKeyId, "AKID1");
    await settle();
    assert.equal(calls, 3);
    // The last minute: callers wait, and see the failure.
    now = 60 * MINUTE - MUST_REFRESH_MS;
    assert.equal(cache.isFresh(), false);
    const results = await Promise.allSettled([cache.get(), cache.get(), cache.get()]);
    assert.deepEqual(
      results.map((result) => result.status),
      ["rejected", "rejected", "rejected"],
    );
    assert.equal(calls, 4, "one call for the three waiting callers");
    failing = false;
    assert.equal((await cache.get()).accessKeyId, "AKID5", "the next get tries again");
  });

  test("a provider that throws synchronously does not pin the failure", async () => {
    let calls = 0;
    const cache = new CredentialCache((() => {
      calls++;
      if (calls === 1) throw new Error("sync failure");
      return Promise.resolve({ accessKeyId: "AKID", secretAccessKey: SECRET });
    }) as () => Promise<Credentials>);
    await assert.rejects(cache.get(), /sync failure/);
    assert.equal((await cache.get()).accessKeyId, "AKID");
  });

  test("invalidate forces the next get to resolve again", async () => {
    let calls = 0;
    const cache = new CredentialCache(async () => ({
      accessKeyId: `AKID${++calls}`,
      secretAccessKey: SECRET,
    }));
    await cache.get();
    cache.invalidate();
    assert.equal((await cache.get()).accessKeyId, "AKID2");
  });
});

describe("clientCredentials", () => {
  test("a caller's provider is cached; invalidate() makes the next call fetch again", async () => {
    let calls = 0;
    const provider = clientCredentials({
      credentials: async () => ({ accessKeyId: `AKID${++calls}`, secretAccessKey: "s" }),
    });
    assert.equal((await provider.get()).accessKeyId, "AKID1");
    assert.equal((await provider.get()).accessKeyId, "AKID1");
    provider.invalidate?.();
    assert.equal((await provider.get()).accessKeyId, "AKID2");
  });

  test("fixed credentials offer nothing to invalidate", () => {
    const provider = clientCredentials({
      credentials: { accessKeyId: "AKID", secretAccessKey: "s" },
    });
    assert.equal(provider.invalidate, undefined);
  });

  test("fixed credentials are validated at once and returned redacted", async () => {
    const provider = clientCredentials(
      { credentials: { accessKeyId: "AKIDFIXED", secretAccessKey: SECRET } },
      { loadProviders: providersThatMustNotLoad },
    );
    const credentials = await provider.get();
    assert.equal(credentials.accessKeyId, "AKIDFIXED");
    assertNoSecret(inspect(credentials));
    assert.throws(
      () => clientCredentials({ credentials: { accessKeyId: "AKID" } as Credentials }),
      CredentialsError,
    );
  });

  test("a caller's provider is cached and its failure becomes a sanitized CredentialsError", async () => {
    let calls = 0;
    const provider = clientCredentials({
      credentials: async () => {
        calls++;
        if (calls === 1) throw new Error(`vault said no for secret ${REAL_LOOKING_SECRET}`);
        return { accessKeyId: "AKIDCALLER", secretAccessKey: SECRET };
      },
    });
    await assert.rejects(provider.get(), (error: unknown) => {
      assert.ok(error instanceof CredentialsError);
      assert.match(
        error.message,
        /credentials option failed: vault said no for secret \[redacted\]/,
      );
      assert.ok(error.cause instanceof Error);
      assertNoSecret(everythingShown(error));
      return true;
    });
    assert.equal((await provider.get()).accessKeyId, "AKIDCALLER");
    await provider.get();
    assert.equal(calls, 2);
  });

  test("a chain failure lists the sources and redacts what the environment holds", async () => {
    const files = sharedFiles("[default]\nrole_arn = arn:aws:iam::123456789012:role/x\n");
    const provider = defaultCredentialsProvider({
      env: { AWS_SECRET_ACCESS_KEY: SECRET, AWS_EC2_METADATA_DISABLED: "true", ...files },
      loadProviders: async () =>
        fakeProviders({
          fromIni: async () => {
            const error = new Error(
              `profile has aws_secret_access_key=${SECRET} and token ${REAL_LOOKING_SECRET}`,
            );
            Object.assign(error, { secretAccessKey: SECRET });
            throw error;
          },
        }).module,
    });
    await assert.rejects(provider(), (error: unknown) => {
      assert.ok(error instanceof CredentialsError);
      assert.match(error.message, /AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not/);
      assert.ok(
        error.message.includes(
          `profile "default" in the shared files (${files["AWS_CONFIG_FILE"]}, ${files["AWS_SHARED_CREDENTIALS_FILE"]})`,
        ),
        error.message,
      );
      assert.match(error.message, /disabled by AWS_EC2_METADATA_DISABLED/);
      assertNoSecret(everythingShown(error));
      return true;
    });
  });
});

describe("the real default sources, hermetic", () => {
  test("with empty shared files and IMDS disabled it fails fast with a CredentialsError listing the sources", {
    timeout: 10_000,
  }, async () => {
    // test/helpers/setup-env.ts cleared AWS_* and pointed the shared files at empty temp files;
    // make sure nothing can lead the chain to SSO, a container endpoint, a token file or IMDS.
    for (const name of [
      "AWS_PROFILE",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
      "AWS_WEB_IDENTITY_TOKEN_FILE",
      "AWS_ROLE_ARN",
    ]) {
      assert.equal(process.env[name], undefined, `${name} must not be set for this test`);
    }
    assert.equal(process.env["AWS_EC2_METADATA_DISABLED"], "true");
    assert.ok(process.env["AWS_CONFIG_FILE"]?.includes("smts-aws-"));

    const started = Date.now();
    const provider = clientCredentials({});
    await assert.rejects(provider.get(), (error: unknown) => {
      assert.ok(error instanceof CredentialsError, String(error));
      assert.equal(error.name, "CredentialsError");
      assert.match(error.message, /^Could not find AWS credentials\. Tried, in order:/);
      assert.match(
        error.message,
        /environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY \(not set\)/,
      );
      assert.match(error.message, /profile "default" in the shared files .*: not found/);
      assert.match(
        error.message,
        /EC2 instance metadata \(disabled by AWS_EC2_METADATA_DISABLED\)/,
      );
      assert.match(error.message, /The last source said: no credentials source applies here/);
      assert.equal(error.sources.length, 4);
      assertNoSecret(everythingShown(error));
      return true;
    });
    assert.ok(Date.now() - started < 5_000);
  });
});
