/**
 * Issue 5: the service's behaviour, end to end through the public API only, against moto with
 * SigV4 signature checking on. Every test makes its own secrets under a unique name, so the
 * tests share one moto server without a reset.
 *
 * Where moto (5.2.1) answers differently from the real service, the test asserts what moto does
 * and says so in a comment marked "moto:". In short:
 * - ResourceNotFoundException is HTTP 404 in moto, 400 in the service.
 * - DescribeSecret's DeletedDate is the scheduled deletion date in moto (the service gives the
 *   moment DeleteSecret was called).
 * - Versions without a staging label stay in ListSecretVersionIds and in VersionIdsToStages (the
 *   service leaves such deprecated versions out unless IncludeDeprecated is set).
 * - ListSecretVersionIds answers `ARN` with the secret's name, `NextToken` with `""`, and
 *   `CreatedDate` with the time of the call.
 * - RotateSecret with a Lambda ARN looks the function up in moto's Lambda backend; without one
 *   it fails with ResourceNotFoundException, but only after recording the rotation settings
 *   and an AWSPENDING version.
 * - ReplicateSecretToRegions and RemoveRegionsFromReplication answer `ARN` with the SecretId
 *   as given (a name, here); DeleteSecret on a secret with replicas is InvalidParameterException.
 * - After UpdateSecretVersionStage moves AWSCURRENT, a GetSecretValue without VersionStage
 *   still returns the old version (moto keeps its own "default version" apart from the labels).
 * - GetRandomPassword with RequireEachIncludedType puts the required characters at the end, and
 *   an ExcludeCharacters holding every digit (without ExcludeNumbers) crashes it (HTML 500).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import {
  type DescribeSecretResponse,
  type GetRandomPasswordRequest,
  InvalidParameterException,
  InvalidRequestException,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManager,
  SecretsManagerServiceException,
} from "../../src/index";
import { describeWithMoto, type MotoServer } from "../helpers/moto";

const TIMEOUT = { timeout: 20_000 };

/** The characters the service counts as punctuation (the same as Python's `string.punctuation`). */
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const SAMPLES = 50;

/** What `promise` rejected with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail("expected the call to fail");
}

/** Version id to its staging labels, each list sorted, so that label order does not matter. */
function sortedStages(map: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [versionId, stages] of Object.entries(map ?? {})) out[versionId] = [...stages].sort();
  return out;
}

function isPunctuation(char: string): boolean {
  return PUNCTUATION.includes(char);
}

describeWithMoto("integration: the public API against moto", (getMoto) => {
  let moto: MotoServer;
  let client: SecretsManager;
  const clients: SecretsManager[] = [];
  let counter = 0;
  /** A name no other test uses. */
  const unique = (label: string) => `integration/${label}-${++counter}`;

  const makeClient = (region: string = moto.region) => {
    const made = new SecretsManager({
      endpoint: moto.endpoint,
      region,
      credentials: moto.credentials,
    });
    clients.push(made);
    return made;
  };

  before(() => {
    moto = getMoto();
    client = makeClient();
  });
  after(async () => {
    for (const made of clients) await made.close();
  });

  /** Version id to sorted labels, as ListSecretVersionIds reports them. */
  async function listedStages(secretId: string): Promise<Record<string, string[]>> {
    const listed = await client.listSecretVersionIds({ SecretId: secretId });
    const map: Record<string, string[]> = {};
    for (const version of listed.Versions ?? []) {
      assert.ok(version.VersionId !== undefined);
      map[version.VersionId] = version.VersionStages ?? [];
    }
    return sortedStages(map);
  }

  async function describedStages(secretId: string): Promise<Record<string, string[]>> {
    const described = await client.describeSecret({ SecretId: secretId });
    return sortedStages(described.VersionIdsToStages);
  }

  /** Asserts both views of the labels agree with `expected`. */
  async function assertStages(secretId: string, expected: Record<string, string[]>) {
    const sorted = sortedStages(expected);
    assert.deepEqual(await listedStages(secretId), sorted, "ListSecretVersionIds");
    assert.deepEqual(await describedStages(secretId), sorted, "DescribeSecret");
  }

  test("string secrets round-trip, read by name, ARN and version", TIMEOUT, async () => {
    const name = unique("string");
    const value = JSON.stringify({ user: "admin", password: "p@ss wörd ✓ 𝄞", quote: '"\\' });
    const created = await client.createSecret({ Name: name, SecretString: value });
    assert.equal(created.Name, name);
    assert.match(String(created.ARN), /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:/);
    assert.equal(typeof created.VersionId, "string");

    const byName = await client.getSecretValue({ SecretId: name });
    assert.equal(byName.SecretString, value);
    assert.equal(byName.SecretBinary, undefined);
    assert.equal(byName.VersionId, created.VersionId);
    assert.deepEqual(byName.VersionStages, ["AWSCURRENT"]);
    assert.ok(byName.CreatedDate instanceof Date);

    const byArn = await client.getSecretValue({ SecretId: String(created.ARN) });
    assert.equal(byArn.SecretString, value);
    assert.equal(byArn.Name, name);

    const byVersion = await client.getSecretValue({
      SecretId: name,
      VersionId: String(created.VersionId),
    });
    assert.equal(byVersion.SecretString, value);
  });

  test("binary secrets: all 256 byte values round-trip", TIMEOUT, async () => {
    const name = unique("binary");
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    const reversed = bytes.slice().reverse();
    await client.createSecret({ Name: name, SecretBinary: bytes });

    const first = await client.getSecretValue({ SecretId: name });
    assert.ok(first.SecretBinary instanceof Uint8Array);
    assert.deepEqual(first.SecretBinary, bytes);
    assert.equal(first.SecretString, undefined);

    await client.putSecretValue({ SecretId: name, SecretBinary: reversed });
    const current = await client.getSecretValue({ SecretId: name });
    assert.deepEqual(current.SecretBinary, reversed);
    const previous = await client.getSecretValue({ SecretId: name, VersionStage: "AWSPREVIOUS" });
    assert.deepEqual(previous.SecretBinary, bytes);
  });

  test("PutSecretValue moves AWSCURRENT and AWSPREVIOUS", TIMEOUT, async () => {
    const name = unique("stages");
    const v1 = (await client.createSecret({ Name: name, SecretString: "one" })).VersionId;
    assert.ok(v1 !== undefined);
    await assertStages(name, { [v1]: ["AWSCURRENT"] });

    const put2 = await client.putSecretValue({ SecretId: name, SecretString: "two" });
    const v2 = put2.VersionId;
    assert.ok(v2 !== undefined);
    assert.notEqual(v2, v1);
    assert.deepEqual(put2.VersionStages, ["AWSCURRENT"]);
    await assertStages(name, { [v1]: ["AWSPREVIOUS"], [v2]: ["AWSCURRENT"] });

    const v3 = (await client.putSecretValue({ SecretId: name, SecretString: "three" })).VersionId;
    assert.ok(v3 !== undefined);
    // moto: v1, now without a label, is still listed (with []); the service counts it as
    // deprecated and lists it only with IncludeDeprecated.
    await assertStages(name, { [v1]: [], [v2]: ["AWSPREVIOUS"], [v3]: ["AWSCURRENT"] });

    assert.equal((await client.getSecretValue({ SecretId: name })).SecretString, "three");
    // moto: ListSecretVersionIds gives the name as ARN and an empty NextToken (the service: the
    // ARN, and no NextToken on the last page). The client passes "" through as it came.
    const listed = await client.listSecretVersionIds({ SecretId: name });
    assert.equal(listed.ARN, name);
    assert.equal(listed.Name, name);
    assert.equal(listed.NextToken, "");
    const previous = await client.getSecretValue({ SecretId: name, VersionStage: "AWSPREVIOUS" });
    assert.equal(previous.SecretString, "two");
    assert.equal(previous.VersionId, v2);
  });

  test("UpdateSecretVersionStage moves a label", TIMEOUT, async () => {
    const name = unique("move-label");
    const v1 = (await client.createSecret({ Name: name, SecretString: "one" })).VersionId;
    const v2 = (await client.putSecretValue({ SecretId: name, SecretString: "two" })).VersionId;
    assert.ok(v1 !== undefined && v2 !== undefined);

    // A custom label onto v1.
    const attached = await client.updateSecretVersionStage({
      SecretId: name,
      VersionStage: "BLUE",
      MoveToVersionId: v1,
    });
    assert.equal(attached.Name, name);
    assert.match(String(attached.ARN), /^arn:aws:secretsmanager:/);
    await assertStages(name, { [v1]: ["AWSPREVIOUS", "BLUE"], [v2]: ["AWSCURRENT"] });

    // ...then from v1 to v2.
    await client.updateSecretVersionStage({
      SecretId: name,
      VersionStage: "BLUE",
      RemoveFromVersionId: v1,
      MoveToVersionId: v2,
    });
    await assertStages(name, { [v1]: ["AWSPREVIOUS"], [v2]: ["AWSCURRENT", "BLUE"] });
    const blue = await client.getSecretValue({ SecretId: name, VersionStage: "BLUE" });
    assert.equal(blue.SecretString, "two");

    // Rolling AWSCURRENT back to v1: AWSPREVIOUS follows to the version it left.
    await client.updateSecretVersionStage({
      SecretId: name,
      VersionStage: "AWSCURRENT",
      RemoveFromVersionId: v2,
      MoveToVersionId: v1,
    });
    await assertStages(name, { [v1]: ["AWSCURRENT"], [v2]: ["AWSPREVIOUS", "BLUE"] });
    const current = await client.getSecretValue({ SecretId: name, VersionStage: "AWSCURRENT" });
    assert.equal(current.SecretString, "one");
    assert.equal(current.VersionId, v1);
    // moto: a read without VersionStage follows moto's own "default version", which
    // UpdateSecretVersionStage does not move, so it still answers v2 ("one" in the service).
    assert.equal((await client.getSecretValue({ SecretId: name })).SecretString, "two");

    // Moving AWSCURRENT without naming the version it leaves is refused.
    const refused = await rejection(
      client.updateSecretVersionStage({
        SecretId: name,
        VersionStage: "AWSCURRENT",
        MoveToVersionId: v2,
      }),
    );
    assert.ok(refused instanceof InvalidParameterException);
  });

  test("PutSecretValue twice with one ClientRequestToken makes one version", TIMEOUT, async () => {
    const name = unique("idempotent");
    await client.createSecret({ Name: name, SecretString: "first" });
    const token = randomUUID();

    const once = await client.putSecretValue({
      SecretId: name,
      SecretString: "second",
      ClientRequestToken: token,
    });
    assert.equal(once.VersionId, token, "the token becomes the version id");
    const versionsAfterOnce = Object.keys(await listedStages(name)).length;
    assert.equal(versionsAfterOnce, 2);

    const twice = await client.putSecretValue({
      SecretId: name,
      SecretString: "second",
      ClientRequestToken: token,
    });
    assert.equal(twice.VersionId, once.VersionId);
    assert.deepEqual(twice.VersionStages, ["AWSCURRENT"]);
    assert.equal(Object.keys(await listedStages(name)).length, versionsAfterOnce);
    assert.equal((await client.getSecretValue({ SecretId: name })).SecretString, "second");

    // The same token with another value would change an existing version: refused.
    const conflict = await rejection(
      client.putSecretValue({ SecretId: name, SecretString: "third", ClientRequestToken: token }),
    );
    assert.ok(conflict instanceof ResourceExistsException);
    assert.equal(Object.keys(await listedStages(name)).length, versionsAfterOnce);
  });

  test(
    "DeleteSecret with a recovery window, RestoreSecret, then a forced delete",
    TIMEOUT,
    async () => {
      const name = unique("delete");
      await client.createSecret({ Name: name, SecretString: "keep me" });

      const deletedAt = Date.now();
      const deleted = await client.deleteSecret({ SecretId: name, RecoveryWindowInDays: 7 });
      assert.equal(deleted.Name, name);
      assert.ok(deleted.DeletionDate instanceof Date);
      const sevenDays = 7 * 24 * 3600 * 1000;
      assert.ok(Math.abs(deleted.DeletionDate.getTime() - (deletedAt + sevenDays)) < 60_000);

      // A secret scheduled for deletion cannot be read: moto and the service both answer
      // InvalidRequestException (HTTP 400).
      const refused = await rejection(client.getSecretValue({ SecretId: name }));
      assert.ok(refused instanceof InvalidRequestException);
      assert.ok(refused instanceof SecretsManagerServiceException);
      assert.equal(refused.$metadata.httpStatusCode, 400);
      assert.equal(refused.$fault, "client");

      // Still described, with a DeletedDate. moto: DeletedDate is the scheduled deletion date
      // (the service gives the time DeleteSecret was called).
      const described = await client.describeSecret({ SecretId: name });
      assert.ok(described.DeletedDate instanceof Date);
      assert.equal(described.DeletedDate.getTime(), deleted.DeletionDate.getTime());

      // Left out of ListSecrets unless IncludePlannedDeletion.
      const filters = [{ Key: "name" as const, Values: [name] }];
      assert.deepEqual((await client.listSecrets({ Filters: filters })).SecretList, []);
      const planned = await client.listSecrets({ Filters: filters, IncludePlannedDeletion: true });
      assert.deepEqual(
        planned.SecretList?.map((entry) => entry.Name),
        [name],
      );

      const restored = await client.restoreSecret({ SecretId: name });
      assert.equal(restored.Name, name);
      assert.equal((await client.getSecretValue({ SecretId: name })).SecretString, "keep me");
      assert.equal((await client.describeSecret({ SecretId: name })).DeletedDate, undefined);

      const forced = await client.deleteSecret({
        SecretId: name,
        ForceDeleteWithoutRecovery: true,
      });
      assert.equal(forced.Name, name);
      assert.ok(forced.DeletionDate instanceof Date);

      const gone = await rejection(client.getSecretValue({ SecretId: name }));
      assert.ok(gone instanceof ResourceNotFoundException);
      assert.ok(gone instanceof SecretsManagerServiceException);
      assert.equal(gone.name, "ResourceNotFoundException");
      assert.equal(gone.$fault, "client");
      assert.equal(typeof gone.$metadata.requestId, "string");
      assert.notEqual(gone.$metadata.requestId, "");
      // moto: 404. The service answers ResourceNotFoundException with HTTP 400.
      assert.equal(gone.$metadata.httpStatusCode, 404);
      assert.equal(gone.$metadata.attempts, 1, "a modeled client error is not retried");
      const restoreGone = await rejection(client.restoreSecret({ SecretId: name }));
      assert.ok(restoreGone instanceof ResourceNotFoundException);
    },
  );

  test("a duplicate name is ResourceExistsException", TIMEOUT, async () => {
    const name = unique("duplicate");
    await client.createSecret({ Name: name, SecretString: "one" });
    const duplicate = await rejection(client.createSecret({ Name: name, SecretString: "two" }));
    assert.ok(duplicate instanceof ResourceExistsException);
    assert.ok(duplicate instanceof SecretsManagerServiceException);
    assert.equal(duplicate.name, "ResourceExistsException");
    assert.equal(duplicate.$metadata.httpStatusCode, 400);
    assert.equal((await client.getSecretValue({ SecretId: name })).SecretString, "one");
  });

  test("TagResource and UntagResource show in DescribeSecret's Tags", TIMEOUT, async () => {
    const name = unique("tags");
    await client.createSecret({
      Name: name,
      SecretString: "x",
      Tags: [{ Key: "env", Value: "dev" }],
    });
    const byKey = (tags: DescribeSecretResponse["Tags"]) =>
      [...(tags ?? [])].sort((a, b) => String(a.Key).localeCompare(String(b.Key)));
    assert.deepEqual(byKey((await client.describeSecret({ SecretId: name })).Tags), [
      { Key: "env", Value: "dev" },
    ]);

    const tagged = await client.tagResource({
      SecretId: name,
      Tags: [
        { Key: "env", Value: "prod" },
        { Key: "team", Value: "payments" },
      ],
    });
    assert.deepEqual(Object.keys(tagged), ["$metadata"], "TagResource has no output members");
    assert.deepEqual(byKey((await client.describeSecret({ SecretId: name })).Tags), [
      { Key: "env", Value: "prod" },
      { Key: "team", Value: "payments" },
    ]);

    await client.untagResource({ SecretId: name, TagKeys: ["env"] });
    assert.deepEqual(byKey((await client.describeSecret({ SecretId: name })).Tags), [
      { Key: "team", Value: "payments" },
    ]);

    const missing = await rejection(
      client.tagResource({ SecretId: unique("no-such"), Tags: [{ Key: "k", Value: "v" }] }),
    );
    assert.ok(missing instanceof ResourceNotFoundException);
  });

  test("Put, Get and DeleteResourcePolicy", TIMEOUT, async () => {
    const name = unique("policy");
    const created = await client.createSecret({ Name: name, SecretString: "x" });
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/reader" },
          Action: "secretsmanager:GetSecretValue",
          Resource: "*",
        },
      ],
    };

    const put = await client.putResourcePolicy({
      SecretId: name,
      ResourcePolicy: JSON.stringify(policy),
    });
    assert.equal(put.ARN, created.ARN);
    assert.equal(put.Name, name);

    const got = await client.getResourcePolicy({ SecretId: name });
    assert.equal(got.ARN, created.ARN);
    assert.deepEqual(JSON.parse(String(got.ResourcePolicy)), policy);

    const deleted = await client.deleteResourcePolicy({ SecretId: name });
    assert.equal(deleted.Name, name);
    const afterDelete = await client.getResourcePolicy({ SecretId: name });
    assert.equal(afterDelete.Name, name);
    assert.equal(afterDelete.ResourcePolicy, undefined);
  });

  test("GetRandomPassword: each option's guarantee holds over 50 samples", TIMEOUT, async () => {
    /** 50 passwords, asked 10 at a time. */
    async function samples(input: GetRandomPasswordRequest): Promise<string[]> {
      const out: string[] = [];
      while (out.length < SAMPLES) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, () => client.getRandomPassword(input)),
        );
        for (const { RandomPassword } of batch) {
          assert.equal(typeof RandomPassword, "string");
          out.push(String(RandomPassword));
        }
      }
      return out;
    }
    const every = (passwords: string[], check: (password: string) => boolean, why: string) => {
      for (const password of passwords) assert.ok(check(password), `${why}: ${password}`);
    };
    const printable = /^[\x21-\x7e]+$/;

    // Defaults: 32 characters, no space, every type present.
    const defaults = await samples({});
    every(defaults, (p) => p.length === 32, "default length 32");
    every(defaults, (p) => printable.test(p), "printable ASCII without space");

    for (const length of [4, 17, 100]) {
      every(
        await samples({ PasswordLength: length }),
        (p) => p.length === length,
        `length ${length}`,
      );
    }

    const excluded = "aeiouAEIOU01lI!@#$%";
    every(
      await samples({ PasswordLength: 40, ExcludeCharacters: excluded }),
      (p) => p.length === 40 && [...p].every((char) => !excluded.includes(char)),
      "no excluded character",
    );
    // moto: excluding every digit through ExcludeCharacters (rather than ExcludeNumbers) crashes
    // moto while it picks the required digit, an HTML 500 that the client retries, then reports.
    const crashed = await rejection(client.getRandomPassword({ ExcludeCharacters: "0123456789" }));
    assert.ok(crashed instanceof SecretsManagerServiceException);
    assert.equal(crashed.$fault, "server");
    assert.equal(crashed.$metadata.httpStatusCode, 500);

    every(await samples({ ExcludeNumbers: true }), (p) => !/[0-9]/.test(p), "no digit");
    every(
      await samples({ ExcludePunctuation: true }),
      (p) => /^[A-Za-z0-9]+$/.test(p),
      "letters and digits only",
    );
    every(await samples({ ExcludeUppercase: true }), (p) => !/[A-Z]/.test(p), "no upper case");
    every(await samples({ ExcludeLowercase: true }), (p) => !/[a-z]/.test(p), "no lower case");

    // IncludeSpace allows a space: over 50 × 32 characters one shows up (the chance that none
    // does is about e^-17), and nothing outside printable ASCII plus space.
    const spaced = await samples({ IncludeSpace: true });
    every(spaced, (p) => /^[\x20-\x7e]+$/.test(p), "printable ASCII or space");
    assert.ok(
      spaced.some((p) => p.includes(" ")),
      "some password has a space",
    );
    every(defaults, (p) => !p.includes(" "), "no space unless IncludeSpace");

    const hasEachType = (p: string) =>
      /[a-z]/.test(p) && /[A-Z]/.test(p) && /[0-9]/.test(p) && [...p].some(isPunctuation);
    every(
      await samples({ PasswordLength: 8, RequireEachIncludedType: true }),
      (p) => p.length === 8 && hasEachType(p),
      "every type present",
    );
    every(
      await samples({
        PasswordLength: 6,
        ExcludePunctuation: true,
        ExcludeUppercase: true,
        RequireEachIncludedType: true,
      }),
      (p) => /^[a-z0-9]{6}$/.test(p) && /[a-z]/.test(p) && /[0-9]/.test(p),
      "lower case and a digit, nothing else",
    );
    every(
      await samples({ PasswordLength: 12, RequireEachIncludedType: false }),
      (p) => p.length === 12 && printable.test(p),
      "no type required",
    );
  });

  test("BatchGetSecretValue by SecretIdList and by Filters", TIMEOUT, async () => {
    const prefix = `${unique("batch")}/`;
    const names = ["a", "b", "c"].map((suffix) => `${prefix}${suffix}`);
    const arns: string[] = [];
    for (const name of names) {
      const created = await client.createSecret({
        Name: name,
        SecretString: `value of ${name}`,
        Tags: [{ Key: `${prefix}tag`, Value: "batch" }],
      });
      arns.push(String(created.ARN));
    }
    const missing = `${prefix}missing`;

    const byId = await client.batchGetSecretValue({
      SecretIdList: [names[0] ?? "", arns[1] ?? "", missing],
    });
    assert.deepEqual(
      byId.SecretValues?.map((entry) => [entry.Name, entry.SecretString]),
      [
        [names[0], `value of ${names[0]}`],
        [names[1], `value of ${names[1]}`],
      ],
    );
    for (const entry of byId.SecretValues ?? []) {
      assert.deepEqual(entry.VersionStages, ["AWSCURRENT"]);
      assert.ok(entry.CreatedDate instanceof Date);
    }
    assert.equal(byId.Errors?.length, 1);
    assert.equal(byId.Errors?.[0]?.SecretId, missing);
    assert.equal(byId.Errors?.[0]?.ErrorCode, "ResourceNotFoundException");
    assert.equal(typeof byId.Errors?.[0]?.Message, "string");

    const byName = await client.batchGetSecretValue({
      Filters: [{ Key: "name", Values: [prefix] }],
    });
    assert.deepEqual(byName.SecretValues?.map((entry) => entry.Name).sort(), names);
    assert.deepEqual(byName.Errors ?? [], []);
    assert.equal(byName.NextToken, undefined);

    const byTag = await client.batchGetSecretValue({
      Filters: [{ Key: "tag-key", Values: [`${prefix}tag`] }],
    });
    assert.deepEqual(byTag.SecretValues?.map((entry) => entry.SecretString).sort(), [
      `value of ${names[0]}`,
      `value of ${names[1]}`,
      `value of ${names[2]}`,
    ]);
  });

  test("ListSecrets with Filters: name, tag-key, tag-value, description", TIMEOUT, async () => {
    const prefix = `${unique("filters")}/`;
    const tagKey = `${prefix}owner`.replaceAll("/", "-");
    await client.createSecret({
      Name: `${prefix}db`,
      SecretString: "x",
      Description: "Postgres credentials",
      Tags: [{ Key: tagKey, Value: "alice" }],
    });
    await client.createSecret({
      Name: `${prefix}api`,
      SecretString: "x",
      Description: "Stripe key",
      Tags: [{ Key: tagKey, Value: "bob" }],
    });
    await client.createSecret({ Name: `${prefix}other`, SecretString: "x" });
    const names = async (filters: NonNullable<Parameters<SecretsManager["listSecrets"]>[0]>) =>
      ((await client.listSecrets(filters)).SecretList ?? []).map((entry) => entry.Name).sort();

    assert.deepEqual(await names({ Filters: [{ Key: "name", Values: [prefix] }] }), [
      `${prefix}api`,
      `${prefix}db`,
      `${prefix}other`,
    ]);
    assert.deepEqual(await names({ Filters: [{ Key: "name", Values: [`${prefix}d`] }] }), [
      `${prefix}db`,
    ]);
    assert.deepEqual(await names({ Filters: [{ Key: "tag-key", Values: [tagKey] }] }), [
      `${prefix}api`,
      `${prefix}db`,
    ]);
    assert.deepEqual(
      await names({
        Filters: [
          { Key: "tag-key", Values: [tagKey] },
          { Key: "tag-value", Values: ["bob"] },
        ],
      }),
      [`${prefix}api`],
    );
    // Several filters are ANDed: this name prefix and this description word.
    assert.deepEqual(
      await names({
        Filters: [
          { Key: "name", Values: [prefix] },
          { Key: "description", Values: ["postgres"] },
        ],
      }),
      [`${prefix}db`],
    );

    // The entries carry DescribeSecret's fields.
    const [entry] =
      (await client.listSecrets({ Filters: [{ Key: "name", Values: [`${prefix}db`] }] }))
        .SecretList ?? [];
    assert.equal(entry?.Description, "Postgres credentials");
    assert.deepEqual(entry?.Tags, [{ Key: tagKey, Value: "alice" }]);
    assert.ok(entry?.CreatedDate instanceof Date);
    assert.equal(Object.keys(entry?.SecretVersionsToStages ?? {}).length, 1);
  });

  test("ListSecrets pages of 4 through NextToken cover 27 secrets exactly", TIMEOUT, async () => {
    const prefix = `${unique("pages")}/`;
    const created = new Set<string>();
    for (let i = 0; i < 27; i++) {
      const name = `${prefix}secret-${String(i).padStart(2, "0")}`;
      await client.createSecret({ Name: name, SecretString: `value ${i}` });
      created.add(name);
    }

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      pages++;
      assert.ok(pages <= 50, "pagination does not end");
      const page = await client.listSecrets({
        Filters: [{ Key: "name", Values: [prefix] }],
        MaxResults: 4,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      });
      const entries = page.SecretList ?? [];
      assert.ok(entries.length <= 4, `page ${pages} has ${entries.length} entries`);
      pageSizes.push(entries.length);
      for (const entry of entries) seen.push(String(entry.Name));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);

    assert.equal(new Set(seen).size, seen.length, "no duplicates");
    assert.deepEqual(new Set(seen), created);
    assert.deepEqual(pageSizes, [4, 4, 4, 4, 4, 4, 3]);

    // The same listing through the paginator: same pages, same union.
    const viaPaginator: number[] = [];
    const names = new Set<string>();
    const filter = { Filters: [{ Key: "name" as const, Values: [prefix] }] };
    for await (const page of client.paginateListSecrets(filter, { pageSize: 4 })) {
      viaPaginator.push(page.SecretList?.length ?? 0);
      for (const entry of page.SecretList ?? []) names.add(String(entry.Name));
    }
    assert.deepEqual(viaPaginator, pageSizes);
    assert.deepEqual(names, created);
    let count = 0;
    for await (const _ of client.paginateListSecrets(filter, { pageSize: 4 }).items()) count++;
    assert.equal(count, 27);
  });

  test("RotateSecret and CancelRotateSecret, as far as moto goes", TIMEOUT, async () => {
    const name = unique("rotation");
    const v1 = (await client.createSecret({ Name: name, SecretString: "v1" })).VersionId;
    assert.ok(v1 !== undefined);
    const lambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:rotate-secret";

    // Before any rotation was configured, there is nothing to cancel.
    const nothingToCancel = await rejection(client.cancelRotateSecret({ SecretId: name }));
    assert.ok(nothingToCancel instanceof InvalidRequestException);

    // moto looks the function up in its own Lambda backend, where it does not exist:
    // ResourceNotFoundException naming the ARN, HTTP 404.
    const token = randomUUID();
    const rotate = await rejection(
      client.rotateSecret({
        SecretId: name,
        ClientRequestToken: token,
        RotationLambdaARN: lambdaArn,
        RotationRules: { AutomaticallyAfterDays: 7 },
      }),
    );
    assert.ok(rotate instanceof ResourceNotFoundException);
    assert.equal(rotate.message, `Resource not found for ARN '${lambdaArn}'.`);
    assert.equal(rotate.$metadata.httpStatusCode, 404);

    // moto: the failed call still recorded the rotation settings and an AWSPENDING version
    // named by the token (the service would not change the secret on a failed call).
    const described = await client.describeSecret({ SecretId: name });
    assert.equal(described.RotationEnabled, true);
    assert.equal(described.RotationLambdaARN, lambdaArn);
    assert.deepEqual(described.RotationRules, { AutomaticallyAfterDays: 7 });
    assert.ok(described.NextRotationDate instanceof Date);
    assert.deepEqual(sortedStages(described.VersionIdsToStages), {
      [v1]: ["AWSCURRENT"],
      [token]: ["AWSPENDING"],
    });
    assert.equal((await client.getSecretValue({ SecretId: name })).SecretString, "v1");

    const cancelled = await client.cancelRotateSecret({ SecretId: name });
    assert.equal(cancelled.Name, name);
    assert.equal(cancelled.ARN, described.ARN);
    assert.equal(cancelled.VersionId, v1);
    const afterCancel = await client.describeSecret({ SecretId: name });
    assert.equal(afterCancel.RotationEnabled, false);
    assert.equal(afterCancel.RotationLambdaARN, lambdaArn);
  });

  test("ReplicateSecretToRegions and RemoveRegionsFromReplication", TIMEOUT, async () => {
    const name = unique("replica");
    const created = await client.createSecret({ Name: name, SecretString: "everywhere" });
    const expectedStatus = [
      {
        Region: "eu-west-1",
        KmsKeyId: "alias/aws/secretsmanager",
        Status: "InSync",
        StatusMessage: "Replication succeeded",
      },
    ];

    const replicated = await client.replicateSecretToRegions({
      SecretId: name,
      AddReplicaRegions: [{ Region: "eu-west-1" }],
    });
    // moto: ARN is the SecretId as given (the name here); the service answers the ARN.
    assert.equal(replicated.ARN, name);
    assert.deepEqual(replicated.ReplicationStatus, expectedStatus);
    const described = await client.describeSecret({ SecretId: name });
    assert.deepEqual(described.ReplicationStatus, expectedStatus);
    assert.equal(described.PrimaryRegion, undefined);

    // The replica, seen from its own region (the client signs for eu-west-1).
    const europe = makeClient("eu-west-1");
    const replica = await europe.describeSecret({ SecretId: name });
    assert.equal(replica.PrimaryRegion, "us-east-1");
    assert.equal(replica.ARN, String(created.ARN).replace("us-east-1", "eu-west-1"));
    assert.equal((await europe.getSecretValue({ SecretId: name })).SecretString, "everywhere");

    // A primary with replicas cannot be deleted. moto: InvalidParameterException.
    const refused = await rejection(
      client.deleteSecret({ SecretId: name, ForceDeleteWithoutRecovery: true }),
    );
    assert.ok(refused instanceof InvalidParameterException);

    const removed = await client.removeRegionsFromReplication({
      SecretId: name,
      RemoveReplicaRegions: ["eu-west-1"],
    });
    assert.equal(removed.ARN, name);
    assert.deepEqual(removed.ReplicationStatus, []);
    assert.equal((await client.describeSecret({ SecretId: name })).ReplicationStatus, undefined);
    const replicaGone = await rejection(europe.describeSecret({ SecretId: name }));
    assert.ok(replicaGone instanceof ResourceNotFoundException);
  });

  test(
    "UpdateSecret changes the description and the value; DescribeSecret fields",
    TIMEOUT,
    async () => {
      const name = unique("update");
      const createdAt = Date.now();
      const created = await client.createSecret({
        Name: name,
        SecretString: "old",
        Description: "first description",
        Tags: [{ Key: "app", Value: "billing" }],
      });
      const v1 = created.VersionId;
      assert.ok(v1 !== undefined);

      const described = await client.describeSecret({ SecretId: name });
      assert.equal(described.ARN, created.ARN);
      assert.equal(described.Name, name);
      assert.equal(described.Description, "first description");
      assert.deepEqual(described.Tags, [{ Key: "app", Value: "billing" }]);
      assert.ok(described.CreatedDate instanceof Date);
      assert.ok(described.LastChangedDate instanceof Date);
      // moto keeps whole seconds: allow for the truncation.
      assert.ok(described.CreatedDate.getTime() >= createdAt - 1_000);
      assert.ok(described.CreatedDate.getTime() <= Date.now());
      assert.deepEqual(sortedStages(described.VersionIdsToStages), { [v1]: ["AWSCURRENT"] });
      assert.equal(described.DeletedDate, undefined);
      assert.equal(described.RotationEnabled, undefined, "moto: absent until rotation is asked");

      // The description alone: no new version, so no VersionId.
      const updated = await client.updateSecret({ SecretId: name, Description: "second" });
      assert.equal(updated.ARN, created.ARN);
      assert.equal(updated.Name, name);
      assert.equal(updated.VersionId, undefined);
      const afterDescription = await client.describeSecret({ SecretId: name });
      assert.equal(afterDescription.Description, "second");
      assert.deepEqual(Object.keys(afterDescription.VersionIdsToStages ?? {}), [v1]);
      assert.equal((await client.getSecretValue({ SecretId: name })).SecretString, "old");

      // A new value: a new version becomes AWSCURRENT; description and tags stay.
      const valued = await client.updateSecret({ SecretId: name, SecretString: "new" });
      const v2 = valued.VersionId;
      assert.ok(v2 !== undefined);
      assert.notEqual(v2, v1);
      const current = await client.getSecretValue({ SecretId: name });
      assert.equal(current.SecretString, "new");
      assert.equal(current.VersionId, v2);
      const afterValue = await client.describeSecret({ SecretId: name });
      assert.equal(afterValue.Description, "second");
      assert.deepEqual(afterValue.Tags, [{ Key: "app", Value: "billing" }]);
      assert.deepEqual(sortedStages(afterValue.VersionIdsToStages), {
        [v1]: ["AWSPREVIOUS"],
        [v2]: ["AWSCURRENT"],
      });
      assert.ok(
        (afterValue.LastChangedDate?.getTime() ?? 0) >= (described.LastChangedDate?.getTime() ?? 0),
      );

      const missing = await rejection(
        client.updateSecret({ SecretId: unique("no-such"), Description: "x" }),
      );
      assert.ok(missing instanceof ResourceNotFoundException);
    },
  );
});
