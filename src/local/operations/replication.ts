/**
 * ReplicateSecretToRegions, RemoveRegionsFromReplication, StopReplicationToReplica.
 *
 * The emulator serves one Region. A replica is an entry in its primary's list, InSync at once
 * (the service reports InProgress first, then InSync); its ARN is the primary's with the replica
 * Region in it, which is what StopReplicationToReplica takes.
 */
import type { ReplicaRegionType } from "../../generated/types";
import { fail } from "../errors";
import { checkSecretId } from "../names";
import { replicaArn, type StoredSecret } from "../store";
import { type Handler, replicationStatus, requireSecret } from "./context";

const DEFAULT_REPLICA_KEY = "alias/aws/secretsmanager";

/** Adds replicas to a secret, refusing its own Region and Regions listed twice. */
export function addReplicas(
  secret: StoredSecret,
  regions: readonly ReplicaRegionType[],
  primaryRegion: string,
): void {
  const seen = new Set<string>();
  for (const { Region: region } of regions) {
    if (region === undefined) throw fail.invalidParameter("Each replica needs a Region.");
    if (region === primaryRegion) {
      throw fail.invalidParameter("A secret cannot be replicated to its own Region.");
    }
    if (seen.has(region) || secret.replicas.some((replica) => replica.region === region)) {
      throw fail.invalidParameter(`The secret is already replicated to ${region}.`);
    }
    seen.add(region);
  }
  for (const { Region: region, KmsKeyId: kmsKeyId } of regions) {
    secret.replicas.push({
      region: region as string,
      kmsKeyId: kmsKeyId ?? DEFAULT_REPLICA_KEY,
      status: "InSync",
      statusMessage: "Replication succeeded",
    });
  }
}

export const replicateSecretToRegions: Handler<"ReplicateSecretToRegions"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  addReplicas(secret, input.AddReplicaRegions, context.store.region);
  secret.lastChangedDate = context.store.now();
  return { ARN: secret.arn, ReplicationStatus: replicationStatus(secret) };
};

export const removeRegionsFromReplication: Handler<"RemoveRegionsFromReplication"> = (
  input,
  context,
) => {
  const secret = requireSecret(context, input.SecretId);
  for (const region of input.RemoveReplicaRegions) {
    if (!secret.replicas.some((replica) => replica.region === region)) {
      throw fail.invalidParameter(`The secret is not replicated to ${region}.`);
    }
  }
  const removed = new Set(input.RemoveReplicaRegions);
  secret.replicas = secret.replicas.filter((replica) => !removed.has(replica.region));
  secret.lastChangedDate = context.store.now();
  return { ARN: secret.arn, ReplicationStatus: replicationStatus(secret) };
};

export const stopReplicationToReplica: Handler<"StopReplicationToReplica"> = (input, context) => {
  checkSecretId(input.SecretId);
  const found = context.store.findReplica(input.SecretId);
  if (found === undefined) {
    if (context.store.find(input.SecretId) !== undefined) {
      throw fail.invalidRequest(
        "The secret is not a replica: name the replica by its ARN in the replica's Region.",
      );
    }
    throw fail.notFound();
  }
  const { secret, replica } = found;
  secret.replicas = secret.replicas.filter((entry) => entry !== replica);
  secret.lastChangedDate = context.store.now();
  return { ARN: replicaArn(secret.arn, replica.region) };
};
