// Versions and staging labels in the emulator: AWSCURRENT moving and leaving AWSPREVIOUS,
// custom labels, UpdateSecretVersionStage, deprecated versions, idempotent PutSecretValue.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import type { SecretsManager } from "../../src/index";
import { startLocalSecretsManager } from "../../src/local/index";
import { clientFor, rejectsWith, TIMEOUT, useEmulator } from "./emulator";

async function stagesOf(client: SecretsManager, secretId: string) {
  const described = await client.describeSecret({ SecretId: secretId });
  return described.VersionIdsToStages ?? {};
}

describe("versions and staging labels", TIMEOUT, () => {
  const setup = useEmulator();

  test("PutSecretValue moves AWSCURRENT; the old version becomes AWSPREVIOUS", async () => {
    const { client } = setup;
    const v1 = (await client.createSecret({ Name: "s", SecretString: "1" })).VersionId as string;
    const put2 = await client.putSecretValue({ SecretId: "s", SecretString: "2" });
    const v2 = put2.VersionId as string;
    assert.deepEqual(put2.VersionStages, ["AWSCURRENT"]);
    const v3 = (await client.putSecretValue({ SecretId: "s", SecretString: "3" }))
      .VersionId as string;
    assert.deepEqual(await stagesOf(client, "s"), {
      [v2]: ["AWSPREVIOUS"],
      [v3]: ["AWSCURRENT"],
    });
    const previous = await client.getSecretValue({ SecretId: "s", VersionStage: "AWSPREVIOUS" });
    assert.equal(previous.SecretString, "2");
    // v1 lost its last label: deprecated, but still readable by id.
    const first = await client.getSecretValue({ SecretId: "s", VersionId: v1 });
    assert.equal(first.SecretString, "1");
    assert.deepEqual(first.VersionStages, []);
  });

  test("PutSecretValue with the same token and value changes nothing; another value is refused", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "1" });
    const token = randomUUID();
    const first = await client.putSecretValue({
      SecretId: "s",
      SecretString: "2",
      ClientRequestToken: token,
    });
    assert.equal(first.VersionId, token);
    const again = await client.putSecretValue({
      SecretId: "s",
      SecretString: "2",
      ClientRequestToken: token,
    });
    assert.equal(again.VersionId, token);
    const versions = await client.listSecretVersionIds({ SecretId: "s", IncludeDeprecated: true });
    assert.equal(versions.Versions?.length, 2);
    await rejectsWith(
      client.putSecretValue({ SecretId: "s", SecretString: "3", ClientRequestToken: token }),
      "ResourceExistsException",
    );
  });

  test("PutSecretValue without a value is InvalidParameterException", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "1" });
    await rejectsWith(client.putSecretValue({ SecretId: "s" }), "InvalidParameterException");
  });

  test("custom labels attach to the new version and move between versions", async () => {
    const { client } = setup;
    const v1 = (await client.createSecret({ Name: "s", SecretString: "1" })).VersionId as string;
    const v2 = (
      await client.putSecretValue({ SecretId: "s", SecretString: "2", VersionStages: ["blue"] })
    ).VersionId as string;
    // Without AWSCURRENT in VersionStages, AWSCURRENT stays where it was.
    assert.deepEqual(await stagesOf(client, "s"), { [v1]: ["AWSCURRENT"], [v2]: ["blue"] });
    const v3 = (
      await client.putSecretValue({ SecretId: "s", SecretString: "3", VersionStages: ["blue"] })
    ).VersionId as string;
    assert.deepEqual(await stagesOf(client, "s"), { [v1]: ["AWSCURRENT"], [v3]: ["blue"] });
    const blue = await client.getSecretValue({ SecretId: "s", VersionStage: "blue" });
    assert.equal(blue.SecretString, "3");
  });

  test("GetSecretValue with a VersionId and a stage it lacks is InvalidRequestException", async () => {
    // Issue 15: AWS's recorded answer (the emulator used to say ResourceNotFoundException).
    const { client } = setup;
    const v1 = (await client.createSecret({ Name: "s", SecretString: "1" })).VersionId as string;
    const error = await rejectsWith(
      client.getSecretValue({ SecretId: "s", VersionId: v1, VersionStage: "AWSPREVIOUS" }),
      "InvalidRequestException",
    );
    assert.equal(
      error.message,
      "You provided a VersionStage that is not associated to the provided VersionId.",
    );
    await rejectsWith(
      client.getSecretValue({ SecretId: "s", VersionStage: "nope" }),
      "ResourceNotFoundException",
    );
    await rejectsWith(
      client.getSecretValue({ SecretId: "s", VersionId: randomUUID() }),
      "ResourceNotFoundException",
    );
  });

  test("a new value made current takes AWSPENDING off the version it replaces", async () => {
    // Issue 15, as AWS's recorded answers show: AWSCURRENT moved onto the AWSPENDING version,
    // then a plain PutSecretValue leaves that version with AWSPREVIOUS only.
    const { client } = setup;
    const v1 = (await client.createSecret({ Name: "s", SecretString: "1" })).VersionId as string;
    const v2 = (
      await client.putSecretValue({
        SecretId: "s",
        SecretString: "2",
        VersionStages: ["AWSPENDING"],
      })
    ).VersionId as string;
    await client.updateSecretVersionStage({
      SecretId: "s",
      VersionStage: "AWSCURRENT",
      MoveToVersionId: v2,
      RemoveFromVersionId: v1,
    });
    const v3 = (await client.putSecretValue({ SecretId: "s", SecretString: "3" }))
      .VersionId as string;
    const { VersionIdsToStages } = await client.describeSecret({ SecretId: "s" });
    assert.deepEqual(VersionIdsToStages, { [v2]: ["AWSPREVIOUS"], [v3]: ["AWSCURRENT"] });
  });

  test("AWSPENDING on a version that is not current stays through a new current value", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "1" });
    const pending = (
      await client.putSecretValue({
        SecretId: "s",
        SecretString: "2",
        VersionStages: ["AWSPENDING"],
      })
    ).VersionId as string;
    await client.putSecretValue({ SecretId: "s", SecretString: "3" });
    const { VersionIdsToStages = {} } = await client.describeSecret({ SecretId: "s" });
    assert.deepEqual(VersionIdsToStages[pending], ["AWSPENDING"]);
  });

  test("UpdateSecretVersionStage moves AWSCURRENT back; AWSPREVIOUS follows", async () => {
    const { client } = setup;
    const v1 = (await client.createSecret({ Name: "s", SecretString: "1" })).VersionId as string;
    const v2 = (await client.putSecretValue({ SecretId: "s", SecretString: "2" }))
      .VersionId as string;
    await client.updateSecretVersionStage({
      SecretId: "s",
      VersionStage: "AWSCURRENT",
      MoveToVersionId: v1,
      RemoveFromVersionId: v2,
    });
    assert.deepEqual(await stagesOf(client, "s"), {
      [v1]: ["AWSCURRENT"],
      [v2]: ["AWSPREVIOUS"],
    });
    assert.equal((await client.getSecretValue({ SecretId: "s" })).SecretString, "1");
  });

  test("moving a label that is on another version needs RemoveFromVersionId", async () => {
    const { client } = setup;
    const v1 = (await client.createSecret({ Name: "s", SecretString: "1" })).VersionId as string;
    await client.putSecretValue({ SecretId: "s", SecretString: "2" });
    await rejectsWith(
      client.updateSecretVersionStage({
        SecretId: "s",
        VersionStage: "AWSCURRENT",
        MoveToVersionId: v1,
      }),
      "InvalidParameterException",
    );
  });

  test("a custom label can be added and removed; AWSCURRENT cannot be removed", async () => {
    const { client } = setup;
    const v1 = (await client.createSecret({ Name: "s", SecretString: "1" })).VersionId as string;
    await client.updateSecretVersionStage({
      SecretId: "s",
      VersionStage: "green",
      MoveToVersionId: v1,
    });
    assert.deepEqual(await stagesOf(client, "s"), { [v1]: ["AWSCURRENT", "green"] });
    await client.updateSecretVersionStage({
      SecretId: "s",
      VersionStage: "green",
      RemoveFromVersionId: v1,
    });
    assert.deepEqual(await stagesOf(client, "s"), { [v1]: ["AWSCURRENT"] });
    await rejectsWith(
      client.updateSecretVersionStage({
        SecretId: "s",
        VersionStage: "AWSCURRENT",
        RemoveFromVersionId: v1,
      }),
      "InvalidParameterException",
    );
    await rejectsWith(
      client.updateSecretVersionStage({
        SecretId: "s",
        VersionStage: "green",
        RemoveFromVersionId: v1,
      }),
      "InvalidParameterException",
    );
  });

  test("ListSecretVersionIds hides deprecated versions unless IncludeDeprecated", async () => {
    const { client } = setup;
    const ids = [(await client.createSecret({ Name: "s", SecretString: "0" })).VersionId];
    for (const value of ["1", "2", "3"]) {
      ids.push((await client.putSecretValue({ SecretId: "s", SecretString: value })).VersionId);
    }
    const visible = await client.listSecretVersionIds({ SecretId: "s" });
    assert.deepEqual(
      visible.Versions?.map((version) => [version.VersionId, version.VersionStages]),
      [
        [ids[2], ["AWSPREVIOUS"]],
        [ids[3], ["AWSCURRENT"]],
      ],
    );
    assert.equal(visible.Name, "s");
    assert.match(visible.ARN ?? "", /:secret:s-/);
    const all = await client.listSecretVersionIds({ SecretId: "s", IncludeDeprecated: true });
    assert.deepEqual(
      all.Versions?.map((version) => version.VersionId),
      ids,
    );
    assert.equal(all.Versions?.[0]?.VersionStages, undefined);
    assert.ok(all.Versions?.every((version) => version.CreatedDate instanceof Date));
    assert.deepEqual(all.Versions?.[0]?.KmsKeyIds, ["DefaultEncryptionKey"]);
  });

  test("ListSecretVersionIds pages with MaxResults and NextToken", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "0" });
    for (const value of ["1", "2", "3", "4"]) {
      await client.putSecretValue({ SecretId: "s", SecretString: value });
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.listSecretVersionIds({
        SecretId: "s",
        IncludeDeprecated: true,
        MaxResults: 2,
        NextToken: token,
      });
      pages += 1;
      for (const version of page.Versions ?? []) seen.push(version.VersionId as string);
      token = page.NextToken;
    } while (token !== undefined);
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 5);
    await rejectsWith(
      client.listSecretVersionIds({ SecretId: "s", NextToken: "not-a-token" }),
      "InvalidNextTokenException",
    );
  });
});

test("past 100 versions, deprecated ones older than a day are removed", TIMEOUT, async () => {
  let now = Date.UTC(2025, 0, 1);
  const local = await startLocalSecretsManager({ now: () => new Date(now) });
  const client = clientFor(local.endpoint);
  try {
    const first = await client.createSecret({ Name: "s", SecretString: "0" });
    for (let i = 1; i < 100; i++) {
      await client.putSecretValue({ SecretId: "s", SecretString: String(i) });
    }
    const allIds = async () => {
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.listSecretVersionIds({
          SecretId: "s",
          IncludeDeprecated: true,
          NextToken: token,
        });
        ids.push(...(page.Versions ?? []).map((version) => version.VersionId as string));
        token = page.NextToken;
      } while (token !== undefined);
      return ids;
    };
    const count = async () => (await allIds()).length;
    assert.equal(await count(), 100);
    // The 101st version, the same day: nothing old enough to remove.
    await client.putSecretValue({ SecretId: "s", SecretString: "100" });
    assert.equal(await count(), 101);
    now += 2 * 86_400_000;
    await client.putSecretValue({ SecretId: "s", SecretString: "101" });
    const ids = await allIds();
    assert.equal(ids.length, 100);
    // The oldest went first.
    assert.ok(!ids.includes(first.VersionId as string));
  } finally {
    await client.close();
    await local.close();
  }
});
