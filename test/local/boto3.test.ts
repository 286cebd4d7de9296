// Issue 15: boto3 reads every answer the emulator gives, for all 23 operations. boto3 runs as a
// python3 subprocess (./boto3-operations.py); without python3 and boto3 the test is skipped,
// except on CI, where moto already needs them. The AWS CLI has its own file (aws-cli.test.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { type OperationName, operations } from "../../src/generated/operations";
import { templateRotation } from "../aws-replay/scenarios/rotation";
import {
  runCommand,
  TOOL_ENVIRONMENT,
  TOOL_ROTATION_FUNCTION,
  useEmulatorForTools,
} from "./emulator";

const SCRIPT = fileURLToPath(new URL("./boto3-operations.py", import.meta.url));

function boto3Missing(): string | undefined {
  const probe = spawnSync("python3", ["-c", "import boto3"], { encoding: "utf8", timeout: 20_000 });
  if (probe.error !== undefined) return "python3 is not installed";
  return probe.status === 0 ? undefined : "boto3 is not installed (pip install boto3)";
}

describe("boto3 against the emulator", { timeout: 90_000 }, () => {
  const missing = boto3Missing();
  const onCi = process.env["CI"] === "true";
  const setup = useEmulatorForTools(templateRotation);

  test("every one of the 23 operations answers something boto3 parses", {
    skip: missing !== undefined && !onCi ? missing : false,
  }, async () => {
    assert.equal(missing, undefined, `${missing} (CI=true, so this fails instead of skipping)`);
    const result = await runCommand(
      "python3",
      [SCRIPT, setup.local.endpoint, TOOL_ROTATION_FUNCTION],
      TOOL_ENVIRONMENT,
    );
    assert.equal(result.status, 0, result.stderr);
    const { calls, errors } = JSON.parse(result.stdout) as {
      calls: Record<string, Record<string, string>>;
      errors: Record<string, { code: string; status: number; topLevelMessage: string | null }>;
    };
    const all = Object.keys(operations) as OperationName[];
    assert.equal(all.length, 23);
    assert.deepEqual(Object.keys(calls).sort(), [...all].sort());
    // Dates and bytes come out as Python's types, not as the wire's numbers and text.
    assert.equal(calls["DescribeSecret"]?.["CreatedDate"], "datetime");
    assert.equal(calls["DeleteSecret"]?.["DeletionDate"], "datetime");
    assert.equal(calls["ListSecrets"]?.["SecretList"], "list");
    assert.equal(calls["RotateSecret"]?.["VersionId"], "str");
    // A modeled error's Message reaches boto3's top level; ValidationException is not modeled.
    assert.deepEqual(errors["missing secret"], {
      code: "ResourceNotFoundException",
      message: "Secrets Manager can't find the specified secret.",
      status: 400,
      topLevelMessage: "Secrets Manager can't find the specified secret.",
    });
    assert.equal(errors["invalid name"]?.code, "ValidationException");
    assert.equal(errors["invalid name"]?.topLevelMessage, null);
  });
});
