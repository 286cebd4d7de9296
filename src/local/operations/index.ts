/**
 * The 23 operations as a table, and the one entry point the server calls: check the input
 * against the model, check the idempotency token is there, run the handler, and mark the state
 * changed after any operation that can change it (even when it failed part way, as a rotation
 * can).
 */
import { type OperationName, operations } from "../../generated/operations";
import { fail, TOKEN_REQUIRED } from "../errors";
import { getRandomPassword } from "../password";
import { checkInput } from "../validation";
import type { Handler, OperationContext } from "./context";
import {
  deleteResourcePolicy,
  getResourcePolicy,
  putResourcePolicy,
  validateResourcePolicy,
} from "./policies";
import {
  removeRegionsFromReplication,
  replicateSecretToRegions,
  stopReplicationToReplica,
} from "./replication";
import { cancelRotateSecret, rotateSecret } from "./rotation";
import {
  createSecret,
  deleteSecret,
  describeSecret,
  listSecrets,
  restoreSecret,
  updateSecret,
} from "./secrets";
import { tagResource, untagResource } from "./tags";
import {
  batchGetSecretValue,
  getSecretValue,
  listSecretVersionIds,
  putSecretValue,
  updateSecretVersionStage,
} from "./values";

export type { OperationContext } from "./context";

const handlers: { readonly [K in OperationName]: Handler<K> } = {
  BatchGetSecretValue: batchGetSecretValue,
  CancelRotateSecret: cancelRotateSecret,
  CreateSecret: createSecret,
  DeleteResourcePolicy: deleteResourcePolicy,
  DeleteSecret: deleteSecret,
  DescribeSecret: describeSecret,
  GetRandomPassword: (input) => getRandomPassword(input),
  GetResourcePolicy: getResourcePolicy,
  GetSecretValue: getSecretValue,
  ListSecretVersionIds: listSecretVersionIds,
  ListSecrets: listSecrets,
  PutResourcePolicy: putResourcePolicy,
  PutSecretValue: putSecretValue,
  RemoveRegionsFromReplication: removeRegionsFromReplication,
  ReplicateSecretToRegions: replicateSecretToRegions,
  RestoreSecret: restoreSecret,
  RotateSecret: rotateSecret,
  StopReplicationToReplica: stopReplicationToReplica,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateSecret: updateSecret,
  UpdateSecretVersionStage: updateSecretVersionStage,
  ValidateResourcePolicy: validateResourcePolicy,
};

/** Operations that never change state (reads record access dates themselves). */
const READ_ONLY = new Set<OperationName>([
  "BatchGetSecretValue",
  "DescribeSecret",
  "GetRandomPassword",
  "GetResourcePolicy",
  "GetSecretValue",
  "ListSecretVersionIds",
  "ListSecrets",
  "ValidateResourcePolicy",
]);

export async function invokeOperation(
  operation: OperationName,
  input: object,
  context: OperationContext,
): Promise<object> {
  checkInput(operation, input);
  requireIdempotencyToken(operation, input);
  const handler = handlers[operation] as unknown as Handler<OperationName>;
  try {
    return await handler(input as never, context);
  } finally {
    if (!READ_ONLY.has(operation)) context.store.changed();
  }
}

/**
 * The operations whose model marks an idempotency token (CreateSecret, UpdateSecret,
 * PutSecretValue, RotateSecret): the SDKs and the CLI always fill it in, and the service refuses
 * a request without it before anything else, RotateSecret with InvalidParameterException and the
 * others with InvalidRequestException (AWS's recorded answers).
 */
function requireIdempotencyToken(operation: OperationName, input: object): void {
  const member = operations[operation].idempotencyToken;
  if (member === undefined || (input as Record<string, unknown>)[member] !== undefined) return;
  throw operation === "RotateSecret"
    ? fail.invalidParameter(TOKEN_REQUIRED)
    : fail.invalidRequest(TOKEN_REQUIRED);
}
