/**
 * What each member and enum means, in our own words: the model ships without documentation,
 * and every exported symbol needs a comment. Keys are `Structure.Member` where a member means
 * different things in different structures, otherwise the member name. The generator refuses
 * a member with no entry here, so a model update cannot add an undocumented one.
 */

export const MEMBER_MEANINGS: Readonly<Record<string, string>> = {
  ARN: "The secret's ARN.",
  AddReplicaRegions: "Regions to replicate the secret to, each with an optional KMS key.",
  AutomaticallyAfterDays: "Days between scheduled rotations.",
  BlockPublicPolicy: "Refuse the policy if it would give public access to the secret.",
  CheckName: "Which check of the policy failed.",
  ClientRequestToken:
    "The idempotency token: it becomes the new version's id, and a repeated request with the same token and value creates nothing new.",
  CreatedDate: "When the secret or version was created.",
  DeletedDate: "When the secret was deleted (it is still recoverable until its deletion date).",
  DeletionDate: "When the secret is, or was, removed for good.",
  Description: "A description of the secret.",
  Duration: "How long each rotation window lasts, for example `3h`.",
  ErrorCode: "The error code for this entry, for example `ResourceNotFoundException`.",
  ErrorMessage: "What is wrong with the policy.",
  Errors: "Secrets this page could not return, each with an error code.",
  ExcludeCharacters: "Characters the password must not contain.",
  ExcludeLowercase: "Leave lower-case letters out of the password.",
  ExcludeNumbers: "Leave digits out of the password.",
  ExcludePunctuation: "Leave punctuation out of the password.",
  ExcludeUppercase: "Leave upper-case letters out of the password.",
  ExternalSecretRotationMetadata:
    "Key and value pairs a managed external secret's rotation passes to its partner.",
  ExternalSecretRotationRoleArn: "The IAM role rotation of a managed external secret assumes.",
  Filters: "Conditions every returned secret must meet.",
  ForceDeleteWithoutRecovery: "Delete at once, with no recovery window.",
  ForceOverwriteReplicaSecret:
    "Overwrite a secret of the same name in a replica Region instead of failing.",
  IncludeDeprecated: "Also list versions that have no staging label.",
  IncludePlannedDeletion: "Also list secrets scheduled for deletion.",
  IncludeSpace: "Allow the space character in the password.",
  "Filter.Key": "What to filter on.",
  "Tag.Key": "The tag's key.",
  KmsKeyId: "The KMS key that encrypts the secret's values.",
  KmsKeyIds: "The KMS keys that encrypt this version, in each Region.",
  LastAccessedDate: "The day the secret or version was last read.",
  LastChangedDate: "When the secret was last changed.",
  LastRotatedDate: "When the secret was last rotated.",
  MaxResults: "How many entries a page may hold at most.",
  Message: "The error's message.",
  MoveToVersionId: "The version the staging label moves to.",
  Name: "The secret's name.",
  NextRotationDate: "When the next scheduled rotation is due.",
  NextToken: "Where the next page starts; absent on the last page.",
  OwningService: "The AWS service that manages the secret, for a managed secret.",
  PasswordLength: "The number of characters in the password.",
  PolicyValidationPassed: "Whether the policy passed every check.",
  PrimaryRegion: "The Region the secret is replicated from.",
  RandomPassword: "The generated password.",
  RecoveryWindowInDays: "Days the deleted secret stays recoverable.",
  Region: "A Region.",
  RemoveFromVersionId: "The version the staging label moves away from.",
  RemoveReplicaRegions: "Regions whose replicas to remove.",
  ReplicationStatus: "The state of each replica.",
  RequireEachIncludedType: "Include at least one character of every type the password allows.",
  ResourcePolicy: "The resource policy, as a JSON document.",
  RotateImmediately: "Rotate now, rather than at the next scheduled window.",
  RotationEnabled: "Whether rotation is turned on.",
  RotationLambdaARN: "The Lambda function that rotates the secret.",
  RotationRules: "The rotation schedule.",
  RotationToken: "A token that proves a rotation function is the caller.",
  ScheduleExpression: "A `rate()` or `cron()` expression for the rotation schedule.",
  SecretBinary: "The secret's value as bytes.",
  SecretId: "The secret, by name or ARN.",
  SecretIdList: "The secrets to read, by name or ARN.",
  SecretList: "The secrets on this page.",
  SecretString: "The secret's value as text.",
  SecretValues: "The values read.",
  SecretVersionsToStages: "Every version of the secret and its staging labels.",
  SortBy: "What the list is sorted by.",
  SortOrder: "The sort direction.",
  Status: "Whether the replica is in sync.",
  StatusMessage: "Details of the replica's state.",
  TagKeys: "The keys of the tags to remove.",
  Tags: "Key and value pairs attached to the secret.",
  Type: "The kind of managed external secret.",
  ValidationErrors: "The checks the policy failed.",
  "Tag.Value": "The tag's value.",
  "ExternalSecretRotationMetadataItem.Value": "The value of this metadata entry.",
  "ExternalSecretRotationMetadataItem.Key": "The key of this metadata entry.",
  Values: "Values to match; a leading `!` negates one.",
  VersionId: "A version of the secret, by id.",
  VersionIdsToStages: "Every version of the secret and its staging labels.",
  VersionStage: "A staging label, for example `AWSCURRENT`.",
  VersionStages: "The staging labels on this version.",
  Versions: "The versions on this page.",
};

export const ENUM_MEANINGS: Readonly<Record<string, string>> = {
  FilterNameStringType: "What a `ListSecrets` or `BatchGetSecretValue` filter matches on.",
  SortByType: "What `ListSecrets` sorts by.",
  SortOrderType: "Ascending or descending.",
  StatusType: "The replication state of a replica.",
};

/** The meaning of `member` in `structure`; throws when the table has none. */
export function memberMeaning(structure: string, member: string): string {
  const meaning = MEMBER_MEANINGS[`${structure}.${member}`] ?? MEMBER_MEANINGS[member];
  if (meaning === undefined) {
    throw new Error(`codegen/member-docs.ts has no meaning for ${structure}.${member}`);
  }
  return meaning;
}

export function enumMeaning(name: string): string {
  const meaning = ENUM_MEANINGS[name];
  if (meaning === undefined) throw new Error(`codegen/member-docs.ts has no meaning for ${name}`);
  return meaning;
}
