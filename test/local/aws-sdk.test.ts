// The AWS SDK v3 client works against the emulator: proof that it speaks the service's protocol
// and not only ours. Static credentials and an explicit endpoint, with signature checking on;
// test/helpers/setup-env.ts keeps ~/.aws and the instance metadata service out of reach.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { type LocalSecretsManager, startLocalSecretsManager } from "../../src/local/index";
import { TEST_CREDENTIALS, TIMEOUT } from "./emulator";

describe("@aws-sdk/client-secrets-manager against the emulator", TIMEOUT, () => {
  let local: LocalSecretsManager;
  let sdk: SecretsManagerClient;

  before(async () => {
    local = await startLocalSecretsManager({ credentials: TEST_CREDENTIALS });
    sdk = new SecretsManagerClient({
      endpoint: local.endpoint,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(async () => {
    sdk?.destroy();
    await local?.close();
  });

  test("create, get, list, delete", async () => {
    const created = await sdk.send(
      new CreateSecretCommand({
        Name: "sdk/secret",
        SecretString: '{"user":"u"}',
        Tags: [{ Key: "from", Value: "sdk" }],
      }),
    );
    assert.match(created.ARN ?? "", /:secret:sdk\/secret-[A-Za-z0-9]{6}$/);

    const value = await sdk.send(new GetSecretValueCommand({ SecretId: "sdk/secret" }));
    assert.equal(value.SecretString, '{"user":"u"}');
    assert.deepEqual(value.VersionStages, ["AWSCURRENT"]);
    assert.ok(value.CreatedDate instanceof Date);

    await sdk.send(
      new PutSecretValueCommand({ SecretId: "sdk/secret", SecretBinary: new Uint8Array([1, 2]) }),
    );
    const binary = await sdk.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    assert.deepEqual(binary.SecretBinary, new Uint8Array([1, 2]));

    const listed = await sdk.send(
      new ListSecretsCommand({ Filters: [{ Key: "tag-value", Values: ["sdk"] }] }),
    );
    assert.deepEqual(
      listed.SecretList?.map((secret) => secret.Name),
      ["sdk/secret"],
    );
    assert.ok(listed.SecretList?.[0]?.LastChangedDate instanceof Date);

    const deleted = await sdk.send(
      new DeleteSecretCommand({ SecretId: "sdk/secret", RecoveryWindowInDays: 7 }),
    );
    assert.ok(deleted.DeletionDate instanceof Date);
    const described = await sdk.send(new DescribeSecretCommand({ SecretId: "sdk/secret" }));
    assert.ok(described.DeletedDate instanceof Date);

    await sdk.send(
      new DeleteSecretCommand({ SecretId: "sdk/secret", ForceDeleteWithoutRecovery: true }),
    );
    const listedAfter = await sdk.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    assert.deepEqual(listedAfter.SecretList, []);
  });

  test("errors arrive as the SDK's modeled classes", async () => {
    const error = await sdk
      .send(new GetSecretValueCommand({ SecretId: "missing" }))
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.message, /can't find the specified secret/);
  });

  test("a wrong key is refused", async () => {
    const wrong = new SecretsManagerClient({
      endpoint: local.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: "wrong" },
      maxAttempts: 1,
    });
    try {
      const error = (await wrong
        .send(new ListSecretsCommand({}))
        .catch((caught: unknown) => caught)) as Error;
      assert.equal(error.name, "InvalidSignatureException");
    } finally {
      wrong.destroy();
    }
  });
});
