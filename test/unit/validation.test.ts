// Input validation: one real input per kind of rule the model states, run through the real
// generated schema of a real operation, checking the path, our code, and that the value never
// shows up in what the error exposes.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inspect } from "node:util";
import { ValidationError, type ValidationIssue } from "../../src/core/errors";
import { validateInput } from "../../src/core/validate";
import type { OperationName } from "../../src/generated/operations";
import { inputSchema } from "../../src/generated/schemas";

const SECRET = "hunter2-SECRET";

function validate(operation: OperationName, input: unknown): void {
  validateInput(operation, inputSchema(operation), input);
}

/** Runs the input, expects a ValidationError, and checks that `SECRET` stays out of it. */
function failure(operation: OperationName, input: unknown): ValidationError {
  let caught: unknown;
  try {
    validate(operation, input);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ValidationError, `expected a ValidationError, got ${caught}`);
  for (const [where, text] of [
    ["message", caught.message],
    ["inspect", inspect(caught, { depth: 10 })],
    ["issues", JSON.stringify(caught.issues)],
    ["stack", String(caught.stack)],
  ]) {
    assert.ok(!text?.includes(SECRET), `the value leaked into ${where}: ${text}`);
  }
  return caught;
}

/** Expects exactly one issue and returns it. */
function onlyIssue(operation: OperationName, input: unknown): ValidationIssue {
  const { issues } = failure(operation, input);
  assert.equal(issues.length, 1, JSON.stringify(issues));
  return issues[0] as ValidationIssue;
}

function assertIssue(
  issue: ValidationIssue,
  path: (string | number)[],
  code: string,
  message?: string,
): void {
  assert.deepEqual(issue.path, path);
  assert.equal(issue.code, code);
  if (message !== undefined) assert.equal(issue.message, message);
}

describe("validateInput", () => {
  test("required member missing, or explicitly undefined", () => {
    assertIssue(onlyIssue("GetSecretValue", {}), ["SecretId"], "required", "is required");
    assertIssue(
      onlyIssue("GetSecretValue", { SecretId: undefined }),
      ["SecretId"],
      "required",
      "is required",
    );
    const { issues } = failure("PutResourcePolicy", {});
    assert.deepEqual(
      issues.map((issue) => [issue.path, issue.code]),
      [
        [["SecretId"], "required"],
        [["ResourcePolicy"], "required"],
      ],
    );
  });

  test("string shorter than its minimum", () => {
    assertIssue(
      onlyIssue("CreateSecret", { Name: "" }),
      ["Name"],
      "min_length",
      "must be at least 1 character long",
    );
    assertIssue(
      onlyIssue("CreateSecret", { Name: "n", ClientRequestToken: SECRET }),
      ["ClientRequestToken"],
      "min_length",
      "must be at least 32 characters long",
    );
  });

  test("string longer than its maximum, with a secret in it", () => {
    const issue = onlyIssue("CreateSecret", {
      Name: "n",
      SecretString: `${SECRET}${"x".repeat(65536)}`,
    });
    assertIssue(issue, ["SecretString"], "max_length", "must be at most 65536 bytes long");
  });

  test("SecretString counts UTF-8 bytes, as the service quota does (issue 14)", () => {
    // 65,536 × "é" is 65,536 characters but 131,072 bytes: AWS refuses it.
    assertIssue(
      onlyIssue("CreateSecret", { Name: "n", SecretString: "é".repeat(65536) }),
      ["SecretString"],
      "max_length",
      "must be at most 65536 bytes long",
    );
    assertIssue(
      onlyIssue("PutSecretValue", { SecretId: "s", SecretString: "😀".repeat(16385) }),
      ["SecretString"],
      "max_length",
    );
    validate("UpdateSecret", { SecretId: "s", SecretString: "é".repeat(32768) });
    validate("CreateSecret", { Name: "n", SecretString: "😀".repeat(16384) });
  });

  test("other string lengths count characters, not UTF-16 code units or bytes", () => {
    // 2048 emoji are 4096 UTF-16 units and 8192 bytes but 2048 characters: within the limit.
    validate("CreateSecret", { Name: "n", Description: "😀".repeat(2048) });
    assertIssue(
      onlyIssue("CreateSecret", { Name: "n", Description: "😀".repeat(2049) }),
      ["Description"],
      "max_length",
      "must be at most 2048 characters long",
    );
    // Two units but one character: below the minimum of 2.
    assertIssue(
      onlyIssue("RotateSecret", { SecretId: "s", RotationRules: { Duration: "😀" } }),
      ["RotationRules", "Duration"],
      "min_length",
    );
  });

  test("number outside its range", () => {
    assertIssue(
      onlyIssue("ListSecrets", { MaxResults: 0 }),
      ["MaxResults"],
      "min_value",
      "must be at least 1",
    );
    assertIssue(
      onlyIssue("ListSecrets", { MaxResults: 101 }),
      ["MaxResults"],
      "max_value",
      "must be at most 100",
    );
    assertIssue(
      onlyIssue("RotateSecret", { SecretId: "s", RotationRules: { AutomaticallyAfterDays: 1001 } }),
      ["RotationRules", "AutomaticallyAfterDays"],
      "max_value",
      "must be at most 1000",
    );
  });

  test("list with too few or too many items", () => {
    assertIssue(
      onlyIssue("BatchGetSecretValue", { SecretIdList: [] }),
      ["SecretIdList"],
      "min_items",
      "must have at least 1 item",
    );
    assertIssue(
      onlyIssue("BatchGetSecretValue", {
        SecretIdList: Array.from({ length: 21 }, (_, i) => `s${i}`),
      }),
      ["SecretIdList"],
      "max_items",
      "must have at most 20 items",
    );
    const filter = { Key: "name", Values: ["a"] };
    assertIssue(
      onlyIssue("ListSecrets", { Filters: Array.from({ length: 11 }, () => filter) }),
      ["Filters"],
      "max_items",
    );
  });

  test("value outside its enum", () => {
    assertIssue(
      onlyIssue("ListSecrets", { Filters: [{ Key: SECRET, Values: ["a"] }] }),
      ["Filters", 0, "Key"],
      "enum",
      "must be one of: description, name, tag-key, tag-value, primary-region, owning-service, all",
    );
    assertIssue(onlyIssue("ListSecrets", { SortOrder: "up" }), ["SortOrder"], "enum");
  });

  test("string not matching its pattern, matched against the whole value", () => {
    assertIssue(
      onlyIssue("ListSecrets", { Filters: [{ Key: "name", Values: ["ok", `#${SECRET}`] }] }),
      ["Filters", 0, "Values", 1],
      "pattern",
      "must match pattern ^!?[a-zA-Z0-9 :_@/+=.\\-!]*$",
    );
    // The model's pattern for Duration is `[0-9]+h`, unanchored; the service means the whole
    // value, so a valid part inside a longer value does not pass.
    assertIssue(
      onlyIssue("RotateSecret", { SecretId: "s", RotationRules: { Duration: "2hx" } }),
      ["RotationRules", "Duration"],
      "pattern",
      "must match pattern ^[0-9]+h$",
    );
    validate("RotateSecret", { SecretId: "s", RotationRules: { Duration: "24h" } });
    // A sensitive member with a pattern: the rotation token.
    assertIssue(
      onlyIssue("PutSecretValue", { SecretId: "s", RotationToken: `${SECRET}!${"0".repeat(40)}` }),
      ["RotationToken"],
      "pattern",
    );
  });

  test("blob size counts bytes, a string's as UTF-8", () => {
    assertIssue(
      onlyIssue("CreateSecret", { Name: "n", SecretBinary: new Uint8Array(65537) }),
      ["SecretBinary"],
      "max_length",
      "must be at most 65536 bytes long",
    );
    assertIssue(
      onlyIssue("CreateSecret", { Name: "n", SecretBinary: new Uint8Array(0) }),
      ["SecretBinary"],
      "min_length",
      "must be at least 1 byte long",
    );
    // 32769 characters, but 65538 bytes once encoded.
    assertIssue(
      onlyIssue("PutSecretValue", { SecretId: "s", SecretBinary: `${SECRET}${"é".repeat(32762)}` }),
      ["SecretBinary"],
      "max_length",
    );
    validate("PutSecretValue", { SecretId: "s", SecretBinary: "é".repeat(32768) });
  });

  test("member the model does not declare", () => {
    assertIssue(
      onlyIssue("GetSecretValue", { SecretId: "s", VersionStag: SECRET }),
      ["VersionStag"],
      "unknown_member",
      "is not a member of GetSecretValueRequest",
    );
    const { issues } = failure("ListSecrets", {
      Filters: [{ Key: "name", Valuez: [SECRET] }],
      Sort: "asc",
    });
    assert.deepEqual(
      issues.map((issue) => [issue.path, issue.code, issue.message]),
      [
        [["Filters", 0, "Valuez"], "unknown_member", "is not a member of Filter"],
        [["Sort"], "unknown_member", "is not a member of ListSecretsRequest"],
      ],
    );
  });

  test("value of the wrong type", () => {
    assertIssue(
      onlyIssue("GetSecretValue", { SecretId: 42 }),
      ["SecretId"],
      "type",
      "must be a string",
    );
    assertIssue(
      onlyIssue("CreateSecret", { Name: "n", SecretBinary: 5 }),
      ["SecretBinary"],
      "type",
      "must be a Uint8Array or a string",
    );
    assertIssue(onlyIssue("ListSecrets", { MaxResults: 1.5 }), ["MaxResults"], "type");
    assertIssue(onlyIssue("ListSecrets", { MaxResults: "10" }), ["MaxResults"], "type");
    assertIssue(onlyIssue("ListSecrets", { Filters: {} }), ["Filters"], "type");
    assertIssue(onlyIssue("ListSecrets", { Filters: ["name"] }), ["Filters", 0], "type");
    assertIssue(
      onlyIssue("CreateSecret", { Name: "n", ForceOverwriteReplicaSecret: "yes" }),
      ["ForceOverwriteReplicaSecret"],
      "type",
      "must be a boolean",
    );
    assertIssue(onlyIssue("ListSecrets", null), [], "type", "must be an object");
    assertIssue(
      onlyIssue("CreateSecret", { Name: "n", SecretString: null }),
      ["SecretString"],
      "type",
    );
  });

  test("the message names the operation and lists each issue by path", () => {
    const error = failure("ListSecrets", {
      MaxResults: 0,
      Filters: [{ Key: "nope", Values: [] }],
    });
    assert.equal(
      error.message,
      [
        "Invalid ListSecrets input:",
        "  MaxResults: must be at least 1",
        "  Filters[0].Key: must be one of: description, name, tag-key, tag-value, primary-region, owning-service, all",
        "  Filters[0].Values: must have at least 1 item",
      ].join("\n"),
    );
    assert.equal(error.name, "ValidationError");
  });

  test("valid inputs pass", () => {
    validate("CreateSecret", {
      Name: "app/db",
      ClientRequestToken: "0".repeat(32),
      Description: "",
      SecretBinary: new Uint8Array([1, 2, 3]),
      Tags: [{ Key: "team", Value: "" }],
      AddReplicaRegions: [{ Region: "eu-west-1", KmsKeyId: "alias/x" }],
      ForceOverwriteReplicaSecret: false,
    });
    validate("CreateSecret", { Name: "n", SecretBinary: "text is sent as UTF-8" });
    validate("CreateSecret", { Name: "n", SecretBinary: Buffer.from("a Buffer is a Uint8Array") });
    validate("CreateSecret", { Name: "n", SecretString: SECRET, Description: undefined });
    validate("ListSecrets", {});
    validate("ListSecrets", {
      MaxResults: 100,
      Filters: [
        { Key: "tag-key", Values: ["!env", "a b:c_d@e/f+g=h.i-j"] },
        { Key: "all", Values: [""] },
      ],
      SortOrder: "desc",
      SortBy: "last-accessed-date",
      IncludePlannedDeletion: true,
    });
    validate("RotateSecret", {
      SecretId: "s",
      RotationLambdaARN: "arn:aws:lambda:eu-west-1:123456789012:function:rotate",
      RotationRules: { AutomaticallyAfterDays: 30, ScheduleExpression: "cron(0 16 1,15 * ? *)" },
      RotateImmediately: false,
    });
    validate("BatchGetSecretValue", { SecretIdList: ["a", "b"], MaxResults: 20 });
    validate("RemoveRegionsFromReplication", {
      SecretId: "s",
      RemoveReplicaRegions: ["us-east-1"],
    });
    validate("GetRandomPassword", { PasswordLength: 4096, ExcludeCharacters: "" });
  });

  test("schemas are built once per operation", () => {
    assert.equal(inputSchema("GetSecretValue"), inputSchema("GetSecretValue"));
    assert.notEqual(inputSchema("GetSecretValue"), inputSchema("DescribeSecret"));
  });
});
