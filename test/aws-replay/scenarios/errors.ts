/**
 * What AWS refuses, and how it says so: missing secrets and versions, invalid names, requests
 * without a ClientRequestToken, secrets scheduled for deletion.
 */
import { randomUUID } from "node:crypto";
import type { OperationName } from "../../../src/generated/operations";
import { rawJson } from "../answer-form";
import type { Scenario } from "../replay";
import { ACCOUNT_ROOT_POLICY } from "./steps";

const PREFIX = "TestSecretsManager::";

const notFound: Scenario = {
  test: `${PREFIX}test_secret_not_found`,
  async run(replay) {
    replay.expect(
      "get_secret_value_not_found_ex",
      await replay.call("GetSecretValue", { SecretId: replay.newName() }),
    );
    replay.expect(
      "list_secret_version_ids_not_found_ex",
      await replay.call("ListSecretVersionIds", { SecretId: replay.newName() }),
    );
  },
};

const versionNotFound: Scenario = {
  test: `${PREFIX}test_secret_version_not_found`,
  async run(replay) {
    const name = replay.newName();
    // A secret created without a value has no version at all.
    await replay.call("CreateSecret", { Name: name });
    const get = (input: Record<string, unknown>) =>
      replay.call("GetSecretValue", { SecretId: name, ...input });
    replay.expectErrorText("get_secret_value_no_version_ex", await get({}));
    replay.expectErrorText(
      "get_secret_value_version_not_found_ex",
      await get({ VersionId: randomUUID() }),
    );
    replay.expectErrorText(
      "get_secret_value_stage_not_found_ex",
      await get({ VersionStage: "AWSPENDING" }),
    );
  },
};

const valueErrors: Scenario = {
  test: `${PREFIX}test_get_secret_value_errors`,
  async run(replay) {
    const name = replay.newName();
    const created = rawJson(
      await replay.call("CreateSecret", { Name: name, SecretString: "test" }),
    );
    const { ARN: arn, VersionId: versionId } = created as { ARN?: string; VersionId?: string };
    replay.expect(
      "error_get_secret_value_non_existing",
      await replay.call("GetSecretValue", { SecretId: arn, VersionStage: "AWSPREVIOUS" }),
    );
    replay.expect(
      "mismatch_version_id_and_stage",
      await replay.call("GetSecretValue", {
        SecretId: name,
        VersionId: versionId,
        VersionStage: "AWSPREVIOUS",
      }),
    );
  },
};

/** One call of each kind the recorded test makes with an invalid name, and its entry's key. */
const INVALID_NAME_CALLS: readonly [string, OperationName, (name: string) => object][] = [
  ["ex_log_1", "CreateSecret", (name) => ({ Name: name, SecretString: "MySecretString" })],
  ["ex_log_2", "DeleteSecret", (name) => ({ SecretId: name, ForceDeleteWithoutRecovery: true })],
  ["ex_log_3", "DescribeSecret", (name) => ({ SecretId: name })],
  ["ex_log_4", "GetSecretValue", (name) => ({ SecretId: name })],
  ["ex_log_5", "ListSecretVersionIds", (name) => ({ SecretId: name, IncludeDeprecated: true })],
  ["ex_log_6", "PutSecretValue", (name) => ({ SecretId: name, SecretString: "MySecretString" })],
  [
    "ex_log_7",
    "TagResource",
    (name) => ({ SecretId: name, Tags: [{ Key: "FirstTag", Value: "SomeValue" }] }),
  ],
  ["ex_log_8", "UntagResource", (name) => ({ SecretId: name, TagKeys: ["FirstTag"] })],
  ["ex_log_9", "UpdateSecret", (name) => ({ SecretId: name, Description: "MyNewDescription" })],
  [
    "ex_log_10",
    "ValidateResourcePolicy",
    (name) => ({ SecretId: name, ResourcePolicy: ACCOUNT_ROOT_POLICY }),
  ],
];

const invalidName = (name: string): Scenario => ({
  test: `${PREFIX}test_invalid_secret_name[${name.replaceAll("\\", "\\\\")}]`,
  async run(replay) {
    for (const [key, operation, input] of INVALID_NAME_CALLS) {
      replay.expect(key, await replay.call(operation, input(name) as Record<string, unknown>));
    }
  },
});

/** The operations whose token the SDKs fill in, each sent by hand without one. */
const withoutToken = (operation: OperationName): Scenario => ({
  test: `${PREFIX}test_no_client_request_token[${operation}]`,
  async run(replay) {
    const name = replay.newName("");
    const input = {
      SecretString: "thisisthesecret",
      Description: "My secret string",
      ...(operation === "CreateSecret" ? { Name: name } : { SecretId: name }),
    };
    const answer = await replay.call(operation, input, { withoutToken: true });
    replay.expectForm("no-client-request-exc", {
      Error: rawJson(answer),
      Metadata: { StatusCode: answer.status },
    });
  },
});

const tagsOnScheduledDeletion: Scenario = {
  test: `${PREFIX}test_tag_untag_resource_on_deleted_secret`,
  async run(replay) {
    const created = await replay.call("CreateSecret", {
      Name: replay.newName(""),
      SecretString: "test-secret-value",
      Tags: [{ Key: "initial-tag", Value: "initial-value" }],
    });
    replay.expect("create_secret", created);
    const arn = (rawJson(created) as { ARN?: string }).ARN;
    replay.expect("delete_secret", await replay.call("DeleteSecret", { SecretId: arn }));
    replay.expect(
      "tag_deleted_secret_error",
      await replay.call("TagResource", {
        SecretId: arn,
        Tags: [{ Key: "new-tag", Value: "new-value" }],
      }),
    );
    replay.expect(
      "untag_deleted_secret_error",
      await replay.call("UntagResource", { SecretId: arn, TagKeys: ["initial-tag"] }),
    );
  },
};

export const ERROR_SCENARIOS: readonly Scenario[] = [
  notFound,
  versionNotFound,
  valueErrors,
  ...["Inv Name", " Inv Name", " Inv*Name? ", " Inv *?!]Name\\-"].map(invalidName),
  ...(["CreateSecret", "UpdateSecret", "RotateSecret", "PutSecretValue"] as const).map(
    withoutToken,
  ),
  tagsOnScheduledDeletion,
];
