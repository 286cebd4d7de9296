// Replication in the emulator: replicas with their status, removing them, promoting one with
// StopReplicationToReplica, and deletion refused while replicas remain.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rejectsWith, TIMEOUT, useEmulator } from "./emulator";

describe("replication", TIMEOUT, () => {
  const setup = useEmulator();

  test("ReplicateSecretToRegions answers the status of every replica", async () => {
    const { client } = setup;
    const { ARN: arn } = await client.createSecret({ Name: "s", SecretString: "v" });
    const replicated = await client.replicateSecretToRegions({
      SecretId: "s",
      AddReplicaRegions: [{ Region: "eu-west-1" }, { Region: "ap-south-1", KmsKeyId: "alias/k" }],
    });
    assert.equal(replicated.ARN, arn);
    assert.deepEqual(
      replicated.ReplicationStatus?.map((status) => [
        status.Region,
        status.Status,
        status.KmsKeyId,
      ]),
      [
        ["eu-west-1", "InSync", "alias/aws/secretsmanager"],
        ["ap-south-1", "InSync", "alias/k"],
      ],
    );
    const described = await client.describeSecret({ SecretId: "s" });
    assert.equal(described.ReplicationStatus?.length, 2);
    assert.equal(described.PrimaryRegion, "us-east-1");
    // Without replicas, no primary Region is named (issue 15: AWS's recorded answers).
    await client.removeRegionsFromReplication({
      SecretId: "s",
      RemoveReplicaRegions: ["eu-west-1", "ap-south-1"],
    });
    assert.equal((await client.describeSecret({ SecretId: "s" })).PrimaryRegion, undefined);
  });

  test("CreateSecret with AddReplicaRegions replicates at once", async () => {
    const created = await setup.client.createSecret({
      Name: "s",
      SecretString: "v",
      AddReplicaRegions: [{ Region: "eu-central-1" }],
    });
    assert.deepEqual(
      created.ReplicationStatus?.map((status) => status.Region),
      ["eu-central-1"],
    );
  });

  test("the primary's own Region, or a Region already replicated, is InvalidParameterException", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "v" });
    await rejectsWith(
      client.replicateSecretToRegions({
        SecretId: "s",
        AddReplicaRegions: [{ Region: "us-east-1" }],
      }),
      "InvalidParameterException",
    );
    await client.replicateSecretToRegions({
      SecretId: "s",
      AddReplicaRegions: [{ Region: "eu-west-1" }],
    });
    await rejectsWith(
      client.replicateSecretToRegions({
        SecretId: "s",
        AddReplicaRegions: [{ Region: "eu-west-1" }],
      }),
      "InvalidParameterException",
    );
  });

  test("RemoveRegionsFromReplication answers what remains", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "v" });
    await client.replicateSecretToRegions({
      SecretId: "s",
      AddReplicaRegions: [{ Region: "eu-west-1" }, { Region: "eu-west-2" }],
    });
    const removed = await client.removeRegionsFromReplication({
      SecretId: "s",
      RemoveReplicaRegions: ["eu-west-1"],
    });
    assert.deepEqual(
      removed.ReplicationStatus?.map((status) => status.Region),
      ["eu-west-2"],
    );
  });

  test("StopReplicationToReplica takes the replica's ARN and detaches it", async () => {
    const { client } = setup;
    const { ARN: arn = "" } = await client.createSecret({ Name: "s", SecretString: "v" });
    await client.replicateSecretToRegions({
      SecretId: "s",
      AddReplicaRegions: [{ Region: "eu-west-1" }],
    });
    const replicaArn = arn.replace(":us-east-1:", ":eu-west-1:");
    await rejectsWith(
      client.stopReplicationToReplica({ SecretId: arn }),
      "InvalidRequestException",
    );
    const stopped = await client.stopReplicationToReplica({ SecretId: replicaArn });
    assert.equal(stopped.ARN, replicaArn);
    assert.equal((await client.describeSecret({ SecretId: "s" })).ReplicationStatus, undefined);
    await rejectsWith(
      client.stopReplicationToReplica({ SecretId: replicaArn }),
      "ResourceNotFoundException",
    );
  });

  test("a secret with replicas cannot be deleted until they are removed", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "v" });
    await client.replicateSecretToRegions({
      SecretId: "s",
      AddReplicaRegions: [{ Region: "eu-west-1" }],
    });
    await rejectsWith(client.deleteSecret({ SecretId: "s" }), "InvalidRequestException");
    await client.removeRegionsFromReplication({
      SecretId: "s",
      RemoveReplicaRegions: ["eu-west-1"],
    });
    await client.deleteSecret({ SecretId: "s" });
  });
});
