// Signature checking in the emulator: with `credentials` set, only requests signed with them
// get through; others are refused with the codes a JSON service uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { signJsonRequest } from "../helpers/sigv4";
import { clientFor, failure, rawPost, TEST_CREDENTIALS, TIMEOUT, useEmulator } from "./emulator";

describe("signature checking", TIMEOUT, () => {
  const setup = useEmulator({ credentials: TEST_CREDENTIALS });

  test("a request signed with the right key is accepted", async () => {
    const created = await setup.client.createSecret({ Name: "s", SecretString: "v" });
    assert.equal(created.$metadata.httpStatusCode, 200);
    assert.equal((await setup.client.getSecretValue({ SecretId: "s" })).SecretString, "v");
  });

  test("a wrong secret key is refused with InvalidSignatureException", async () => {
    const wrong = clientFor(setup.local.endpoint, {
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
      secretAccessKey: "not-the-key",
    });
    try {
      const error = await failure(wrong.listSecrets({}));
      assert.equal(error.name, "InvalidSignatureException");
      assert.equal((error.$metadata as { httpStatusCode?: number }).httpStatusCode, 400);
    } finally {
      await wrong.close();
    }
  });

  test("an unknown access key id is refused with UnrecognizedClientException", async () => {
    const stranger = clientFor(setup.local.endpoint, {
      accessKeyId: "AKIDSOMEONEELSE",
      secretAccessKey: TEST_CREDENTIALS.secretAccessKey,
    });
    try {
      assert.equal((await failure(stranger.listSecrets({}))).name, "UnrecognizedClientException");
    } finally {
      await stranger.close();
    }
  });

  test("a request signed for another Region is refused", async () => {
    const elsewhere = new (await import("../../src/index")).SecretsManager({
      endpoint: setup.local.endpoint,
      region: "eu-west-1",
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      assert.equal((await failure(elsewhere.listSecrets({}))).name, "InvalidSignatureException");
    } finally {
      await elsewhere.close();
    }
  });

  test("an unsigned request is refused with MissingAuthenticationTokenException", async () => {
    const response = await rawPost(setup.local.endpoint, "secretsmanager.ListSecrets", "{}");
    assert.equal(response.status, 400);
    assert.equal(response.json?.["__type"], "MissingAuthenticationTokenException");
  });

  test("a body changed after signing is refused", async () => {
    const signed = await signJsonRequest({
      endpoint: setup.local.endpoint,
      target: "secretsmanager.ListSecrets",
      body: "{}",
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
    });
    const { host: _host, ...sent } = signed;
    const accepted = await rawPost(setup.local.endpoint, "secretsmanager.ListSecrets", "{}", sent);
    assert.equal(accepted.status, 200, accepted.text);
    const tampered = await rawPost(
      setup.local.endpoint,
      "secretsmanager.ListSecrets",
      '{"MaxResults":1}',
      sent,
    );
    assert.equal(tampered.json?.["__type"], "InvalidSignatureException");
  });
});
