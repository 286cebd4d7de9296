/**
 * Secret values and their versions: GetSecretValue, BatchGetSecretValue, PutSecretValue,
 * ListSecretVersionIds, UpdateSecretVersionStage.
 */
import type { APIErrorType, SecretValueEntry } from "../../generated/types";
import { fail, ServiceError, STAGE_NOT_ON_VERSION } from "../errors";
import { checkFilters, matchesFilters, sortSecrets } from "../filters";
import { paginate } from "../pagination";
import type { StoredSecret, StoredVersion } from "../store";
import {
  AWSCURRENT,
  attachStage,
  detachStage,
  hasValue,
  putVersion,
  versionById,
  versionWithStage,
} from "../versions";
import {
  type Handler,
  isEmptyValue,
  type OperationContext,
  requestValue,
  requireSecret,
  startOfDay,
  toDate,
  tokenOf,
} from "./context";

/** What the service calls the KMS key of a secret that uses the default one. */
const DEFAULT_KEY_NAME = "DefaultEncryptionKey";

export const getSecretValue: Handler<"GetSecretValue"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  return readValue(context, secret, input.VersionId, input.VersionStage);
};

/** The version asked for, with its value, recording the access as the service does (by day). */
function readValue(
  context: OperationContext,
  secret: StoredSecret,
  versionId: string | undefined,
  versionStage: string | undefined,
): SecretValueEntry {
  const version = findVersion(secret, versionId, versionStage);
  const day = startOfDay(context.store.now());
  if (secret.lastAccessedDate !== day || version.lastAccessedDate !== day) {
    secret.lastAccessedDate = day;
    version.lastAccessedDate = day;
    context.store.changed();
  }
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    SecretString: version.secretString,
    SecretBinary:
      version.secretBinary === undefined
        ? undefined
        : new Uint8Array(Buffer.from(version.secretBinary, "base64")),
    VersionStages: [...version.stages],
    CreatedDate: new Date(version.createdDate),
  };
}

function findVersion(
  secret: StoredSecret,
  versionId: string | undefined,
  versionStage: string | undefined,
): StoredVersion {
  const missing = () =>
    fail.notFound(
      versionId === undefined
        ? `Secrets Manager can't find the specified secret value for staging label: ${versionStage ?? AWSCURRENT}`
        : `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
    );
  const version =
    versionId === undefined
      ? versionWithStage(secret, versionStage ?? AWSCURRENT)
      : versionById(secret, versionId);
  if (version === undefined || !hasValue(version)) throw missing();
  if (versionStage !== undefined && !version.stages.includes(versionStage)) {
    throw fail.invalidRequest(STAGE_NOT_ON_VERSION);
  }
  return version;
}

export const batchGetSecretValue: Handler<"BatchGetSecretValue"> = (input, context) => {
  const { store } = context;
  const { SecretIdList: ids, Filters: filters } = input;
  if ((ids === undefined) === (filters === undefined)) {
    throw fail.invalidParameter("Pass either SecretIdList or Filters, not both and not neither.");
  }
  const values: SecretValueEntry[] = [];
  const errors: APIErrorType[] = [];
  const read = (secretId: string, find: () => StoredSecret) => {
    try {
      values.push(readValue(context, find(), undefined, undefined));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      errors.push({ SecretId: secretId, ErrorCode: error.code, Message: error.message });
    }
  };
  if (ids !== undefined) {
    if (input.MaxResults !== undefined || input.NextToken !== undefined) {
      throw fail.invalidParameter("MaxResults and NextToken apply only with Filters.");
    }
    for (const id of ids) read(id, () => requireSecret(context, id));
    return { SecretValues: values, Errors: errors };
  }
  checkFilters(filters);
  const matching = store
    .all()
    .filter((secret) => secret.deletedDate === undefined)
    .filter((secret) => matchesFilters(secret, filters, store.region));
  const page = paginate(
    sortSecrets(matching, undefined, undefined),
    "BatchGetSecretValue",
    input.MaxResults,
    input.NextToken,
    20,
  );
  for (const secret of page.items) read(secret.arn, () => secret);
  return { SecretValues: values, Errors: errors, NextToken: page.nextToken };
};

export const putSecretValue: Handler<"PutSecretValue"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  const value = requestValue(input);
  if (isEmptyValue(value)) {
    throw fail.invalidParameter("Pass SecretString or SecretBinary.");
  }
  const stages = input.VersionStages ?? [AWSCURRENT];
  const { version } = putVersion(secret, tokenOf(input), value, stages, context.store.now());
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    VersionStages: [...version.stages],
  };
};

export const listSecretVersionIds: Handler<"ListSecretVersionIds"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId, { allowDeleted: true });
  const versions = input.IncludeDeprecated
    ? secret.versions
    : secret.versions.filter((version) => version.stages.length > 0);
  const page = paginate(
    versions,
    `ListSecretVersionIds:${secret.arn}`,
    input.MaxResults,
    input.NextToken,
    100,
  );
  return {
    Versions: page.items.map((version) => ({
      VersionId: version.versionId,
      VersionStages: version.stages.length > 0 ? [...version.stages] : undefined,
      LastAccessedDate: toDate(version.lastAccessedDate),
      CreatedDate: new Date(version.createdDate),
      KmsKeyIds: [secret.kmsKeyId ?? DEFAULT_KEY_NAME],
    })),
    NextToken: page.nextToken,
    ARN: secret.arn,
    Name: secret.name,
  };
};

export const updateSecretVersionStage: Handler<"UpdateSecretVersionStage"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  const { VersionStage: stage, RemoveFromVersionId: removeFrom, MoveToVersionId: moveTo } = input;
  const holder = versionWithStage(secret, stage);
  const knownVersion = (versionId: string) => {
    const version = versionById(secret, versionId);
    if (version === undefined) {
      throw fail.invalidParameter(`The secret has no version ${versionId}.`);
    }
    return version;
  };
  const source = removeFrom === undefined ? undefined : knownVersion(removeFrom);
  if (source !== undefined && !source.stages.includes(stage)) {
    throw fail.invalidParameter(
      `The label ${stage} is not on version ${removeFrom}, so it cannot be removed from it.`,
    );
  }
  if (moveTo !== undefined) {
    const target = knownVersion(moveTo);
    if (holder !== undefined && holder !== target && holder !== source) {
      throw fail.invalidParameter(
        `The label ${stage} is on version ${holder.versionId}: name that version in RemoveFromVersionId to move the label.`,
      );
    }
    attachStage(secret, stage, target);
  } else {
    if (source === undefined) {
      throw fail.invalidParameter("Pass MoveToVersionId, RemoveFromVersionId, or both.");
    }
    if (stage === AWSCURRENT) {
      throw fail.invalidParameter(
        "AWSCURRENT can only be moved to another version (MoveToVersionId), not removed.",
      );
    }
    detachStage(source, stage);
  }
  secret.lastChangedDate = context.store.now();
  return { ARN: secret.arn, Name: secret.name };
};
