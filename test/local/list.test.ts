// ListSecrets (filters with negation, sort, planned deletions, paging) and BatchGetSecretValue
// (by id list with its Errors list, or by filters) in the emulator.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Filter, SecretsManager } from "../../src/index";
import { rejectsWith, TIMEOUT, useEmulator } from "./emulator";

// Each reading of the clock is a second after the last, so creation dates are all distinct.
let tick = Date.UTC(2025, 0, 1);
const ticking = () => {
  tick += 1000;
  return new Date(tick);
};

async function seed(client: SecretsManager): Promise<void> {
  await client.createSecret({
    Name: "prod/db/password",
    SecretString: "1",
    Description: "Database Password for production",
    Tags: [
      { Key: "env", Value: "production" },
      { Key: "team", Value: "payments" },
    ],
  });
  await client.createSecret({
    Name: "prod/api-key",
    SecretString: "2",
    Description: "API key",
    Tags: [{ Key: "env", Value: "production" }],
  });
  await client.createSecret({
    Name: "staging/db/password",
    SecretString: "3",
    Description: "database password for staging",
    Tags: [{ Key: "env", Value: "staging" }],
  });
  await client.createSecret({ Name: "Prod-upper", SecretString: "4" });
}

async function names(client: SecretsManager, filters?: Filter[]): Promise<string[]> {
  const listed = await client.listSecrets({ Filters: filters, SortBy: "name" });
  return (listed.SecretList ?? []).map((secret) => secret.Name as string);
}

describe("ListSecrets", TIMEOUT, () => {
  const setup = useEmulator({ now: ticking });

  test("without filters lists every secret with its labels", async () => {
    const { client } = setup;
    await seed(client);
    const listed = await client.listSecrets({});
    assert.equal(listed.SecretList?.length, 4);
    assert.equal(listed.NextToken, undefined);
    const entry = listed.SecretList?.find((secret) => secret.Name === "prod/api-key");
    assert.deepEqual(Object.values(entry?.SecretVersionsToStages ?? {}), [["AWSCURRENT"]]);
    assert.equal(entry?.Description, "API key");
    // Issue 15: only a secret with replicas names a primary Region (AWS's recorded answers).
    assert.equal(entry?.PrimaryRegion, undefined);
    assert.ok(entry?.CreatedDate instanceof Date);
  });

  test("name: a case-sensitive prefix; several values are alternatives", async () => {
    const { client } = setup;
    await seed(client);
    assert.deepEqual(await names(client, [{ Key: "name", Values: ["prod/"] }]), [
      "prod/api-key",
      "prod/db/password",
    ]);
    assert.deepEqual(await names(client, [{ Key: "name", Values: ["Prod"] }]), ["Prod-upper"]);
    assert.deepEqual(await names(client, [{ Key: "name", Values: ["db"] }]), []);
    assert.deepEqual(await names(client, [{ Key: "name", Values: ["prod/api", "staging"] }]), [
      "prod/api-key",
      "staging/db/password",
    ]);
  });

  test("a value starting with ! excludes what it matches", async () => {
    const { client } = setup;
    await seed(client);
    assert.deepEqual(await names(client, [{ Key: "name", Values: ["!prod/"] }]), [
      "Prod-upper",
      "staging/db/password",
    ]);
    assert.deepEqual(await names(client, [{ Key: "tag-key", Values: ["!team"] }]), [
      "Prod-upper",
      "prod/api-key",
      "staging/db/password",
    ]);
  });

  test("description: every word of the value begins a word of the description", async () => {
    const { client } = setup;
    await seed(client);
    assert.deepEqual(await names(client, [{ Key: "description", Values: ["database pass"] }]), [
      "prod/db/password",
      "staging/db/password",
    ]);
    // Issue 15: words, not a prefix of the whole description (AWS's recorded answers): "pass
    // prod" finds "Database Password for production", and so does "DATA".
    assert.deepEqual(await names(client, [{ Key: "description", Values: ["pass prod"] }]), [
      "prod/db/password",
    ]);
    assert.deepEqual(await names(client, [{ Key: "description", Values: ["DATA"] }]), [
      "prod/db/password",
      "staging/db/password",
    ]);
    // A word that begins no word of the description ("ssword") finds nothing.
    assert.deepEqual(await names(client, [{ Key: "description", Values: ["ssword"] }]), []);
    assert.deepEqual(await names(client, [{ Key: "description", Values: ["!api"] }]), [
      "Prod-upper",
      "prod/db/password",
      "staging/db/password",
    ]);
  });

  test("tag-key and tag-value: case-sensitive prefixes; separate filters must all hold", async () => {
    const { client } = setup;
    await seed(client);
    assert.deepEqual(await names(client, [{ Key: "tag-key", Values: ["te"] }]), [
      "prod/db/password",
    ]);
    assert.deepEqual(await names(client, [{ Key: "tag-value", Values: ["prod"] }]), [
      "prod/api-key",
      "prod/db/password",
    ]);
    assert.deepEqual(await names(client, [{ Key: "tag-value", Values: ["Prod"] }]), []);
    assert.deepEqual(
      await names(client, [
        { Key: "tag-value", Values: ["production"] },
        { Key: "name", Values: ["prod/db"] },
      ]),
      ["prod/db/password"],
    );
  });

  test("primary-region (secrets with replicas only) and owning-service", async () => {
    const { client } = setup;
    await seed(client);
    assert.deepEqual(await names(client, [{ Key: "primary-region", Values: ["us-"] }]), []);
    await client.replicateSecretToRegions({
      SecretId: "prod/api-key",
      AddReplicaRegions: [{ Region: "eu-west-1" }],
    });
    assert.deepEqual(await names(client, [{ Key: "primary-region", Values: ["us-"] }]), [
      "prod/api-key",
    ]);
    assert.deepEqual(await names(client, [{ Key: "primary-region", Values: ["eu-"] }]), []);
    assert.deepEqual(await names(client, [{ Key: "owning-service", Values: ["rds"] }]), []);
    assert.equal((await names(client, [{ Key: "owning-service", Values: ["!rds"] }])).length, 4);
  });

  test("all: words of the value against words of every attribute, not case-sensitive", async () => {
    const { client } = setup;
    await seed(client);
    assert.deepEqual(await names(client, [{ Key: "all", Values: ["PAYMENTS"] }]), [
      "prod/db/password",
    ]);
    assert.deepEqual(await names(client, [{ Key: "all", Values: ["stag"] }]), [
      "staging/db/password",
    ]);
    // "apiKey" splits into "api" and "key": either may match.
    assert.deepEqual(await names(client, [{ Key: "all", Values: ["apiKey"] }]), ["prod/api-key"]);
  });

  test("a filter without Values is InvalidParameterException", async () => {
    await rejectsWith(
      setup.client.listSecrets({ Filters: [{ Key: "name" }] }),
      "InvalidParameterException",
    );
  });

  test("SortBy and SortOrder", async () => {
    const { client } = setup;
    await seed(client);
    const byName = await client.listSecrets({ SortBy: "name", SortOrder: "desc" });
    assert.deepEqual(
      byName.SecretList?.map((secret) => secret.Name),
      ["staging/db/password", "prod/db/password", "prod/api-key", "Prod-upper"],
    );
    const created = await client.listSecrets({ SortOrder: "asc" });
    assert.deepEqual(
      created.SecretList?.map((secret) => secret.Name),
      ["prod/db/password", "prod/api-key", "staging/db/password", "Prod-upper"],
    );
    const newestFirst = await client.listSecrets({ SortBy: "created-date", SortOrder: "desc" });
    assert.equal(newestFirst.SecretList?.[0]?.Name, "Prod-upper");
    await client.updateSecret({ SecretId: "prod/db/password", Description: "changed" });
    const changed = await client.listSecrets({ SortBy: "last-changed-date", SortOrder: "desc" });
    assert.equal(changed.SecretList?.[0]?.Name, "prod/db/password");
  });

  test("scheduled deletions are left out unless IncludePlannedDeletion", async () => {
    const { client } = setup;
    await seed(client);
    await client.deleteSecret({ SecretId: "prod/api-key" });
    assert.equal((await client.listSecrets({})).SecretList?.length, 3);
    const all = await client.listSecrets({ IncludePlannedDeletion: true });
    assert.equal(all.SecretList?.length, 4);
    const deleted = all.SecretList?.find((secret) => secret.Name === "prod/api-key");
    assert.ok(deleted?.DeletedDate instanceof Date);
  });

  test("MaxResults and an opaque NextToken page through everything once", async () => {
    const { client } = setup;
    for (let i = 0; i < 7; i++) await client.createSecret({ Name: `s${i}`, SecretString: "v" });
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.listSecrets({ MaxResults: 3, NextToken: token, SortBy: "name" });
      assert.ok((page.SecretList?.length ?? 0) <= 3);
      seen.push(...(page.SecretList ?? []).map((secret) => secret.Name as string));
      token = page.NextToken;
      if (token !== undefined) assert.doesNotMatch(token, /^\d+$/);
    } while (token !== undefined);
    assert.deepEqual(seen, ["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
    await rejectsWith(client.listSecrets({ NextToken: "garbage" }), "InvalidNextTokenException");
  });
});

describe("BatchGetSecretValue", TIMEOUT, () => {
  const setup = useEmulator({ now: ticking });

  test("by SecretIdList: values for those found, an Errors entry for the rest", async () => {
    const { client } = setup;
    await seed(client);
    await client.deleteSecret({ SecretId: "prod/api-key" });
    const batch = await client.batchGetSecretValue({
      SecretIdList: ["prod/db/password", "missing", "prod/api-key"],
    });
    assert.deepEqual(
      batch.SecretValues?.map((value) => [value.Name, value.SecretString, value.VersionStages]),
      [["prod/db/password", "1", ["AWSCURRENT"]]],
    );
    assert.deepEqual(
      batch.Errors?.map((error) => [error.SecretId, error.ErrorCode]),
      [
        ["missing", "ResourceNotFoundException"],
        ["prod/api-key", "InvalidRequestException"],
      ],
    );
    assert.ok(batch.Errors?.every((error) => typeof error.Message === "string"));
  });

  test("by Filters, paged", async () => {
    const { client } = setup;
    await seed(client);
    const first = await client.batchGetSecretValue({
      Filters: [{ Key: "name", Values: ["prod/", "staging/"] }],
      MaxResults: 2,
    });
    assert.equal(first.SecretValues?.length, 2);
    assert.ok(first.NextToken);
    const second = await client.batchGetSecretValue({
      Filters: [{ Key: "name", Values: ["prod/", "staging/"] }],
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    assert.equal(second.SecretValues?.length, 1);
    assert.equal(second.NextToken, undefined);
    const all = [...(first.SecretValues ?? []), ...(second.SecretValues ?? [])];
    assert.deepEqual(all.map((value) => value.SecretString).sort(), ["1", "2", "3"]);
  });

  test("both SecretIdList and Filters, or neither, is InvalidParameterException", async () => {
    const { client } = setup;
    await rejectsWith(
      client.batchGetSecretValue({
        SecretIdList: ["a"],
        Filters: [{ Key: "name", Values: ["a"] }],
      }),
      "InvalidParameterException",
    );
    await rejectsWith(client.batchGetSecretValue({}), "InvalidParameterException");
  });
});

describe("ListSecrets with secrets made in the same instant", TIMEOUT, () => {
  const frozen = new Date(Date.UTC(2025, 0, 1));
  const setup = useEmulator({ now: () => frozen });

  test("ties keep the order the secrets were made in (reversed for desc)", async () => {
    // Issue 15: AWS's recorded listings show secrets in the order they were made; ties used to
    // be broken by name.
    const { client } = setup;
    for (const name of ["c", "a", "b"])
      await client.createSecret({ Name: name, SecretString: "v" });
    const listed = async (SortOrder?: "asc" | "desc") =>
      ((await client.listSecrets({ SortOrder })).SecretList ?? []).map((entry) => entry.Name);
    assert.deepEqual(await listed(), ["c", "a", "b"]);
    assert.deepEqual(await listed("desc"), ["b", "a", "c"]);
  });
});
