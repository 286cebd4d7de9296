/**
 * The client against a real third-party peer: moto verifies every SigV4 signature (after the
 * helper's three unauthenticated IAM actions), so an accepted request proves the signing, the
 * wire format and the error parsing end to end.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { inspect } from "node:util";
import { Sha256 } from "@aws-crypto/sha256-js";
import {
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManager,
  SecretsManagerServiceException,
} from "../../src/index";
import { describeWithMoto, type MotoServer } from "../helpers/moto";

const TIMEOUT = { timeout: 20_000 };

describeWithMoto("client against moto with signature checking", (getMoto) => {
  let moto: MotoServer;
  let client: SecretsManager;
  const clients: SecretsManager[] = [];
  const makeClient = (options: ConstructorParameters<typeof SecretsManager>[0] = {}) => {
    const made = new SecretsManager({
      endpoint: moto.endpoint,
      region: moto.region,
      credentials: moto.credentials,
      ...options,
    });
    clients.push(made);
    return made;
  };

  before(() => {
    moto = getMoto();
    client = makeClient();
  });
  after(async () => {
    for (const made of clients) await made.close();
  });

  test("signed requests are accepted: create, read, list", TIMEOUT, async () => {
    const created = await client.createSecret({ Name: "signing/string", SecretString: "s3cr3t" });
    assert.match(
      String(created.ARN),
      /^arn:aws:secretsmanager:us-east-1:\d+:secret:signing\/string-/,
    );
    assert.equal(created.$metadata.httpStatusCode, 200);
    const read = await client.getSecretValue({ SecretId: "signing/string" });
    assert.equal(read.SecretString, "s3cr3t");
    assert.ok(read.CreatedDate instanceof Date);
    assert.deepEqual(read.VersionStages, ["AWSCURRENT"]);
    const listed = await client.listSecrets();
    assert.ok(listed.SecretList?.some((entry) => entry.Name === "signing/string"));
    assert.ok(!("NextToken" in listed), "moto's null NextToken is treated as absent");
  });

  test("binary secrets: all 256 byte values round-trip", TIMEOUT, async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    await client.createSecret({ Name: "signing/binary", SecretBinary: bytes });
    const read = await client.getSecretValue({ SecretId: "signing/binary" });
    assert.deepEqual(read.SecretBinary, bytes);
  });

  test("a pure-JS sha256 signs requests moto accepts too", TIMEOUT, async () => {
    const jsClient = makeClient({ sha256: Sha256 });
    const read = await jsClient.getSecretValue({ SecretId: "signing/string" });
    assert.equal(read.SecretString, "s3cr3t");
  });

  test("modeled errors arrive as their classes, with the request id", TIMEOUT, async () => {
    const missing = await client
      .getSecretValue({ SecretId: "signing/missing" })
      .catch((e: unknown) => e);
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.ok(missing instanceof SecretsManagerServiceException);
    assert.equal(missing.$metadata.attempts, 1);
    assert.equal(typeof missing.$metadata.requestId, "string");
    const duplicate = await client
      .createSecret({ Name: "signing/string", SecretString: "again" })
      .catch((e: unknown) => e);
    assert.ok(duplicate instanceof ResourceExistsException);
  });

  test(
    "a request signed with a wrong secret key is refused with moto's code, not retried",
    TIMEOUT,
    async () => {
      const wrong = makeClient({
        credentials: {
          accessKeyId: moto.credentials.accessKeyId,
          secretAccessKey: "WRONG-secret-key-value",
        },
      });
      const failure = await wrong
        .getSecretValue({ SecretId: "signing/string" })
        .catch((e: unknown) => e);
      assert.ok(failure instanceof SecretsManagerServiceException);
      assert.equal(failure.name, "SignatureDoesNotMatch");
      assert.equal(failure.$metadata.httpStatusCode, 403);
      assert.equal(
        failure.$metadata.attempts,
        1,
        "a wrong key with a correct clock is not retried",
      );
      assert.ok(!inspect(failure).includes("WRONG-secret-key-value"));
      assert.ok(!failure.message.includes("WRONG-secret-key-value"));
    },
  );

  test("an unknown access key is refused as InvalidClientTokenId", TIMEOUT, async () => {
    const unknown = makeClient({
      credentials: { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "x".repeat(40) },
    });
    const failure = await unknown.listSecrets().catch((e: unknown) => e);
    assert.ok(failure instanceof SecretsManagerServiceException);
    assert.equal(failure.name, "InvalidClientTokenId");
  });
});
