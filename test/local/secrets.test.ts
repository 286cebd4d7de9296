// The life of a secret in the emulator, through our client: create, read, update, describe,
// delete with a recovery window or at once, restore; ARNs and lookups; idempotency tokens.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import {
  InvalidParameterException,
  InvalidRequestException,
  ResourceExistsException,
  ResourceNotFoundException,
} from "../../src/index";
import { startLocalSecretsManager } from "../../src/local/index";
import { clientFor, failure, rawPost, rejectsWith, TIMEOUT, useEmulator } from "./emulator";

const ARN = /^arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/db-[A-Za-z0-9]{6}$/;

describe("secrets", TIMEOUT, () => {
  const setup = useEmulator();

  test("CreateSecret answers an ARN with a six-character suffix and a version id", async () => {
    const { client } = setup;
    const created = await client.createSecret({ Name: "app/db", SecretString: "s3cr3t" });
    assert.match(created.ARN ?? "", ARN);
    assert.equal(created.Name, "app/db");
    assert.match(created.VersionId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(created.$metadata.httpStatusCode, 200);
    assert.match(created.$metadata.requestId ?? "", /^[0-9a-f-]{36}$/);
  });

  test("a secret is found by name, full ARN and partial ARN", async () => {
    const { client } = setup;
    const { ARN: arn = "" } = await client.createSecret({ Name: "app/db", SecretString: "v" });
    for (const id of [arn, "app/db", arn.slice(0, -7)]) {
      const value = await client.getSecretValue({ SecretId: id });
      assert.equal(value.SecretString, "v", id);
      assert.equal(value.ARN, arn);
    }
    await rejectsWith(
      client.getSecretValue({ SecretId: `${arn.slice(0, -7)}-XXXXXX` }),
      "ResourceNotFoundException",
    );
  });

  test("GetSecretValue answers the current value, stages and creation date", async () => {
    const { client } = setup;
    const created = await client.createSecret({ Name: "app/db", SecretString: "one" });
    const value = await client.getSecretValue({ SecretId: "app/db" });
    assert.equal(value.VersionId, created.VersionId);
    assert.deepEqual(value.VersionStages, ["AWSCURRENT"]);
    assert.ok(value.CreatedDate instanceof Date);
    assert.ok(Math.abs((value.CreatedDate?.getTime() ?? 0) - Date.now()) < 10_000);
    assert.equal(value.SecretBinary, undefined);
  });

  test("binary secrets go in and come back as bytes", async () => {
    const { client } = setup;
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await client.createSecret({ Name: "cert", SecretBinary: bytes });
    const value = await client.getSecretValue({ SecretId: "cert" });
    assert.deepEqual(value.SecretBinary, bytes);
    assert.equal(value.SecretString, undefined);
  });

  test("a forced delete of a secret that does not exist answers as done", async () => {
    const { client } = setup;
    const deleted = await client.deleteSecret({
      SecretId: "never/there",
      ForceDeleteWithoutRecovery: true,
    });
    assert.equal(deleted.Name, "never/there");
    assert.ok(deleted.DeletionDate instanceof Date);
    await rejectsWith(
      client.deleteSecret({ SecretId: "never/there" }),
      "ResourceNotFoundException",
    );
  });

  test("CancelRotateSecret on a secret never set up for rotation leaves RotationEnabled absent", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "app/no-rotation", SecretString: "x" });
    await client.cancelRotateSecret({ SecretId: "app/no-rotation" });
    const described = await client.describeSecret({ SecretId: "app/no-rotation" });
    assert.equal(described.RotationEnabled, undefined);
  });

  test("a missing secret is ResourceNotFoundException", async () => {
    const error = await failure(setup.client.getSecretValue({ SecretId: "missing" }));
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.message, "Secrets Manager can't find the specified secret.");
    assert.equal((error as ResourceNotFoundException).$metadata.httpStatusCode, 400);
  });

  test("a name already taken is ResourceExistsException", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "app/db", SecretString: "v" });
    const error = await failure(client.createSecret({ Name: "app/db", SecretString: "w" }));
    assert.ok(error instanceof ResourceExistsException);
  });

  test("CreateSecret sent again with the same token and value answers the same version", async () => {
    const { client } = setup;
    const token = randomUUID();
    const first = await client.createSecret({
      Name: "app/db",
      SecretString: "v",
      ClientRequestToken: token,
    });
    const again = await client.createSecret({
      Name: "app/db",
      SecretString: "v",
      ClientRequestToken: token,
    });
    assert.equal(again.VersionId, token);
    assert.equal(again.ARN, first.ARN);
    await rejectsWith(
      client.createSecret({ Name: "app/db", SecretString: "other", ClientRequestToken: token }),
      "ResourceExistsException",
    );
  });

  test("SecretString and SecretBinary together are InvalidParameterException", async () => {
    const error = await failure(
      setup.client.createSecret({ Name: "both", SecretString: "a", SecretBinary: "b" }),
    );
    assert.ok(error instanceof InvalidParameterException);
  });

  test("a name with characters the service refuses is ValidationException, in its words", async () => {
    const error = await rejectsWith(
      setup.client.createSecret({ Name: "has space", SecretString: "v" }),
      "ValidationException",
    );
    assert.equal(
      error.message,
      "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
    );
  });

  test("the name pattern is the service's: `!` is refused too", async () => {
    const response = await rawPost(
      setup.local.endpoint,
      "secretsmanager.CreateSecret",
      JSON.stringify({ Name: "bad!name", SecretString: "v", ClientRequestToken: randomUUID() }),
    );
    assert.equal(response.json?.["__type"], "ValidationException");
  });

  test("every operation refuses a SecretId with such a name before looking it up", async () => {
    // Issue 15: AWS answers ValidationException for an invalid name on each operation, a
    // forced delete included, where the emulator used to answer ResourceNotFoundException.
    const { client } = setup;
    const SecretId = " Inv*Name? ";
    const calls: Array<() => Promise<unknown>> = [
      () => client.describeSecret({ SecretId }),
      () => client.getSecretValue({ SecretId }),
      () => client.putSecretValue({ SecretId, SecretString: "v" }),
      () => client.updateSecret({ SecretId, Description: "d" }),
      () => client.deleteSecret({ SecretId, ForceDeleteWithoutRecovery: true }),
      () => client.listSecretVersionIds({ SecretId, IncludeDeprecated: true }),
      () => client.tagResource({ SecretId, Tags: [{ Key: "k", Value: "v" }] }),
      () => client.untagResource({ SecretId, TagKeys: ["k"] }),
      () => client.validateResourcePolicy({ SecretId, ResourcePolicy: "{}" }),
      () => client.stopReplicationToReplica({ SecretId }),
    ];
    for (const call of calls) await rejectsWith(call(), "ValidationException");
    // An ARN is checked from its resource part on; a valid one is simply looked up.
    await rejectsWith(
      client.describeSecret({
        SecretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:bad name",
      }),
      "ValidationException",
    );
    await rejectsWith(
      client.describeSecret({
        SecretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:absent",
      }),
      "ResourceNotFoundException",
    );
  });

  test("an empty description is shown as none", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "empty", Description: "" });
    assert.equal((await client.describeSecret({ SecretId: "empty" })).Description, undefined);
  });

  test("a SecretBinary that is not base64 text is SerializationException", async () => {
    const response = await rawPost(
      setup.local.endpoint,
      "secretsmanager.CreateSecret",
      JSON.stringify({ Name: "bin", SecretBinary: [1, 2, 3], ClientRequestToken: randomUUID() }),
    );
    assert.equal(response.json?.["__type"], "SerializationException");
  });

  test("duplicate tag keys at creation keep one value per key, the last one", async () => {
    const { client } = setup;
    await client.createSecret({
      Name: "tagged",
      SecretString: "v",
      Tags: [
        { Key: "team", Value: "a" },
        { Key: "team", Value: "b" },
      ],
    });
    const described = await client.describeSecret({ SecretId: "tagged" });
    assert.deepEqual(described.Tags, [{ Key: "team", Value: "b" }]);
  });

  test("an UpdateSecret refused for its token changes nothing", async () => {
    const { client } = setup;
    const created = await client.createSecret({
      Name: "app/db",
      SecretString: "v1",
      Description: "old",
    });
    await rejectsWith(
      client.updateSecret({
        SecretId: "app/db",
        Description: "changed",
        SecretString: "another value",
        ClientRequestToken: created.VersionId as string,
      }),
      "ResourceExistsException",
    );
    const described = await client.describeSecret({ SecretId: "app/db" });
    assert.equal(described.Description, "old");
    assert.deepEqual(described.VersionIdsToStages, {
      [created.VersionId as string]: ["AWSCURRENT"],
    });
  });

  test("ARNs carry the Region's partition", async () => {
    const local = await startLocalSecretsManager({ region: "cn-north-1" });
    const client = clientFor(local.endpoint);
    try {
      const created = await client.createSecret({ Name: "app/db", SecretString: "v" });
      assert.match(created.ARN ?? "", /^arn:aws-cn:secretsmanager:cn-north-1:/);
    } finally {
      await client.close();
      await local.close();
    }
  });

  test("a secret may be created without a value; reading it is ResourceNotFoundException", async () => {
    const { client } = setup;
    const created = await client.createSecret({ Name: "empty" });
    assert.equal(created.VersionId, undefined);
    const described = await client.describeSecret({ SecretId: "empty" });
    assert.equal(described.VersionIdsToStages, undefined);
    await rejectsWith(client.getSecretValue({ SecretId: "empty" }), "ResourceNotFoundException");
  });

  test("UpdateSecret changes the description and, given a value, adds a version", async () => {
    const { client } = setup;
    const created = await client.createSecret({
      Name: "app/db",
      SecretString: "v1",
      Description: "old",
    });
    const metadataOnly = await client.updateSecret({ SecretId: "app/db", Description: "new" });
    assert.equal(metadataOnly.VersionId, undefined);
    const updated = await client.updateSecret({ SecretId: "app/db", SecretString: "v2" });
    assert.notEqual(updated.VersionId, created.VersionId);
    const described = await client.describeSecret({ SecretId: "app/db" });
    assert.equal(described.Description, "new");
    assert.deepEqual(described.VersionIdsToStages, {
      [created.VersionId as string]: ["AWSPREVIOUS"],
      [updated.VersionId as string]: ["AWSCURRENT"],
    });
  });

  test("DescribeSecret answers the full field set", async () => {
    const { client } = setup;
    const created = await client.createSecret({
      Name: "app/db",
      SecretString: "v",
      Description: "database",
      KmsKeyId: "alias/custom",
      Tags: [{ Key: "env", Value: "prod" }],
    });
    await client.getSecretValue({ SecretId: "app/db" });
    const described = await client.describeSecret({ SecretId: created.ARN as string });
    assert.equal(described.ARN, created.ARN);
    assert.equal(described.Name, "app/db");
    assert.equal(described.Description, "database");
    assert.equal(described.KmsKeyId, "alias/custom");
    assert.deepEqual(described.Tags, [{ Key: "env", Value: "prod" }]);
    // Only a secret with replicas names its primary Region (see replication.test.ts).
    assert.equal(described.PrimaryRegion, undefined);
    assert.ok(described.CreatedDate instanceof Date);
    assert.ok(described.LastChangedDate instanceof Date);
    // Access dates are kept to the day, as the service keeps them.
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    assert.deepEqual(described.LastAccessedDate, today);
    assert.equal(described.RotationEnabled, undefined);
    assert.equal(described.DeletedDate, undefined);
    assert.deepEqual(described.VersionIdsToStages, {
      [created.VersionId as string]: ["AWSCURRENT"],
    });
  });

  describe("deletion", () => {
    test("DeleteSecret schedules deletion 30 days out by default", async () => {
      const { client } = setup;
      await client.createSecret({ Name: "app/db", SecretString: "v" });
      const before = Date.now();
      const deleted = await client.deleteSecret({ SecretId: "app/db" });
      const days = ((deleted.DeletionDate?.getTime() ?? 0) - before) / 86_400_000;
      assert.ok(days > 29.99 && days < 30.01, `deletion in ${days} days`);
      const described = await client.describeSecret({ SecretId: "app/db" });
      assert.ok(described.DeletedDate instanceof Date);
    });

    test("RecoveryWindowInDays sets the window; outside 7 to 30 is InvalidParameterException", async () => {
      const { client } = setup;
      await client.createSecret({ Name: "app/db", SecretString: "v" });
      for (const days of [6, 31]) {
        await rejectsWith(
          client.deleteSecret({ SecretId: "app/db", RecoveryWindowInDays: days }),
          "InvalidParameterException",
        );
      }
      const deleted = await client.deleteSecret({ SecretId: "app/db", RecoveryWindowInDays: 7 });
      const days = ((deleted.DeletionDate?.getTime() ?? 0) - Date.now()) / 86_400_000;
      assert.ok(days > 6.99 && days <= 7, `deletion in ${days} days`);
    });

    test("a window with ForceDeleteWithoutRecovery is InvalidParameterException", async () => {
      const { client } = setup;
      await client.createSecret({ Name: "app/db", SecretString: "v" });
      await rejectsWith(
        client.deleteSecret({
          SecretId: "app/db",
          RecoveryWindowInDays: 7,
          ForceDeleteWithoutRecovery: true,
        }),
        "InvalidParameterException",
      );
    });

    test("a secret scheduled for deletion refuses access with InvalidRequestException", async () => {
      const { client } = setup;
      await client.createSecret({ Name: "app/db", SecretString: "v" });
      await client.deleteSecret({ SecretId: "app/db" });
      const error = await failure(client.getSecretValue({ SecretId: "app/db" }));
      assert.ok(error instanceof InvalidRequestException);
      assert.match(error.message, /marked for deletion/);
      await rejectsWith(
        client.putSecretValue({ SecretId: "app/db", SecretString: "w" }),
        "InvalidRequestException",
      );
      await rejectsWith(
        client.createSecret({ Name: "app/db", SecretString: "w" }),
        "InvalidRequestException",
      );
      await rejectsWith(client.deleteSecret({ SecretId: "app/db" }), "InvalidRequestException");
    });

    test("RestoreSecret brings a scheduled secret back", async () => {
      const { client } = setup;
      await client.createSecret({ Name: "app/db", SecretString: "v" });
      await client.deleteSecret({ SecretId: "app/db" });
      const restored = await client.restoreSecret({ SecretId: "app/db" });
      assert.equal(restored.Name, "app/db");
      assert.equal((await client.getSecretValue({ SecretId: "app/db" })).SecretString, "v");
      assert.equal((await client.describeSecret({ SecretId: "app/db" })).DeletedDate, undefined);
    });

    test("ForceDeleteWithoutRecovery deletes at once, even a scheduled secret", async () => {
      const { client } = setup;
      await client.createSecret({ Name: "a", SecretString: "v" });
      const deleted = await client.deleteSecret({
        SecretId: "a",
        ForceDeleteWithoutRecovery: true,
      });
      assert.ok(Math.abs((deleted.DeletionDate?.getTime() ?? 0) - Date.now()) < 10_000);
      await rejectsWith(client.describeSecret({ SecretId: "a" }), "ResourceNotFoundException");
      await client.createSecret({ Name: "a", SecretString: "again" });
      await client.deleteSecret({ SecretId: "a" });
      await client.deleteSecret({ SecretId: "a", ForceDeleteWithoutRecovery: true });
      await client.createSecret({ Name: "a", SecretString: "third" });
    });
  });

  test("the recovery window passing deletes the secret for good", TIMEOUT, async () => {
    let now = Date.now();
    const local = await startLocalSecretsManager({ now: () => new Date(now) });
    const client = clientFor(local.endpoint);
    try {
      await client.createSecret({ Name: "app/db", SecretString: "v" });
      await client.deleteSecret({ SecretId: "app/db", RecoveryWindowInDays: 7 });
      now += 6 * 86_400_000;
      await client.describeSecret({ SecretId: "app/db" });
      now += 86_400_000;
      await rejectsWith(client.describeSecret({ SecretId: "app/db" }), "ResourceNotFoundException");
      await client.createSecret({ Name: "app/db", SecretString: "new" });
    } finally {
      await client.close();
      await local.close();
    }
  });
});
