/**
 * What every operation handler gets, and the lookups and conversions they share.
 */
import type { OperationName, OperationTypes } from "../../generated/operations";
import type { ReplicationStatusType, Tag } from "../../generated/types";
import { fail, MARKED_FOR_DELETION, TOKEN_REQUIRED } from "../errors";
import { checkSecretId } from "../names";
import type { RotationRunner } from "../rotation";
import type { SecretStore, StoredSecret, StoredTag } from "../store";
import type { StoredValue } from "../versions";

export interface OperationContext {
  readonly store: SecretStore;
  readonly rotation: RotationRunner;
  /** ARNs of the secrets whose rotation function is running now. */
  readonly rotating: Set<string>;
}

export type Handler<K extends OperationName> = (
  input: OperationTypes[K]["input"],
  context: OperationContext,
) => OperationTypes[K]["output"] | Promise<OperationTypes[K]["output"]>;

export interface LookupOptions {
  /** Also find a secret scheduled for deletion (otherwise InvalidRequestException). */
  allowDeleted?: boolean;
}

/**
 * The secret `secretId` names, or the service's error for an invalid, missing or deleted one.
 */
export function requireSecret(
  context: OperationContext,
  secretId: string,
  options: LookupOptions = {},
): StoredSecret {
  checkSecretId(secretId);
  const secret = context.store.find(secretId);
  if (secret === undefined) throw fail.notFound();
  if (!options.allowDeleted && secret.deletedDate !== undefined) {
    throw fail.invalidRequest(MARKED_FOR_DELETION);
  }
  return secret;
}

/**
 * The request's ClientRequestToken. `invokeOperation` has already refused a request without one;
 * this keeps the handlers from inventing one.
 */
export function tokenOf(input: { ClientRequestToken?: string | undefined }): string {
  if (input.ClientRequestToken === undefined) throw fail.invalidRequest(TOKEN_REQUIRED);
  return input.ClientRequestToken;
}

export function toDate(epochMs: number | undefined): Date | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs);
}

/** Midnight UTC of the day `epochMs` falls in: the service keeps access dates to the day. */
export function startOfDay(epochMs: number): number {
  return epochMs - (epochMs % 86_400_000);
}

/** A request's SecretString or SecretBinary in stored form; both at once is refused. */
export function requestValue(input: {
  SecretString?: string | undefined;
  SecretBinary?: Uint8Array | string | undefined;
}): StoredValue {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw fail.invalidParameter(
      "SecretString and SecretBinary cannot both be set: a version holds one of them.",
    );
  }
  const value: StoredValue = {};
  if (input.SecretString !== undefined) value.secretString = input.SecretString;
  if (input.SecretBinary !== undefined) {
    const bytes = input.SecretBinary;
    value.secretBinary = (
      typeof bytes === "string"
        ? Buffer.from(bytes, "utf8")
        : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    ).toString("base64");
  }
  return value;
}

export function isEmptyValue(value: StoredValue): boolean {
  return value.secretString === undefined && value.secretBinary === undefined;
}

/** Tags from a request, checked: each needs a Key, and `aws:` keys are reserved. */
export function checkTags(tags: readonly Tag[]): StoredTag[] {
  return tags.map((tag) => {
    if (tag.Key === undefined) throw fail.invalidParameter("Each tag needs a Key.");
    if (tag.Key.toLowerCase().startsWith("aws:")) {
      throw fail.invalidParameter("Tag keys starting with aws: are reserved for AWS use.");
    }
    return { Key: tag.Key, Value: tag.Value ?? "" };
  });
}

/** Adds or replaces tags by key, keeping the order in which keys first appeared. */
export function mergeTags(secret: Pick<StoredSecret, "tags">, tags: readonly StoredTag[]): void {
  for (const tag of tags) {
    const existing = secret.tags.find((entry) => entry.Key === tag.Key);
    if (existing === undefined) secret.tags.push({ ...tag });
    else existing.Value = tag.Value;
  }
}

export function replicationStatus(secret: StoredSecret): ReplicationStatusType[] {
  return secret.replicas.map((replica) => ({
    Region: replica.region,
    KmsKeyId: replica.kmsKeyId,
    Status: replica.status,
    StatusMessage: replica.statusMessage,
  }));
}
