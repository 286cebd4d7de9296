// Issue 15: the AWS CLI reads every answer the emulator gives, for all 23 operations. Skipped
// when `aws` is not installed. Each command starts a Python process (about a second here), so
// this is the slowest emulator test: the calls that only read run side by side.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { type OperationName, operations } from "../../src/generated/operations";
import { templateRotation } from "../aws-replay/scenarios/rotation";
import { ACCOUNT_ROOT_POLICY } from "../aws-replay/scenarios/steps";
import {
  runCommand,
  TOOL_ENVIRONMENT,
  TOOL_ROTATION_FUNCTION,
  useEmulatorForTools,
} from "./emulator";

const missing = spawnSync("aws", ["--version"], { encoding: "utf8", timeout: 30_000 }).error;

/** `GetRandomPassword` → `get-random-password`. */
function commandOf(operation: OperationName): string {
  return operation.replace(/(?<!^)([A-Z])/g, "-$1").toLowerCase();
}

describe("the AWS CLI against the emulator", { timeout: 120_000 }, () => {
  const setup = useEmulatorForTools(templateRotation);

  const aws = (operation: OperationName, ...args: string[]) =>
    runCommand(
      "aws",
      [
        "secretsmanager",
        commandOf(operation),
        ...args,
        "--endpoint-url",
        setup.local.endpoint,
        "--output",
        "json",
        "--cli-read-timeout",
        "20",
      ],
      TOOL_ENVIRONMENT,
    );

  test("every one of the 23 operations answers something the CLI prints as JSON", {
    skip: missing === undefined ? false : "the AWS CLI is not installed",
  }, async () => {
    const printed = new Map<OperationName, Record<string, unknown>>();
    const call = async (operation: OperationName, ...args: string[]) => {
      const result = await aws(operation, ...args);
      assert.equal(result.status, 0, `${operation}: ${result.stderr}`);
      // Operations with no output print nothing; the others print one JSON object.
      const output = result.stdout.trim() === "" ? {} : JSON.parse(result.stdout);
      printed.set(operation, output);
      return output as Record<string, unknown>;
    };
    const name = "cli/app";
    const created = await call("CreateSecret", "--name", name, "--secret-string", "v1");
    const put = await call("PutSecretValue", "--secret-id", name, "--secret-string", "v2");
    await call("UpdateSecret", "--secret-id", name, "--description", "from the CLI");
    await call(
      "UpdateSecretVersionStage",
      ...["--secret-id", name, "--version-stage", "blue", "--move-to-version-id"],
      String(put["VersionId"]),
    );
    await Promise.all([
      call("GetRandomPassword", "--password-length", "20"),
      call("DescribeSecret", "--secret-id", name),
      call("GetSecretValue", "--secret-id", name),
      call("ListSecretVersionIds", "--secret-id", name, "--include-deprecated"),
      call("ListSecrets", "--filters", "Key=name,Values=cli/"),
      call("BatchGetSecretValue", "--secret-id-list", name),
    ]);
    await call("TagResource", "--secret-id", name, "--tags", "Key=env,Value=test");
    await call("UntagResource", "--secret-id", name, "--tag-keys", "env");
    const policy = ACCOUNT_ROOT_POLICY;
    await call("PutResourcePolicy", "--secret-id", name, "--resource-policy", policy);
    await Promise.all([
      call("GetResourcePolicy", "--secret-id", name),
      call("ValidateResourcePolicy", "--secret-id", name, "--resource-policy", policy),
    ]);
    await call("DeleteResourcePolicy", "--secret-id", name);
    await call(
      "RotateSecret",
      "--secret-id",
      name,
      "--rotation-lambda-arn",
      TOOL_ROTATION_FUNCTION,
    );
    await call("CancelRotateSecret", "--secret-id", name);
    await call(
      "ReplicateSecretToRegions",
      ...["--secret-id", name, "--add-replica-regions", "Region=eu-west-1", "Region=ap-south-1"],
    );
    const replica = String(created["ARN"]).replace(":us-east-1:", ":eu-west-1:");
    await call("StopReplicationToReplica", "--secret-id", replica);
    await call(
      "RemoveRegionsFromReplication",
      ...["--secret-id", name, "--remove-replica-regions", "ap-south-1"],
    );
    const deleted = await call("DeleteSecret", "--secret-id", name);
    await call("RestoreSecret", "--secret-id", name);

    assert.deepEqual([...printed.keys()].sort(), Object.keys(operations).sort());
    // CLI v1 prints the wire's epoch seconds, v2 an ISO 8601 text: either is a date 30 days on.
    const deletion = deleted["DeletionDate"];
    const when = new Date(typeof deletion === "number" ? deletion * 1000 : String(deletion));
    const days = (when.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30, `DeletionDate ${String(deletion)}`);
    const refused = await aws("DescribeSecret", "--secret-id", "cli/absent");
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /ResourceNotFoundException.*can't find the specified secret/);
  });
});
