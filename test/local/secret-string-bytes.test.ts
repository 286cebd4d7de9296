/**
 * Issue 14, item 4: the emulator counts `SecretString` in UTF-8 bytes, as the service quota does,
 * so a value that AWS refuses is refused locally too. A raw request skips the client's own check.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rawPost, TIMEOUT, useEmulator } from "./emulator";

describe("emulator: SecretString is limited to 65,536 UTF-8 bytes", TIMEOUT, () => {
  const setup = useEmulator();
  const target = (operation: string) => `secretsmanager.${operation}`;

  test("65,536 × 'é' (131,072 bytes) is refused on create, put and update", async () => {
    const tooBig = "é".repeat(65536);
    const create = await rawPost(
      setup.local.endpoint,
      target("CreateSecret"),
      JSON.stringify({ Name: "bytes", SecretString: tooBig, ClientRequestToken: "t".repeat(32) }),
    );
    assert.equal(create.status, 400, create.text);
    assert.equal(create.json?.["__type"], "ValidationException");
    assert.match(create.text, /secretString/i);
    assert.ok(!create.text.includes("éé"), "the value is not echoed");

    await setup.client.createSecret({ Name: "bytes", SecretString: "small" });
    for (const operation of ["PutSecretValue", "UpdateSecret"]) {
      const answer = await rawPost(
        setup.local.endpoint,
        target(operation),
        JSON.stringify({
          SecretId: "bytes",
          SecretString: tooBig,
          ClientRequestToken: "u".repeat(32),
        }),
      );
      assert.equal(answer.status, 400, `${operation}: ${answer.text}`);
    }
    const current = await setup.client.getSecretValue({ SecretId: "bytes" });
    assert.equal(current.SecretString, "small", "nothing was stored");
  });

  test("32,768 × 'é' (65,536 bytes) is accepted and read back whole", async () => {
    const atLimit = "é".repeat(32768);
    await setup.client.createSecret({ Name: "limit", SecretString: atLimit });
    const read = await setup.client.getSecretValue({ SecretId: "limit" });
    assert.equal(read.SecretString, atLimit);
  });
});
