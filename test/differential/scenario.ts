/**
 * The differential scenario: one list of steps, each an operation and its input, run in order
 * against moto and against the emulator. Inputs may name values from earlier steps' outputs with
 * {@link ref} (resolved per side, since ARNs and generated version ids differ) and fixed
 * idempotency tokens with {@link token} (the same on both sides, made fresh for each run).
 *
 * Secrets live under `diff/`; each group of steps works on its own secrets so that a
 * difference in one group (moto creating a version the emulator refuses, say) cannot spill into
 * the results of another.
 */
import type { OperationName, OperationTypes } from "../../src/generated/operations";
import type {
  BatchGetSecretValueResponse,
  GetRandomPasswordRequest,
  ListSecretsResponse,
  ListSecretVersionIdsResponse,
} from "../../src/index";

/** What moto and the emulator both implement: all but two operations. */
export type SharedOperation = Exclude<
  OperationName,
  "StopReplicationToReplica" | "ValidateResourcePolicy"
>;

export interface ScenarioStep<K extends SharedOperation = SharedOperation> {
  /** Unique; EXPECTED_DIFFERENCES and {@link ref} use it. */
  readonly id: string;
  readonly operation: K;
  readonly input: OperationTypes[K]["input"];
  /**
   * What to record of a successful output instead of the output itself: the names in a listing
   * when only the filter's selection matters, a password's properties instead of its characters.
   */
  readonly view?: (
    output: OperationTypes[K]["output"],
    input: OperationTypes[K]["input"],
  ) => unknown;
}

export type Step = { [K in SharedOperation]: ScenarioStep<K> }[SharedOperation];

function step<K extends SharedOperation>(
  id: string,
  operation: K,
  input: OperationTypes[K]["input"],
  view?: ScenarioStep<K>["view"],
): Step {
  return (view === undefined ? { id, operation, input } : { id, operation, input, view }) as Step;
}

/** A value from an earlier step's raw output, e.g. `ref("create-app", "ARN")`. */
export function ref(stepId: string, path: string): string {
  return `{{${stepId}.${path}}}`;
}

/** An ARN from an earlier step without its six-character suffix: a partial ARN. */
export function partialRef(stepId: string, path: string): string {
  return `{{${stepId}.${path}|partial}}`;
}

/** A fixed ClientRequestToken, the same on both sides; the normalizer shows it as `<token:NAME>`. */
export function token(name: string): string {
  return `{{token:${name}}}`;
}

export const LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:diff-rotation";

const APP_VALUE = JSON.stringify({ user: "admin", password: "p@ss wörd ✓ 𝄞", quote: '"\\' });
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, index) => index);
const LIST = "diff/list/";

/** Only the secrets' names, in the order listed. */
const secretNames = (output: ListSecretsResponse) => ({
  Names: (output.SecretList ?? []).map((entry) => entry.Name),
  NextToken: output.NextToken,
});

/** The versions keyed by id, so that a version one side lists and the other does not is one field. */
const versionsById = (output: ListSecretVersionIdsResponse): Record<string, unknown> => {
  const { Versions, ...rest } = output;
  const byId = Object.fromEntries((Versions ?? []).map((entry) => [entry.VersionId, entry]));
  return { ...rest, VersionsById: byId };
};

const valueNames = (output: BatchGetSecretValueResponse) => ({
  Names: (output.SecretValues ?? []).map((entry) => entry.Name),
  NextToken: output.NextToken,
});

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/**
 * A password's checkable properties, since its characters are random: its length, whether every
 * character is one the options allow, and (when each included type is required) which types
 * appear.
 */
export function passwordProperties(
  output: { RandomPassword?: string | undefined },
  input: GetRandomPasswordRequest,
): unknown {
  const password = output.RandomPassword ?? "";
  const excluded = new Set(input.ExcludeCharacters ?? "");
  const types: [string, string, boolean][] = [
    ["lowercase", LOWER, input.ExcludeLowercase !== true],
    ["uppercase", UPPER, input.ExcludeUppercase !== true],
    ["digits", DIGITS, input.ExcludeNumbers !== true],
    ["punctuation", PUNCTUATION, input.ExcludePunctuation !== true],
    ["space", " ", input.IncludeSpace === true],
  ];
  const allowed = (char: string) =>
    !excluded.has(char) && types.some(([, set, on]) => on && set.includes(char));
  const properties: Record<string, unknown> = {
    length: password.length,
    onlyAllowedCharacters: [...password].every(allowed),
  };
  if (input.RequireEachIncludedType !== false) {
    properties["typesPresent"] = types
      .filter(([, set]) => [...password].some((char) => set.includes(char)))
      .map(([name]) => name);
  }
  return properties;
}

export const SCENARIO: readonly Step[] = [
  // --- creating, and reading by name, ARN, partial ARN, stage and version ---
  step("create-app", "CreateSecret", {
    Name: "diff/app",
    SecretString: APP_VALUE,
    Description: "Database credentials for the app",
    Tags: [
      { Key: "env", Value: "dev" },
      { Key: "team", Value: "core" },
    ],
  }),
  step("create-cert", "CreateSecret", { Name: "diff/cert", SecretBinary: ALL_BYTES }),
  step("create-empty", "CreateSecret", { Name: "diff/empty", Description: "No value yet" }),
  step("create-duplicate", "CreateSecret", { Name: "diff/app", SecretString: "other" }),
  step("create-idem", "CreateSecret", {
    Name: "diff/idem",
    SecretString: "once",
    ClientRequestToken: token("create-idem"),
  }),
  step("create-idem-retry", "CreateSecret", {
    Name: "diff/idem",
    SecretString: "once",
    ClientRequestToken: token("create-idem"),
  }),
  step("create-idem-conflict", "CreateSecret", {
    Name: "diff/idem",
    SecretString: "another value",
    ClientRequestToken: token("create-idem"),
  }),
  step("get-by-name", "GetSecretValue", { SecretId: "diff/app" }),
  step("get-by-arn", "GetSecretValue", { SecretId: ref("create-app", "ARN") }),
  step("get-by-partial-arn", "GetSecretValue", { SecretId: partialRef("create-app", "ARN") }),
  step("get-by-stage", "GetSecretValue", { SecretId: "diff/app", VersionStage: "AWSCURRENT" }),
  step("get-by-version", "GetSecretValue", {
    SecretId: "diff/app",
    VersionId: ref("create-app", "VersionId"),
  }),
  step("get-binary", "GetSecretValue", { SecretId: "diff/cert" }),
  step("get-empty", "GetSecretValue", { SecretId: "diff/empty" }),
  step("get-missing", "GetSecretValue", { SecretId: "diff/missing" }),
  step("get-missing-stage", "GetSecretValue", { SecretId: "diff/app", VersionStage: "NOPE" }),
  step("describe-empty", "DescribeSecret", { SecretId: "diff/empty" }),
  step("describe-missing", "DescribeSecret", { SecretId: "diff/missing" }),

  // --- new versions: AWSCURRENT and AWSPREVIOUS move; tokens are idempotent ---
  step("put-app-v2", "PutSecretValue", { SecretId: "diff/app", SecretString: "v2" }),
  step("put-app-v3", "PutSecretValue", {
    SecretId: "diff/app",
    SecretString: "v3",
    ClientRequestToken: token("app-v3"),
  }),
  step("put-app-v3-retry", "PutSecretValue", {
    SecretId: "diff/app",
    SecretString: "v3",
    ClientRequestToken: token("app-v3"),
  }),
  step("put-app-v3-conflict", "PutSecretValue", {
    SecretId: "diff/app",
    SecretString: "not v3",
    ClientRequestToken: token("app-v3"),
  }),
  step("put-missing", "PutSecretValue", { SecretId: "diff/missing", SecretString: "x" }),
  step("get-app-current", "GetSecretValue", { SecretId: "diff/app" }),
  step("get-app-previous", "GetSecretValue", { SecretId: "diff/app", VersionStage: "AWSPREVIOUS" }),
  step("get-stage-version-mismatch", "GetSecretValue", {
    SecretId: "diff/app",
    VersionId: ref("put-app-v2", "VersionId"),
    VersionStage: "AWSCURRENT",
  }),
  step("list-versions-app", "ListSecretVersionIds", { SecretId: "diff/app" }, versionsById),
  step(
    "list-versions-app-deprecated",
    "ListSecretVersionIds",
    { SecretId: "diff/app", IncludeDeprecated: true },
    versionsById,
  ),
  step("list-versions-missing", "ListSecretVersionIds", { SecretId: "diff/missing" }),
  step("put-cert-v2", "PutSecretValue", {
    SecretId: "diff/cert",
    SecretBinary: ALL_BYTES.slice().reverse(),
  }),
  step("get-cert-previous", "GetSecretValue", {
    SecretId: "diff/cert",
    VersionStage: "AWSPREVIOUS",
  }),
  step("put-empty-first", "PutSecretValue", {
    SecretId: "diff/empty",
    SecretString: "first value",
    VersionStages: ["BLUE"],
  }),
  step("get-empty-filled", "GetSecretValue", { SecretId: "diff/empty" }),

  // --- UpdateSecret ---
  step("update-description", "UpdateSecret", {
    SecretId: "diff/app",
    Description: "Credentials, described again",
  }),
  step("update-value", "UpdateSecret", { SecretId: "diff/app", SecretString: "v4" }),
  step("update-missing", "UpdateSecret", { SecretId: "diff/missing", Description: "x" }),

  // --- tags ---
  step("tag-app", "TagResource", {
    SecretId: "diff/app",
    Tags: [
      { Key: "env", Value: "prod" },
      { Key: "owner", Value: "alice" },
    ],
  }),
  step("untag-app", "UntagResource", { SecretId: "diff/app", TagKeys: ["team"] }),
  step("tag-missing", "TagResource", {
    SecretId: "diff/missing",
    Tags: [{ Key: "k", Value: "v" }],
  }),
  step("describe-app", "DescribeSecret", { SecretId: "diff/app" }),

  // --- staging labels moved by hand ---
  step("create-labels", "CreateSecret", { Name: "diff/labels", SecretString: "one" }),
  step("put-labels-v2", "PutSecretValue", { SecretId: "diff/labels", SecretString: "two" }),
  step("put-labels-blue", "PutSecretValue", {
    SecretId: "diff/labels",
    SecretString: "three",
    VersionStages: ["BLUE"],
  }),
  step("stage-move-blue", "UpdateSecretVersionStage", {
    SecretId: "diff/labels",
    VersionStage: "BLUE",
    RemoveFromVersionId: ref("put-labels-blue", "VersionId"),
    MoveToVersionId: ref("create-labels", "VersionId"),
  }),
  step("stage-current-without-remove", "UpdateSecretVersionStage", {
    SecretId: "diff/labels",
    VersionStage: "AWSCURRENT",
    MoveToVersionId: ref("create-labels", "VersionId"),
  }),
  step("stage-rollback-current", "UpdateSecretVersionStage", {
    SecretId: "diff/labels",
    VersionStage: "AWSCURRENT",
    RemoveFromVersionId: ref("put-labels-v2", "VersionId"),
    MoveToVersionId: ref("create-labels", "VersionId"),
  }),
  step("get-labels-blue", "GetSecretValue", { SecretId: "diff/labels", VersionStage: "BLUE" }),
  step("get-labels-current-stage", "GetSecretValue", {
    SecretId: "diff/labels",
    VersionStage: "AWSCURRENT",
  }),
  step("get-labels-default", "GetSecretValue", { SecretId: "diff/labels" }),
  step("describe-labels", "DescribeSecret", { SecretId: "diff/labels" }),

  // --- resource policies ---
  step("policy-malformed", "PutResourcePolicy", {
    SecretId: "diff/app",
    ResourcePolicy: "{not json",
  }),
  step("policy-public-blocked", "PutResourcePolicy", {
    SecretId: "diff/app",
    BlockPublicPolicy: true,
    ResourcePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" },
      ],
    }),
  }),
  step("policy-put", "PutResourcePolicy", {
    SecretId: "diff/app",
    ResourcePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/reader" },
          Action: "secretsmanager:GetSecretValue",
          Resource: "*",
        },
      ],
    }),
  }),
  step("policy-get", "GetResourcePolicy", { SecretId: "diff/app" }),
  step("policy-delete", "DeleteResourcePolicy", { SecretId: "diff/app" }),
  step("policy-get-after-delete", "GetResourcePolicy", { SecretId: "diff/app" }),
  step("policy-get-missing", "GetResourcePolicy", { SecretId: "diff/missing" }),

  // --- listing: filters, negation, sort order, pages ---
  // Created in name order, so that creation order and name order agree.
  step("create-list-a", "CreateSecret", {
    Name: `${LIST}a`,
    SecretString: "a",
    Description: "Postgres primary",
    Tags: [{ Key: "tier", Value: "db" }],
  }),
  step("create-list-b", "CreateSecret", {
    Name: `${LIST}b`,
    SecretString: "b",
    Description: "Postgres replica",
    Tags: [{ Key: "tier", Value: "db" }],
  }),
  step("create-list-c", "CreateSecret", {
    Name: `${LIST}c`,
    SecretString: "c",
    Description: "Stripe key",
    Tags: [{ Key: "tier", Value: "api" }],
  }),
  step("create-list-d", "CreateSecret", {
    Name: `${LIST}d`,
    SecretString: "d",
    Tags: [{ Key: "owner", Value: "bob" }],
  }),
  step("create-list-e", "CreateSecret", {
    Name: `${LIST}e`,
    SecretString: "e",
    Description: "Legacy postgres",
  }),
  step("list-by-name", "ListSecrets", { Filters: [{ Key: "name", Values: [LIST] }] }),
  step(
    "list-page-1",
    "ListSecrets",
    { Filters: [{ Key: "name", Values: [LIST] }], MaxResults: 2 },
    secretNames,
  ),
  step(
    "list-page-2",
    "ListSecrets",
    {
      Filters: [{ Key: "name", Values: [LIST] }],
      MaxResults: 2,
      NextToken: ref("list-page-1", "NextToken"),
    },
    secretNames,
  ),
  step(
    "list-page-3",
    "ListSecrets",
    {
      Filters: [{ Key: "name", Values: [LIST] }],
      MaxResults: 2,
      NextToken: ref("list-page-2", "NextToken"),
    },
    secretNames,
  ),
  step(
    "list-by-name-prefix",
    "ListSecrets",
    { Filters: [{ Key: "name", Values: [`${LIST}b`, `${LIST}d`] }] },
    secretNames,
  ),
  step(
    "list-by-tag-key",
    "ListSecrets",
    { Filters: [{ Key: "tag-key", Values: ["tier"] }] },
    secretNames,
  ),
  step(
    "list-by-tag-key-and-value",
    "ListSecrets",
    {
      Filters: [
        { Key: "tag-key", Values: ["tier"] },
        { Key: "tag-value", Values: ["db"] },
      ],
    },
    secretNames,
  ),
  step(
    "list-by-description",
    "ListSecrets",
    {
      Filters: [
        { Key: "name", Values: [LIST] },
        { Key: "description", Values: ["postgres"] },
      ],
    },
    secretNames,
  ),
  step(
    "list-by-all",
    "ListSecrets",
    {
      Filters: [
        { Key: "name", Values: [LIST] },
        { Key: "all", Values: ["stripe"] },
      ],
    },
    secretNames,
  ),
  step(
    "list-negated-tag-key",
    "ListSecrets",
    {
      Filters: [
        { Key: "name", Values: [LIST] },
        { Key: "tag-key", Values: ["!tier"] },
      ],
    },
    secretNames,
  ),
  step(
    "list-sorted-desc",
    "ListSecrets",
    { Filters: [{ Key: "name", Values: [LIST] }], SortOrder: "desc" },
    secretNames,
  ),

  // --- BatchGetSecretValue ---
  step("batch-by-ids", "BatchGetSecretValue", {
    SecretIdList: [`${LIST}a`, ref("create-list-b", "ARN"), "diff/missing"],
  }),
  step(
    "batch-by-filter",
    "BatchGetSecretValue",
    { Filters: [{ Key: "name", Values: [LIST] }] },
    valueNames,
  ),
  step(
    "batch-page-1",
    "BatchGetSecretValue",
    { Filters: [{ Key: "name", Values: [LIST] }], MaxResults: 3 },
    valueNames,
  ),
  step(
    "batch-page-2",
    "BatchGetSecretValue",
    {
      Filters: [{ Key: "name", Values: [LIST] }],
      MaxResults: 3,
      NextToken: ref("batch-page-1", "NextToken"),
    },
    valueNames,
  ),
  step("batch-ids-and-filters", "BatchGetSecretValue", {
    SecretIdList: [`${LIST}a`],
    Filters: [{ Key: "name", Values: [LIST] }],
  }),

  // --- deletion with a recovery window, restore ---
  step("create-doomed", "CreateSecret", { Name: "diff/doomed", SecretString: "keep me" }),
  step("delete-window-too-short", "DeleteSecret", {
    SecretId: "diff/doomed",
    RecoveryWindowInDays: 3,
  }),
  step("delete-window-and-force", "DeleteSecret", {
    SecretId: "diff/doomed",
    RecoveryWindowInDays: 7,
    ForceDeleteWithoutRecovery: true,
  }),
  step("delete-doomed", "DeleteSecret", { SecretId: "diff/doomed", RecoveryWindowInDays: 7 }),
  step("get-doomed", "GetSecretValue", { SecretId: "diff/doomed" }),
  step("describe-doomed", "DescribeSecret", { SecretId: "diff/doomed" }),
  step(
    "list-without-planned",
    "ListSecrets",
    { Filters: [{ Key: "name", Values: ["diff/doomed"] }] },
    secretNames,
  ),
  step(
    "list-with-planned",
    "ListSecrets",
    { Filters: [{ Key: "name", Values: ["diff/doomed"] }], IncludePlannedDeletion: true },
    secretNames,
  ),
  step("batch-ids-with-deleted", "BatchGetSecretValue", {
    SecretIdList: ["diff/doomed", `${LIST}a`],
  }),
  step(
    "batch-filter-with-deleted",
    "BatchGetSecretValue",
    { Filters: [{ Key: "name", Values: ["diff/doomed"] }] },
    valueNames,
  ),
  step("create-over-doomed", "CreateSecret", { Name: "diff/doomed", SecretString: "new" }),
  step("delete-doomed-again", "DeleteSecret", { SecretId: "diff/doomed" }),
  step("restore-doomed", "RestoreSecret", { SecretId: "diff/doomed" }),
  step("get-restored", "GetSecretValue", { SecretId: "diff/doomed" }),
  step("describe-restored", "DescribeSecret", { SecretId: "diff/doomed" }),

  // --- a secret scheduled for deletion, then forced out ---
  step("create-gone", "CreateSecret", { Name: "diff/gone", SecretString: "bye" }),
  step("delete-gone", "DeleteSecret", { SecretId: "diff/gone" }),
  step("put-gone", "PutSecretValue", { SecretId: "diff/gone", SecretString: "too late" }),
  step("update-gone", "UpdateSecret", { SecretId: "diff/gone", SecretString: "too late" }),
  step("force-delete-gone", "DeleteSecret", {
    SecretId: "diff/gone",
    ForceDeleteWithoutRecovery: true,
  }),
  step("get-gone", "GetSecretValue", { SecretId: "diff/gone" }),
  step("restore-gone", "RestoreSecret", { SecretId: "diff/gone" }),
  step("delete-missing", "DeleteSecret", { SecretId: "diff/missing" }),
  step("force-delete-missing", "DeleteSecret", {
    SecretId: "diff/missing",
    ForceDeleteWithoutRecovery: true,
  }),

  // --- rotation, as far as moto goes: it has no rotation function to run ---
  step("create-rotate", "CreateSecret", { Name: "diff/rotate", SecretString: "r1" }),
  step("cancel-rotation-unconfigured", "CancelRotateSecret", { SecretId: "diff/rotate" }),
  step("describe-after-cancel-unconfigured", "DescribeSecret", { SecretId: "diff/rotate" }),
  step("rotate-with-lambda", "RotateSecret", {
    SecretId: "diff/rotate",
    ClientRequestToken: token("rotation"),
    RotationLambdaARN: LAMBDA_ARN,
    RotationRules: { AutomaticallyAfterDays: 7 },
  }),
  step("describe-rotate", "DescribeSecret", { SecretId: "diff/rotate" }),
  step("get-rotate", "GetSecretValue", { SecretId: "diff/rotate" }),
  step("cancel-rotation", "CancelRotateSecret", { SecretId: "diff/rotate" }),
  step("rotate-missing", "RotateSecret", {
    SecretId: "diff/missing",
    RotationLambdaARN: LAMBDA_ARN,
  }),
  step("create-rotate-bare", "CreateSecret", { Name: "diff/rotate-bare", SecretString: "b1" }),
  step("rotate-without-lambda", "RotateSecret", { SecretId: "diff/rotate-bare" }),
  step("get-rotate-bare", "GetSecretValue", { SecretId: "diff/rotate-bare" }),

  // --- replication ---
  step("create-replicated", "CreateSecret", {
    Name: "diff/replicated",
    SecretString: "everywhere",
    AddReplicaRegions: [{ Region: "eu-west-1" }],
  }),
  step("replicate-more", "ReplicateSecretToRegions", {
    SecretId: "diff/replicated",
    AddReplicaRegions: [{ Region: "us-west-2" }],
  }),
  step("replicate-own-region", "ReplicateSecretToRegions", {
    SecretId: "diff/replicated",
    AddReplicaRegions: [{ Region: "us-east-1" }],
  }),
  step("describe-replicated", "DescribeSecret", { SecretId: "diff/replicated" }),
  step(
    "list-by-primary-region",
    "ListSecrets",
    {
      Filters: [
        { Key: "name", Values: ["diff/"] },
        { Key: "primary-region", Values: ["us-east-1"] },
      ],
    },
    secretNames,
  ),
  step("delete-replicated", "DeleteSecret", {
    SecretId: "diff/replicated",
    ForceDeleteWithoutRecovery: true,
  }),
  step("remove-replicas", "RemoveRegionsFromReplication", {
    SecretId: "diff/replicated",
    RemoveReplicaRegions: ["eu-west-1", "us-west-2"],
  }),
  step("describe-unreplicated", "DescribeSecret", { SecretId: "diff/replicated" }),
  step("delete-unreplicated", "DeleteSecret", {
    SecretId: "diff/replicated",
    ForceDeleteWithoutRecovery: true,
  }),
  step("replicate-missing", "ReplicateSecretToRegions", {
    SecretId: "diff/missing",
    AddReplicaRegions: [{ Region: "eu-west-1" }],
  }),

  // --- GetRandomPassword: properties only, the characters are random ---
  step("password-default", "GetRandomPassword", {}, passwordProperties),
  step(
    "password-letters-digits",
    "GetRandomPassword",
    { PasswordLength: 12, ExcludePunctuation: true },
    passwordProperties,
  ),
  step(
    "password-excluded-characters",
    "GetRandomPassword",
    { PasswordLength: 40, ExcludeCharacters: "abcdefABCDEF012345!@#" },
    passwordProperties,
  ),
  step(
    "password-upper-digits",
    "GetRandomPassword",
    { PasswordLength: 8, ExcludeLowercase: true, ExcludePunctuation: true },
    passwordProperties,
  ),
  step(
    "password-with-space",
    "GetRandomPassword",
    { PasswordLength: 10, IncludeSpace: true },
    passwordProperties,
  ),
  step(
    "password-no-required-types",
    "GetRandomPassword",
    { PasswordLength: 64, RequireEachIncludedType: false },
    passwordProperties,
  ),
  step("password-too-short", "GetRandomPassword", { PasswordLength: 3 }, passwordProperties),
];
