import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type ModeledExceptionOptions,
  SecretsManagerServiceException,
} from "../../src/core/errors";
import type { HttpResponse } from "../../src/core/http/types";
import { errorFromResponse, readErrorDetails } from "../../src/core/service-error";

class FakeNotFound extends SecretsManagerServiceException {
  static override readonly kind: string = "ResourceNotFoundException";
  readonly Message: string | undefined;
  constructor(options: ModeledExceptionOptions) {
    super({ ...options, name: "ResourceNotFoundException", $fault: "client" });
    this.Message = options.Message;
  }
}
const modeled = { ResourceNotFoundException: FakeNotFound };

function response(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): HttpResponse {
  return { status, body, headers };
}

describe("readErrorDetails", () => {
  test("__type with a namespace prefix", () => {
    const details = readErrorDetails(
      response(
        400,
        '{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","message":"nope"}',
      ),
    );
    assert.deepEqual(details, { code: "ResourceNotFoundException", message: "nope" });
  });
  test("x-amzn-errortype header with a suffix, Message capitalised", () => {
    const details = readErrorDetails(
      response(400, '{"Message":"slow down"}', {
        "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/",
      }),
    );
    assert.deepEqual(details, { code: "ThrottlingException", message: "slow down" });
  });
  test("XML error body (moto's signature failures)", () => {
    const xml =
      "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>bad sig</Message></Error></ErrorResponse>";
    assert.deepEqual(readErrorDetails(response(403, xml)), {
      code: "SignatureDoesNotMatch",
      message: "bad sig",
    });
  });
  test("__type with a URI suffix in the body, Message capitalised", () => {
    const details = readErrorDetails(
      response(
        400,
        '{"__type":"ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.secretsmanager/","Message":"gone"}',
      ),
    );
    assert.deepEqual(details, { code: "ResourceNotFoundException", message: "gone" });
  });
  test("Message alone, and message winning when a body has both", () => {
    const capital = readErrorDetails(response(400, '{"__type":"X","Message":"upper"}'));
    assert.equal(capital.message, "upper");
    const both = readErrorDetails(
      response(400, '{"__type":"X","Message":"upper","message":"lower"}'),
    );
    assert.equal(both.message, "lower");
  });
  test("no code anywhere", () => {
    assert.equal(readErrorDetails(response(502, "<html>Bad Gateway</html>")).code, undefined);
    assert.equal(readErrorDetails(response(503, "")).code, undefined);
  });
});

describe("errorFromResponse", () => {
  test("a modeled code becomes its class with Message and metadata", () => {
    const error = errorFromResponse(
      response(400, '{"__type":"ResourceNotFoundException","Message":"gone"}'),
      { httpStatusCode: 400, requestId: "r-1" },
      modeled,
    );
    assert.ok(error instanceof FakeNotFound);
    assert.equal(error.message, "gone");
    assert.equal((error as FakeNotFound).Message, "gone");
    assert.equal(error.$metadata.requestId, "r-1");
  });
  test("ns#Code with a lowercase message still becomes the modeled class, Message set", () => {
    // Issue 15: the emulator now writes Message for modeled errors, as AWS does; other servers
    // (moto) write message; either way both error.message and the modeled Message are set.
    const error = errorFromResponse(
      response(
        400,
        '{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","message":"gone"}',
      ),
      { httpStatusCode: 400 },
      modeled,
    );
    assert.ok(error instanceof FakeNotFound);
    assert.equal(error.message, "gone");
    assert.equal((error as FakeNotFound).Message, "gone");
  });
  test("an unmodeled code keeps its name; $fault from the status", () => {
    const error = errorFromResponse(response(503, '{"__type":"ServiceUnavailable"}'), {}, modeled);
    assert.equal(error.constructor, SecretsManagerServiceException);
    assert.equal(error.name, "ServiceUnavailable");
    assert.equal(error.$fault, "server");
  });
  test("an HTML 502 gives the status, content type and length, never the body", () => {
    const html = `<html><body><h1>502 Bad Gateway</h1>${"x".repeat(500)}</body></html>`;
    const error = errorFromResponse(
      response(502, html, { "content-type": "text/html; charset=utf-8" }),
      { httpStatusCode: 502 },
      modeled,
    );
    assert.equal(error.name, "Http502Error");
    assert.equal(
      error.message,
      `HTTP 502 with no error code in the response (content type text/html, ${html.length} bytes)`,
    );
  });
  test("an empty 503 says so", () => {
    const error = errorFromResponse(response(503, ""), {}, modeled);
    assert.match(error.message, /HTTP 503 .*no content type, 0 bytes/);
  });
  test("an unrecognised code keeps its name but not its message", () => {
    const error = errorFromResponse(
      response(400, '{"__type":"EchoedException","message":"SecretString: hunter2"}'),
      {},
      modeled,
    );
    assert.equal(error.name, "EchoedException");
    assert.ok(!error.message.includes("hunter2"), error.message);
    assert.match(error.message, /EchoedException: HTTP 400/);
  });
  test("a known code's message is kept, capped", () => {
    const long = "m".repeat(5000);
    const error = errorFromResponse(
      response(400, JSON.stringify({ __type: "AccessDeniedException", Message: long })),
      {},
      modeled,
    );
    assert.equal(error.name, "AccessDeniedException");
    assert.equal(error.message, `${"m".repeat(512)}…`);
    const modeledError = errorFromResponse(
      response(400, JSON.stringify({ __type: "ResourceNotFoundException", Message: long })),
      {},
      modeled,
    );
    assert.equal(modeledError.message.length, 513);
  });
  test("a code that does not read as an identifier is no code", () => {
    const body = JSON.stringify({ __type: '{"SecretString":"hunter2"}', message: "hunter2" });
    const error = errorFromResponse(response(400, body), {}, modeled);
    assert.equal(error.name, "Http400Error");
    assert.ok(!error.message.includes("hunter2"), error.message);
  });
  test("a code named like an Object.prototype member is not looked up there", () => {
    const error = errorFromResponse(response(400, '{"__type":"constructor"}'), {}, modeled);
    assert.equal(error.name, "constructor");
    assert.equal(error.constructor, SecretsManagerServiceException);
  });
});
