/**
 * The life of a secret: CreateSecret, UpdateSecret, DescribeSecret, ListSecrets, DeleteSecret,
 * RestoreSecret.
 */
import type { DescribeSecretResponse, SecretListEntry } from "../../generated/types";
import { fail, NAME_SCHEDULED_FOR_DELETION, secretExists } from "../errors";
import { checkFilters, matchesFilters, sortSecrets } from "../filters";
import { checkSecretId, checkSecretName } from "../names";
import { paginate } from "../pagination";
import type { StoredSecret, StoredTag } from "../store";
import { AWSCURRENT, hasValue, putVersion, versionById, versionsToStages } from "../versions";
import {
  checkTags,
  type Handler,
  isEmptyValue,
  mergeTags,
  replicationStatus,
  requestValue,
  requireSecret,
  toDate,
  tokenOf,
} from "./context";
import { addReplicas } from "./replication";

const DAY = 86_400_000;

export const createSecret: Handler<"CreateSecret"> = (input, context) => {
  const { store } = context;
  checkSecretName(input.Name);
  const value = requestValue(input);
  const token = tokenOf(input);
  const existing = store.findByName(input.Name);
  if (existing !== undefined) {
    if (existing.deletedDate !== undefined) throw fail.invalidRequest(NAME_SCHEDULED_FOR_DELETION);
    // The same request sent again (same token, same value) is answered, not refused.
    const version = versionById(existing, token);
    if (
      version !== undefined &&
      hasValue(version) &&
      version.secretString === value.secretString &&
      version.secretBinary === value.secretBinary
    ) {
      return { ARN: existing.arn, Name: existing.name, VersionId: version.versionId };
    }
    throw fail.exists(secretExists(input.Name));
  }
  // One value per key, the last one given, as TagResource does.
  const tags: StoredTag[] = [];
  mergeTags({ tags }, checkTags(input.Tags ?? []));
  const now = store.now();
  const secret: StoredSecret = {
    arn: store.newArn(input.Name),
    name: input.Name,
    description: input.Description,
    kmsKeyId: input.KmsKeyId,
    type: input.Type,
    createdDate: now,
    lastChangedDate: now,
    tags,
    tagged: input.Tags === undefined ? undefined : true,
    versions: [],
    replicas: [],
  };
  addReplicas(secret, input.AddReplicaRegions ?? [], store.region);
  let versionId: string | undefined;
  if (!isEmptyValue(value)) {
    versionId = putVersion(secret, token, value, [AWSCURRENT], now).version.versionId;
  }
  store.add(secret);
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: versionId,
    ReplicationStatus: secret.replicas.length > 0 ? replicationStatus(secret) : undefined,
  };
};

export const updateSecret: Handler<"UpdateSecret"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  const value = requestValue(input);
  const now = context.store.now();
  // The new version first: when its token is refused, the call must change nothing.
  let versionId: string | undefined;
  if (!isEmptyValue(value)) {
    versionId = putVersion(secret, tokenOf(input), value, [AWSCURRENT], now).version.versionId;
  }
  if (input.Description !== undefined) secret.description = input.Description;
  if (input.KmsKeyId !== undefined) secret.kmsKeyId = input.KmsKeyId;
  if (input.Type !== undefined) secret.type = input.Type;
  secret.lastChangedDate = now;
  return { ARN: secret.arn, Name: secret.name, VersionId: versionId };
};

export const describeSecret: Handler<"DescribeSecret"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId, { allowDeleted: true });
  return describe(secret, context.store.region);
};

/** DescribeSecret's answer: every field the secret has a value for. */
export function describe(secret: StoredSecret, region: string): DescribeSecretResponse {
  return {
    ...commonFields(secret, region),
    VersionIdsToStages: versionsToStages(secret),
    ReplicationStatus: secret.replicas.length > 0 ? replicationStatus(secret) : undefined,
  };
}

function listEntry(secret: StoredSecret, region: string): SecretListEntry {
  return { ...commonFields(secret, region), SecretVersionsToStages: versionsToStages(secret) };
}

function commonFields(secret: StoredSecret, region: string) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    Type: secret.type,
    // A secret created or updated with an empty description shows none, as the service's do.
    Description: secret.description === "" ? undefined : secret.description,
    KmsKeyId: secret.kmsKeyId,
    RotationEnabled: secret.rotationEnabled,
    RotationLambdaARN: secret.rotationLambdaArn,
    RotationRules: secret.rotationRules,
    ExternalSecretRotationMetadata: secret.externalSecretRotationMetadata,
    ExternalSecretRotationRoleArn: secret.externalSecretRotationRoleArn,
    LastRotatedDate: toDate(secret.lastRotatedDate),
    LastChangedDate: toDate(secret.lastChangedDate),
    LastAccessedDate: toDate(secret.lastAccessedDate),
    DeletedDate: toDate(secret.deletedDate),
    NextRotationDate: toDate(secret.nextRotationDate),
    Tags:
      secret.tags.length > 0 || secret.tagged ? secret.tags.map((tag) => ({ ...tag })) : undefined,
    OwningService: secret.owningService,
    CreatedDate: toDate(secret.createdDate),
    // The service names a primary Region only for a secret that has replicas.
    PrimaryRegion: secret.replicas.length > 0 ? region : undefined,
  };
}

export const listSecrets: Handler<"ListSecrets"> = (input, context) => {
  const { store } = context;
  checkFilters(input.Filters);
  const candidates = store
    .all()
    .filter((secret) => input.IncludePlannedDeletion || secret.deletedDate === undefined)
    .filter((secret) => matchesFilters(secret, input.Filters, store.region));
  const sorted = sortSecrets(candidates, input.SortBy, input.SortOrder);
  const page = paginate(sorted, "ListSecrets", input.MaxResults, input.NextToken, 100);
  return {
    SecretList: page.items.map((secret) => listEntry(secret, store.region)),
    NextToken: page.nextToken,
  };
};

export const deleteSecret: Handler<"DeleteSecret"> = (input, context) => {
  const { store } = context;
  const force = input.ForceDeleteWithoutRecovery === true;
  if (force && input.RecoveryWindowInDays !== undefined) {
    throw fail.invalidParameter(
      "RecoveryWindowInDays and ForceDeleteWithoutRecovery cannot be used together.",
    );
  }
  checkSecretId(input.SecretId);
  const window = input.RecoveryWindowInDays ?? 30;
  if (!force && (window < 7 || window > 30)) {
    throw fail.invalidParameter("RecoveryWindowInDays must be from 7 to 30 days.");
  }
  if (force && store.find(input.SecretId) === undefined) {
    // The service answers a forced delete of a secret it does not have as done (deletion is
    // asynchronous there, so a repeated forced delete must not fail).
    const arn = input.SecretId.startsWith("arn:") ? input.SecretId : store.newArn(input.SecretId);
    const name = input.SecretId.startsWith("arn:") ? nameOfArn(input.SecretId) : input.SecretId;
    return { ARN: arn, Name: name, DeletionDate: new Date(store.now()) };
  }
  const secret = requireSecret(context, input.SecretId, { allowDeleted: true });
  if (secret.replicas.length > 0) {
    throw fail.invalidRequest(
      "The secret is still replicated to other Regions; remove its replicas first.",
    );
  }
  const now = store.now();
  if (force) {
    store.remove(secret);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date(now) };
  }
  if (secret.deletedDate !== undefined) {
    throw fail.invalidRequest(
      "The secret is already scheduled for deletion; ForceDeleteWithoutRecovery deletes it now.",
    );
  }
  secret.deletedDate = now;
  secret.deletionDate = now + window * DAY;
  return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date(secret.deletionDate) };
};

export const restoreSecret: Handler<"RestoreSecret"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId, { allowDeleted: true });
  secret.deletedDate = undefined;
  secret.deletionDate = undefined;
  secret.lastChangedDate = context.store.now();
  return { ARN: secret.arn, Name: secret.name };
};

/** `arn:aws:secretsmanager:r:a:secret:app/db-AbCdEf` names `app/db`. */
function nameOfArn(arn: string): string {
  const resource = arn.split(":secret:")[1] ?? arn;
  return resource.replace(/-[A-Za-z0-9]{6}$/, "");
}
