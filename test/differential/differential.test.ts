/**
 * Issue 7, differential: one scenario (./scenario.ts) run through our client against moto_server
 * and against the emulator, both checking SigV4 signatures, gives the same records once
 * generated ids, ARN suffixes, account ids, dates and request ids are normalized
 * (./record.ts), except for the differences listed in EXPECTED_DIFFERENCES.
 *
 * The table is kept exact both ways: a difference it does not list fails the test, and so does
 * an entry whose difference has gone (fix the table, or the emulator). docs/local-emulator.md
 * carries the same table for users; a test below checks that it names every entry.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { SecretsManager } from "../../src/index";
import { type LocalSecretsManager, startLocalSecretsManager } from "../../src/local/index";
import { describeWithMoto } from "../helpers/moto";
import { type Difference, differences, expand, read, remove } from "./compare";
import { normalize, runScenario, type StepRecord } from "./record";
import { SCENARIO, type SharedOperation } from "./scenario";

const TIMEOUT = { timeout: 120_000 };
const EMULATOR_CREDENTIALS = { accessKeyId: "differential", secretAccessKey: "differential-key" };

interface ExpectedDifference {
  /** Dotted paths into the step's record (`*` for every entry); see ./compare.ts. */
  readonly fields: readonly string[];
  /**
   * Which side answers as the service does: as one of AWS's recorded answers shows it (see
   * `recorded`), else as the service's documentation says; `undocumented` when neither tells.
   */
  readonly follows: "emulator" | "moto" | "undocumented";
  /**
   * The test in test/aws-recordings whose recorded AWS answer settles it (issue 15); where it is
   * set, moto and AWS disagree.
   */
  readonly recorded?: string;
  readonly why: string;
}

/** One side succeeds where the other fails: the whole result differs. */
const OUTCOME = ["outcome", "output", "error"];

// Differences that recur across steps, named once.
const NOT_FOUND_STATUS: ExpectedDifference = {
  fields: ["error.status"],
  follows: "emulator",
  recorded: "test_secret_not_found",
  why: "ResourceNotFoundException is HTTP 400 in AWS's answers and the service's docs; moto answers 404",
};
const EXTRA_STAGE_MAP: ExpectedDifference = {
  fields: ["output.SecretVersionsToStages"],
  follows: "emulator",
  recorded: "test_update_secret_description",
  why: "SecretVersionsToStages belongs to ListSecrets entries, not to DescribeSecret's output; moto sends both maps in both places",
};
const LAST_ACCESSED: ExpectedDifference = {
  fields: ["output.LastAccessedDate"],
  follows: "emulator",
  recorded: "test_create_and_update_secret",
  why: "LastAccessedDate is documented as left out only while the secret has never been read; moto never records a read",
};
const deprecatedVersions = (...versions: string[]): ExpectedDifference => ({
  fields: versions.map((version) => `output.VersionIdsToStages.${version}`),
  follows: "emulator",
  recorded: "test_update_secret_description",
  why: "VersionIdsToStages lists the versions that have staging labels (the others are deprecated); moto keeps label-less versions, with []",
});
const VERSION_LIST_ARN: ExpectedDifference = {
  fields: ["output.ARN"],
  follows: "emulator",
  recorded: "test_deprecated_secret_version_stage",
  why: "ListSecretVersionIds' ARN is the secret's ARN; moto answers the name",
};
const VERSION_LIST_NEXT_TOKEN: ExpectedDifference = {
  fields: ["output.NextToken"],
  follows: "emulator",
  recorded: "test_deprecated_secret_version_stage",
  why: "NextToken is absent when there is nothing more to list; moto sends an empty string",
};
const KMS_KEY_IDS: ExpectedDifference = {
  fields: ["output.VersionsById.*.KmsKeyIds"],
  follows: "emulator",
  recorded: "test_deprecated_secret_version_stage",
  why: "each version entry names the KMS keys that encrypt it (DefaultEncryptionKey for the default key, as the service shows it); moto leaves the member out",
};
const REPLICATION_ARN: ExpectedDifference = {
  fields: ["output.ARN"],
  follows: "emulator",
  why: "the replication operations answer the primary secret's ARN; moto echoes the SecretId as sent (a name here)",
};

/**
 * Step id to what differs there, and which side AWS (by a recorded answer, or else by the
 * documentation) agrees with. Every entry is checked to still differ; every difference not listed
 * fails the test.
 */
const EXPECTED_DIFFERENCES: Readonly<Record<string, readonly ExpectedDifference[]>> = {
  // Reads of what does not exist.
  "get-empty": [NOT_FOUND_STATUS],
  "get-missing": [NOT_FOUND_STATUS],
  "get-missing-stage": [NOT_FOUND_STATUS],
  "describe-missing": [NOT_FOUND_STATUS],
  "put-missing": [NOT_FOUND_STATUS],
  "update-missing": [NOT_FOUND_STATUS],
  "tag-missing": [NOT_FOUND_STATUS],
  "policy-get-missing": [NOT_FOUND_STATUS],
  "get-gone": [NOT_FOUND_STATUS],
  "restore-gone": [NOT_FOUND_STATUS],
  "delete-missing": [NOT_FOUND_STATUS],
  "rotate-missing": [NOT_FOUND_STATUS],
  "replicate-missing": [NOT_FOUND_STATUS],
  "list-versions-missing": [
    {
      fields: ["error.name", "error.status"],
      follows: "emulator",
      recorded: "test_secret_not_found",
      why: "a missing secret is ResourceNotFoundException; moto fails with an HTML 500 (an unhandled KeyError)",
    },
  ],
  "get-stage-version-mismatch": [
    {
      // Both now answer InvalidRequestException, AWS's recorded code (issue 15).
      fields: ["error.status"],
      follows: "emulator",
      recorded: "test_get_secret_value_errors",
      why: "InvalidRequestException is HTTP 400 in AWS's answer; moto answers 404",
    },
  ],

  // DescribeSecret and ListSecrets fields.
  // PrimaryRegion: no longer a difference; both name it only for a secret with replicas, as
  // AWS's recorded answers do (issue 15).
  "describe-app": [
    EXTRA_STAGE_MAP,
    LAST_ACCESSED,
    deprecatedVersions("<version:create-app>", "<version:put-app-v2>"),
  ],
  "describe-labels": [
    EXTRA_STAGE_MAP,
    LAST_ACCESSED,
    deprecatedVersions("<version:put-labels-blue>"),
  ],
  "describe-doomed": [EXTRA_STAGE_MAP],
  "describe-restored": [EXTRA_STAGE_MAP, LAST_ACCESSED],
  "describe-replicated": [
    EXTRA_STAGE_MAP,
    {
      fields: ["output.PrimaryRegion"],
      follows: "undocumented",
      why: "a primary secret with replicas: the emulator names its Region as PrimaryRegion (the docs call it the Region the secret is in), moto names one only for a replica; AWS's recordings show only that an unreplicated secret has none",
    },
  ],
  "describe-unreplicated": [EXTRA_STAGE_MAP],
  "list-by-name": [
    {
      fields: ["output.SecretList.*.VersionIdsToStages"],
      follows: "emulator",
      recorded: "test_call_lists_secrets_multiple_times",
      why: "a ListSecrets entry carries SecretVersionsToStages; moto adds DescribeSecret's VersionIdsToStages too",
    },
  ],

  // ListSecretVersionIds.
  "list-versions-app": [
    VERSION_LIST_ARN,
    VERSION_LIST_NEXT_TOKEN,
    KMS_KEY_IDS,
    {
      fields: ["output.VersionsById.<version:create-app>"],
      follows: "emulator",
      recorded: "test_deprecated_secret_version_stage",
      why: "without IncludeDeprecated, versions without a staging label are left out; moto lists them",
    },
  ],
  "list-versions-app-deprecated": [
    VERSION_LIST_ARN,
    VERSION_LIST_NEXT_TOKEN,
    KMS_KEY_IDS,
    {
      fields: ["output.VersionsById.<version:create-app>.VersionStages"],
      follows: "emulator",
      recorded: "test_deprecated_secret_version_stage",
      why: "a deprecated version has no labels: AWS and the emulator leave VersionStages out, moto sends []",
    },
  ],

  // Staging labels.
  "get-labels-default": [
    {
      fields: ["output.VersionId", "output.VersionStages", "output.SecretString"],
      follows: "emulator",
      recorded: "test_update_secret_version_stages_current_pending_cycle",
      why: "without VersionId or VersionStage, GetSecretValue reads AWSCURRENT; moto reads its own default version, which UpdateSecretVersionStage does not move",
    },
  ],

  // Resource policies.
  "policy-malformed": [
    {
      fields: OUTCOME,
      follows: "emulator",
      why: "a policy that is not valid JSON is MalformedPolicyDocumentException; moto stores any text",
    },
  ],
  "policy-public-blocked": [
    {
      fields: OUTCOME,
      follows: "emulator",
      why: "with BlockPublicPolicy, a policy open to every principal is PublicPolicyException; moto ignores BlockPublicPolicy",
    },
  ],

  // Filters and sort order.
  // list-by-description: no longer a difference; the emulator now splits the value into words
  // as AWS's recorded answers show (issue 15), and so matches moto here.
  "list-negated-tag-key": [
    {
      fields: ["output.Names"],
      follows: "undocumented",
      why: "'!tier' on tag-key: the emulator keeps every secret with no tag key starting with 'tier', untagged ones included; moto drops untagged secrets; the docs only say '!' negates",
    },
  ],
  "list-sorted-desc": [
    {
      fields: ["output.Names"],
      follows: "emulator",
      why: "SortOrder desc lists the newest first; moto ignores SortOrder",
    },
  ],
  // list-by-primary-region: no longer a difference; only secrets with replicas have a primary
  // Region (issue 15), as in moto.

  // Secrets scheduled for deletion, and deletion itself.
  "batch-filter-with-deleted": [
    {
      fields: OUTCOME,
      follows: "undocumented",
      why: "a Filters match that is scheduled for deletion: the emulator leaves it out, as ListSecrets does by default; moto fails the whole call with InvalidRequestException",
    },
  ],
  "create-over-doomed": [
    {
      fields: ["error.name"],
      follows: "emulator",
      recorded: "test_exp_raised_on_creation_of_secret_scheduled_for_deletion",
      why: "InvalidRequestException is documented for a secret scheduled for deletion, which blocks its name; moto answers ResourceExistsException",
    },
  ],
  "put-gone": [
    {
      fields: OUTCOME,
      follows: "emulator",
      why: "a secret scheduled for deletion takes no new version (InvalidRequestException); moto adds the version",
    },
  ],
  // Rotation.
  "cancel-rotation-unconfigured": [
    {
      fields: OUTCOME,
      follows: "undocumented",
      why: "CancelRotateSecret on a secret never set up for rotation: the emulator succeeds, moto answers InvalidRequestException",
    },
  ],
  "describe-after-cancel-unconfigured": [EXTRA_STAGE_MAP],
  "rotate-with-lambda": [
    {
      fields: ["error.name"],
      follows: "emulator",
      recorded: "test_rotate_secret_invalid_lambda_arn",
      why: "a rotation function that cannot be invoked: AWS and the emulator (no handler registered) answer AccessDeniedException, moto ResourceNotFoundException (no such function in its Lambda)",
    },
    {
      fields: ["error.status"],
      follows: "emulator",
      recorded: "test_rotate_secret_invalid_lambda_arn",
      why: "AWS answers HTTP 400; moto answers 404",
    },
  ],
  "describe-rotate": [
    EXTRA_STAGE_MAP,
    {
      fields: [
        "output.RotationEnabled",
        "output.RotationLambdaARN",
        "output.RotationRules",
        "output.NextRotationDate",
        "output.VersionIdsToStages.<token:rotation>",
      ],
      follows: "emulator",
      recorded: "test_rotate_secret_invalid_lambda_arn",
      why: "after the refused RotateSecret: AWS and the emulator changed nothing, moto has stored the rotation settings and an AWSPENDING version",
    },
  ],
  "cancel-rotation": [
    {
      fields: ["output.VersionId"],
      follows: "emulator",
      why: "VersionId is documented as the version the cancelled rotation created; no rotation started, so there is none; moto answers the AWSCURRENT version",
    },
  ],
  "rotate-without-lambda": [
    {
      fields: OUTCOME,
      follows: "emulator",
      recorded: "test_first_rotate_secret_with_missing_lambda_arn",
      why: "rotating a secret with no rotation function and no RotationLambdaARN is InvalidRequestException; moto moves AWSCURRENT to a new, empty version",
    },
  ],
  "get-rotate-bare": [
    {
      fields: OUTCOME,
      follows: "emulator",
      why: "follows from the step before: in moto AWSCURRENT is now on a version with no value",
    },
  ],

  // Replication.
  "replicate-more": [REPLICATION_ARN],
  "remove-replicas": [REPLICATION_ARN],
  "delete-replicated": [
    {
      fields: ["error.name"],
      follows: "undocumented",
      why: "deleting a primary that still has replicas: the emulator answers InvalidRequestException (the documented meaning: not valid for the resource's current state), moto InvalidParameterException",
    },
  ],
};

describeWithMoto("differential: the emulator and moto, one scenario", (getMoto) => {
  let motoRecords: StepRecord[] = [];
  let emulatorRecords: StepRecord[] = [];
  let local: LocalSecretsManager | undefined;
  const clients: SecretsManager[] = [];

  before(
    async () => {
      const moto = getMoto();
      local = await startLocalSecretsManager({ credentials: EMULATOR_CREDENTIALS });
      const client = (endpoint: string, credentials: typeof EMULATOR_CREDENTIALS) => {
        const made = new SecretsManager({
          endpoint,
          region: "us-east-1",
          credentials,
          maxAttempts: 1,
          requestTimeout: 10_000,
          connectionTimeout: 5_000,
        });
        clients.push(made);
        return made;
      };
      const tokens = new Map(
        SCENARIO.flatMap((step) => tokenNames(step.input)).map((name) => [name, randomUUID()]),
      );
      const motoResults = await runScenario(
        client(moto.endpoint, moto.credentials),
        SCENARIO,
        tokens,
      );
      const emulatorResults = await runScenario(
        client(local.endpoint, EMULATOR_CREDENTIALS),
        SCENARIO,
        tokens,
      );
      motoRecords = normalize(motoResults, tokens);
      emulatorRecords = normalize(emulatorResults, tokens);
    },
    { timeout: 90_000 },
  );
  after(async () => {
    for (const made of clients) await made.close();
    await local?.close();
  });

  test("the scenario covers every operation both implement", TIMEOUT, () => {
    const shared: readonly SharedOperation[] = [
      "BatchGetSecretValue",
      "CancelRotateSecret",
      "CreateSecret",
      "DeleteResourcePolicy",
      "DeleteSecret",
      "DescribeSecret",
      "GetRandomPassword",
      "GetResourcePolicy",
      "GetSecretValue",
      "ListSecretVersionIds",
      "ListSecrets",
      "PutResourcePolicy",
      "PutSecretValue",
      "RemoveRegionsFromReplication",
      "ReplicateSecretToRegions",
      "RestoreSecret",
      "RotateSecret",
      "TagResource",
      "UntagResource",
      "UpdateSecret",
      "UpdateSecretVersionStage",
    ];
    const used = new Set(SCENARIO.map((step) => step.operation));
    assert.deepEqual(
      shared.filter((operation) => !used.has(operation)),
      [],
    );
    const ids = SCENARIO.map((step) => step.id);
    assert.equal(new Set(ids).size, ids.length, "step ids are unique");
    for (const id of Object.keys(EXPECTED_DIFFERENCES)) {
      assert.ok(ids.includes(id), `EXPECTED_DIFFERENCES names a step that does not exist: ${id}`);
    }
  });

  test("every expected difference is still there", TIMEOUT, () => {
    const stale: string[] = [];
    for (const [id, expected] of Object.entries(EXPECTED_DIFFERENCES)) {
      const moto = recordOf(motoRecords, id);
      const emulator = recordOf(emulatorRecords, id);
      for (const difference of expected) {
        const paths = concretePaths(moto, emulator, difference.fields);
        const differs = paths.some(
          (path) => differences(read(moto, path), read(emulator, path)).length > 0,
        );
        if (!differs) stale.push(`${id}: ${difference.fields.join(", ")}`);
      }
    }
    assert.deepEqual(stale, [], "these listed differences no longer occur: update the table");
  });

  test("apart from the expected differences, the records are the same", TIMEOUT, () => {
    assert.equal(emulatorRecords.length, SCENARIO.length);
    assert.equal(motoRecords.length, SCENARIO.length);
    const moto = structuredClone(motoRecords);
    const emulator = structuredClone(emulatorRecords);
    for (const [id, expected] of Object.entries(EXPECTED_DIFFERENCES)) {
      const motoRecord = recordOf(moto, id);
      const emulatorRecord = recordOf(emulator, id);
      const paths = concretePaths(
        motoRecord,
        emulatorRecord,
        expected.flatMap((difference) => difference.fields),
      );
      for (const path of paths) {
        remove(motoRecord, path);
        remove(emulatorRecord, path);
      }
    }
    const unexpected: string[] = [];
    moto.forEach((record, index) => {
      for (const found of differences(record, emulator[index])) {
        unexpected.push(explain(record.step, found));
      }
    });
    assert.deepEqual(unexpected, [], `unexpected differences:\n${unexpected.join("\n")}`);
  });
});

test("docs/local-emulator.md lists every expected difference", () => {
  const docs = readFileSync(new URL("../../docs/local-emulator.md", import.meta.url), "utf8");
  const missing = Object.keys(EXPECTED_DIFFERENCES).filter((id) => !docs.includes(`\`${id}\``));
  assert.deepEqual(missing, [], "steps with expected differences that the docs do not name");
});

function recordOf(records: readonly StepRecord[], id: string): StepRecord {
  const found = records.find((record) => record.step === id);
  assert.ok(found !== undefined, `no record for step ${id}`);
  return found;
}

/** The concrete paths the fields name on either side, longest first (so removal is safe). */
function concretePaths(moto: unknown, emulator: unknown, fields: readonly string[]): string[] {
  const paths = new Set(
    fields.flatMap((field) => [...expand(moto, field), ...expand(emulator, field)]),
  );
  return [...paths].sort((a, b) => b.split(".").length - a.split(".").length);
}

function explain(step: string, found: Difference): string {
  const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));
  return `${step}: ${found.path}: moto ${show(found.moto)}, emulator ${show(found.emulator)}`;
}

function tokenNames(value: unknown): string[] {
  if (typeof value === "string") {
    const match = /^\{\{token:(.+)\}\}$/.exec(value);
    return match === null ? [] : [match[1] as string];
  }
  if (value instanceof Uint8Array) return [];
  if (Array.isArray(value)) return value.flatMap(tokenNames);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(tokenNames);
  return [];
}
