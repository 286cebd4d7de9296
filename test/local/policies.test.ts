// Resource policies (put, get, delete, validate; malformed and public policies) and tags in the
// emulator.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MalformedPolicyDocumentException, PublicPolicyException } from "../../src/index";
import { failure, rejectsWith, TIMEOUT, useEmulator } from "./emulator";

function policy(principal: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: principal,
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        ...extra,
      },
    ],
  });
}

const ROLE = { AWS: "arn:aws:iam::123456789012:role/reader" };

describe("resource policies", TIMEOUT, () => {
  const setup = useEmulator();

  test("PutResourcePolicy stores it, GetResourcePolicy answers it, Delete removes it", async () => {
    const { client } = setup;
    const { ARN: arn } = await client.createSecret({ Name: "s", SecretString: "v" });
    const none = await client.getResourcePolicy({ SecretId: "s" });
    assert.equal(none.ResourcePolicy, undefined);
    assert.equal(none.ARN, arn);
    const put = await client.putResourcePolicy({ SecretId: "s", ResourcePolicy: policy(ROLE) });
    assert.deepEqual([put.ARN, put.Name], [arn, "s"]);
    assert.equal((await client.getResourcePolicy({ SecretId: "s" })).ResourcePolicy, policy(ROLE));
    await client.deleteResourcePolicy({ SecretId: "s" });
    assert.equal((await client.getResourcePolicy({ SecretId: "s" })).ResourcePolicy, undefined);
  });

  test("a policy that is not JSON is MalformedPolicyDocumentException", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "v" });
    const error = await failure(client.putResourcePolicy({ SecretId: "s", ResourcePolicy: "{" }));
    assert.ok(error instanceof MalformedPolicyDocumentException);
    await rejectsWith(
      client.putResourcePolicy({ SecretId: "s", ResourcePolicy: JSON.stringify({ Version: "x" }) }),
      "MalformedPolicyDocumentException",
    );
  });

  test("BlockPublicPolicy refuses Principal * and {AWS: *}; without it they are stored", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "v" });
    for (const principal of ["*", { AWS: "*" }, { AWS: ["*"] }]) {
      const error = await failure(
        client.putResourcePolicy({
          SecretId: "s",
          ResourcePolicy: policy(principal),
          BlockPublicPolicy: true,
        }),
      );
      assert.ok(error instanceof PublicPolicyException, JSON.stringify(principal));
    }
    await client.putResourcePolicy({
      SecretId: "s",
      ResourcePolicy: policy(ROLE),
      BlockPublicPolicy: true,
    });
    await client.putResourcePolicy({ SecretId: "s", ResourcePolicy: policy("*") });
    assert.equal((await client.getResourcePolicy({ SecretId: "s" })).ResourcePolicy, policy("*"));
  });

  test("ValidateResourcePolicy passes a sound policy and reports problems of others", async () => {
    const { client } = setup;
    const sound = await client.validateResourcePolicy({ ResourcePolicy: policy(ROLE) });
    assert.equal(sound.PolicyValidationPassed, true);
    assert.deepEqual(sound.ValidationErrors, []);
    const open = await client.validateResourcePolicy({ ResourcePolicy: policy("*") });
    assert.equal(open.PolicyValidationPassed, false);
    assert.equal(open.ValidationErrors?.[0]?.CheckName, "BROAD_ACCESS");
    const conditioned = await client.validateResourcePolicy({
      ResourcePolicy: policy("*", { Condition: { StringEquals: { "aws:PrincipalAccount": "1" } } }),
    });
    assert.equal(conditioned.PolicyValidationPassed, true);
    const noPrincipal = await client.validateResourcePolicy({
      ResourcePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*" }] }),
    });
    assert.equal(noPrincipal.PolicyValidationPassed, false);
    assert.equal(noPrincipal.ValidationErrors?.[0]?.CheckName, "POLICY_SYNTAX");
    await rejectsWith(
      client.validateResourcePolicy({ ResourcePolicy: "not json" }),
      "MalformedPolicyDocumentException",
    );
    await rejectsWith(
      client.validateResourcePolicy({ SecretId: "missing", ResourcePolicy: policy(ROLE) }),
      "ResourceNotFoundException",
    );
  });
});

describe("tags", TIMEOUT, () => {
  const setup = useEmulator();

  test("TagResource adds and overwrites by key; UntagResource removes", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "v", Tags: [{ Key: "a", Value: "1" }] });
    await client.tagResource({
      SecretId: "s",
      Tags: [
        { Key: "b", Value: "2" },
        { Key: "a", Value: "one" },
      ],
    });
    assert.deepEqual((await client.describeSecret({ SecretId: "s" })).Tags, [
      { Key: "a", Value: "one" },
      { Key: "b", Value: "2" },
    ]);
    await client.untagResource({ SecretId: "s", TagKeys: ["a", "absent"] });
    assert.deepEqual((await client.describeSecret({ SecretId: "s" })).Tags, [
      { Key: "b", Value: "2" },
    ]);
    // Issue 15: the emptied list stays, as [] (AWS's recorded answers).
    await client.untagResource({ SecretId: "s", TagKeys: ["b"] });
    assert.deepEqual((await client.describeSecret({ SecretId: "s" })).Tags, []);
    const [entry] = (await client.listSecrets({})).SecretList ?? [];
    assert.deepEqual(entry?.Tags, []);
  });

  test("a secret never tagged shows no Tags; one tagged since shows them", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "v" });
    assert.equal((await client.describeSecret({ SecretId: "s" })).Tags, undefined);
    await client.tagResource({ SecretId: "s", Tags: [{ Key: "a", Value: "1" }] });
    await client.untagResource({ SecretId: "s", TagKeys: ["a"] });
    assert.deepEqual((await client.describeSecret({ SecretId: "s" })).Tags, []);
  });

  test("aws: keys are reserved; a missing secret is ResourceNotFoundException", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "s", SecretString: "v" });
    await rejectsWith(
      client.tagResource({ SecretId: "s", Tags: [{ Key: "aws:owner", Value: "x" }] }),
      "InvalidParameterException",
    );
    await rejectsWith(
      client.tagResource({ SecretId: "missing", Tags: [{ Key: "a", Value: "x" }] }),
      "ResourceNotFoundException",
    );
  });
});
