// The emulator's wire protocol, spoken directly: what a client would never send gets the
// service's JSON error shape and status, and the server keeps serving afterwards.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MAX_BODY_BYTES } from "../../src/local/server";
import { type RawResponse, rawPost, TIMEOUT, useEmulator } from "./emulator";

/**
 * An error answer in the service's shape. Modeled errors carry the model's `Message` member;
 * the others (ValidationException, the protocol's own codes) carry `message`.
 */
function assertError(
  response: RawResponse,
  status: number,
  code: string,
  messageMember: "Message" | "message" = "message",
): void {
  assert.equal(response.status, status, response.text);
  assert.equal(response.headers["content-type"], "application/x-amz-json-1.1");
  assert.match(String(response.headers["x-amzn-requestid"]), /^[0-9a-f-]{36}$/);
  assert.deepEqual(Object.keys(response.json ?? {}).sort(), ["__type", messageMember].sort());
  assert.equal(response.json?.["__type"], code);
  assert.equal(typeof response.json?.[messageMember], "string");
}

describe("wire protocol", TIMEOUT, () => {
  const setup = useEmulator();

  async function stillServing(): Promise<void> {
    const listed = await setup.client.listSecrets({});
    assert.equal(listed.$metadata.httpStatusCode, 200);
  }

  test("a success is JSON 1.1 with a request id; timestamps are epoch seconds", async () => {
    const created = await rawPost(
      setup.local.endpoint,
      "secretsmanager.CreateSecret",
      JSON.stringify({ Name: "s", SecretString: "v", ClientRequestToken: "a".repeat(32) }),
    );
    assert.equal(created.status, 200, created.text);
    assert.equal(created.headers["content-type"], "application/x-amz-json-1.1");
    assert.match(String(created.headers["x-amzn-requestid"]), /^[0-9a-f-]{36}$/);
    assert.equal(created.json?.["VersionId"], "a".repeat(32));
    const described = await rawPost(
      setup.local.endpoint,
      "secretsmanager.DescribeSecret",
      JSON.stringify({ SecretId: "s" }),
    );
    const createdDate = described.json?.["CreatedDate"];
    assert.equal(typeof createdDate, "number");
    assert.ok(Math.abs((createdDate as number) - Date.now() / 1000) < 60);
  });

  test("a blob travels as base64 both ways", async () => {
    const sent = Buffer.from([1, 2, 3, 255]).toString("base64");
    const created = await rawPost(
      setup.local.endpoint,
      "secretsmanager.CreateSecret",
      JSON.stringify({ Name: "b", SecretBinary: sent, ClientRequestToken: "b".repeat(32) }),
    );
    assert.equal(created.status, 200, created.text);
    const value = await rawPost(
      setup.local.endpoint,
      "secretsmanager.GetSecretValue",
      JSON.stringify({ SecretId: "b" }),
    );
    assert.equal(value.json?.["SecretBinary"], sent);
  });

  test("malformed JSON is a SerializationException", async () => {
    for (const body of ["{not json", "[1,2]", '"text"', '{"SecretId": ']) {
      const response = await rawPost(setup.local.endpoint, "secretsmanager.GetSecretValue", body);
      assertError(response, 400, "SerializationException");
    }
    await stillServing();
  });

  test("a member of the wrong type is a SerializationException", async () => {
    const response = await rawPost(
      setup.local.endpoint,
      "secretsmanager.GetSecretValue",
      JSON.stringify({ SecretId: 42 }),
    );
    assertError(response, 400, "SerializationException");
    assert.match(String(response.json?.["message"]), /secretId/);
  });

  test("a missing required member or a broken constraint is a ValidationException", async () => {
    const missing = await rawPost(setup.local.endpoint, "secretsmanager.GetSecretValue", "{}");
    assertError(missing, 400, "ValidationException");
    assert.match(
      String(missing.json?.["message"]),
      /^1 validation error detected: Value at 'secretId' failed to satisfy constraint: Member must not be null$/,
    );
    const two = await rawPost(
      setup.local.endpoint,
      "secretsmanager.ListSecrets",
      JSON.stringify({ MaxResults: 101, SortOrder: "sideways" }),
    );
    assertError(two, 400, "ValidationException");
    assert.match(String(two.json?.["message"]), /^2 validation errors detected: /);
    assert.match(String(two.json?.["message"]), /'maxResults'/);
    assert.match(String(two.json?.["message"]), /'sortOrder'/);
    // The value sent never appears in the message.
    const long = "x".repeat(3000);
    const tooLong = await rawPost(
      setup.local.endpoint,
      "secretsmanager.GetSecretValue",
      JSON.stringify({ SecretId: long }),
    );
    assertError(tooLong, 400, "ValidationException");
    assert.ok(!tooLong.text.includes(long));
  });

  test("a member the model does not declare is ignored, as the service ignores it", async () => {
    const response = await rawPost(
      setup.local.endpoint,
      "secretsmanager.ListSecrets",
      JSON.stringify({ NotAMember: true }),
    );
    assert.equal(response.status, 200, response.text);
  });

  test("an empty body is an empty input", async () => {
    const response = await rawPost(setup.local.endpoint, "secretsmanager.ListSecrets", "");
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.json, { SecretList: [] });
  });

  test("an unknown X-Amz-Target is an UnknownOperationException", async () => {
    for (const target of ["secretsmanager.NoSuchOperation", "dynamodb.GetItem", "CreateSecret"]) {
      const response = await rawPost(setup.local.endpoint, target, "{}");
      assertError(response, 400, "UnknownOperationException");
    }
    await stillServing();
  });

  test("a missing X-Amz-Target is an UnknownOperationException", async () => {
    const response = await rawPost(setup.local.endpoint, undefined, "{}");
    assertError(response, 400, "UnknownOperationException");
    await stillServing();
  });

  test("an oversized body is a 413 in the same shape, and the server keeps serving", async () => {
    const body = JSON.stringify({ Name: "big", SecretString: "x".repeat(MAX_BODY_BYTES) });
    const response = await rawPost(setup.local.endpoint, "secretsmanager.CreateSecret", body);
    assertError(response, 413, "RequestEntityTooLargeException");
    await stillServing();
    // The largest secret the model allows still fits.
    const largest = await setup.client.createSecret({
      Name: "largest",
      SecretString: "\u0001".repeat(65_536),
    });
    assert.equal(largest.Name, "largest");
  });

  test("errors from operations carry the modeled code and Message, with status 400", async () => {
    const response = await rawPost(
      setup.local.endpoint,
      "secretsmanager.GetSecretValue",
      JSON.stringify({ SecretId: "missing" }),
    );
    assertError(response, 400, "ResourceNotFoundException", "Message");
    assert.equal(response.json?.["Message"], "Secrets Manager can't find the specified secret.");
    assert.equal(response.headers["x-amzn-errortype"], "ResourceNotFoundException");
  });

  test("a call that makes a version, sent without ClientRequestToken, is refused first", async () => {
    // Issue 15: the SDKs and the CLI always send the token; the service refuses a request that
    // lacks it before it looks at anything else (here, secrets that do not exist), RotateSecret
    // with another code than the rest (AWS's recorded answers).
    const cases = [
      ["CreateSecret", { Name: "no-token", SecretString: "v" }, "InvalidRequestException"],
      ["UpdateSecret", { SecretId: "no-token", SecretString: "v" }, "InvalidRequestException"],
      ["PutSecretValue", { SecretId: "no-token", SecretString: "v" }, "InvalidRequestException"],
      ["RotateSecret", { SecretId: "no-token" }, "InvalidParameterException"],
    ] as const;
    for (const [operation, body, code] of cases) {
      const response = await rawPost(
        setup.local.endpoint,
        `secretsmanager.${operation}`,
        JSON.stringify(body),
      );
      assertError(response, 400, code, "Message");
      assert.equal(
        response.json?.["Message"],
        "You must provide a ClientRequestToken value. We recommend a UUID-type value.",
        operation,
      );
    }
    assert.deepEqual((await setup.client.listSecrets({})).SecretList, []);
  });

  test("many bad requests in parallel leave the server serving", async () => {
    const bad = Array.from({ length: 30 }, (_, i) =>
      rawPost(setup.local.endpoint, i % 2 === 0 ? undefined : "secretsmanager.X", "{{{"),
    );
    const responses = await Promise.all(bad);
    assert.ok(responses.every((response) => response.status === 400));
    await stillServing();
  });
});
