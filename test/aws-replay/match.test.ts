// The replay's comparison: placeholders bind one to one across a test, and the answer forms
// follow what boto3 and the recorder make of an answer.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { botoErrorText, botoForm, pythonBytes } from "./answer-form";
import { Bindings, compareWithRecording, matchString } from "./match";

const ARN =
  "arn:<partition>:secretsmanager:<region>:111111111111:secret:<SecretId-0idx><ArnPart-0idx>";

describe("placeholders", () => {
  test("an ARN with placeholders matches a real one and binds its parts", () => {
    const bindings = new Bindings();
    const actual = "arn:aws:secretsmanager:us-east-1:123456789012:secret:s-1a2b-AbC123";
    assert.equal(matchString(ARN, actual, bindings), undefined);
    assert.equal(bindings.valueOf("<SecretId-0idx>"), "s-1a2b");
    assert.equal(bindings.valueOf("<ArnPart-0idx>"), "-AbC123");
    assert.equal(bindings.valueOf("111111111111"), "123456789012");
  });

  test("a bound placeholder must meet the same value again", () => {
    const bindings = new Bindings();
    assert.equal(matchString("<version_uuid:1>", "v-one", bindings), undefined);
    assert.equal(matchString("<version_uuid:1>", "v-one", bindings), undefined);
    assert.match(matchString("<version_uuid:1>", "v-two", bindings) ?? "", /recorded/);
  });

  test("two placeholders cannot stand for one value", () => {
    const bindings = new Bindings();
    assert.equal(matchString("<version_uuid:1>", "v-one", bindings), undefined);
    assert.match(matchString("<version_uuid:2>", "v-one", bindings) ?? "", /already stands for/);
    assert.match(matchString("<a:1>/<b:1>", "x/x", bindings) ?? "", /already stands for/);
  });

  test("a failed match binds nothing", () => {
    const bindings = new Bindings();
    assert.notEqual(matchString("<name:1>-fixed", "abc-other", bindings), undefined);
    assert.equal(bindings.valueOf("<name:1>"), undefined);
  });

  test("an ARN suffix is a dash and six letters or digits", () => {
    assert.notEqual(matchString("x<ArnPart-0idx>", "x-abc", new Bindings()), undefined);
  });

  test("object keys can be placeholders; a key on one side only is a difference", () => {
    const bindings = new Bindings();
    const recorded = { VersionIdsToStages: { "<version_uuid:1>": ["AWSCURRENT"] } };
    assert.deepEqual(
      compareWithRecording(recorded, { VersionIdsToStages: { v1: ["AWSCURRENT"] } }, bindings),
      [],
    );
    assert.equal(bindings.valueOf("<version_uuid:1>"), "v1");
    const extra = { VersionIdsToStages: { v1: ["AWSCURRENT"], v2: ["AWSPREVIOUS"] } };
    assert.deepEqual(compareWithRecording(recorded, extra, bindings), [
      '$.VersionIdsToStages.v2: ["AWSPREVIOUS"], not recorded',
    ]);
    assert.deepEqual(compareWithRecording({ Tags: [] }, {}, new Bindings()), [
      "$.Tags: absent, recorded []",
    ]);
  });

  test("lists match in order; JSON text matches a recorded object", () => {
    assert.equal(compareWithRecording(["a", "b"], ["b", "a"], new Bindings()).length, 2);
    assert.deepEqual(compareWithRecording({ a: 1 }, '{"a":1}', new Bindings()), []);
    assert.equal(compareWithRecording({ a: 1 }, '{"a":2}', new Bindings()).length, 1);
  });
});

describe("answer forms", () => {
  test("a success: dates become datetime, labels sorted, versions by date, bytes as Python", () => {
    const form = botoForm({
      operation: "ListSecretVersionIds",
      status: 200,
      text: JSON.stringify({
        Versions: [
          { VersionId: "b", VersionStages: ["AWSPENDING", "AWSCURRENT"], CreatedDate: 20 },
          { VersionId: "a", CreatedDate: 10 },
        ],
      }),
    });
    assert.deepEqual(form, {
      Versions: [
        { VersionId: "a", CreatedDate: "datetime" },
        { VersionId: "b", VersionStages: ["AWSCURRENT", "AWSPENDING"], CreatedDate: "datetime" },
      ],
      ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 200 },
    });
    const value = botoForm({
      operation: "GetSecretValue",
      status: 200,
      text: JSON.stringify({
        SecretBinary: Buffer.from([0, 1, 0x27, 0xff, 0x61]).toString("base64"),
      }),
    });
    assert.equal(value["SecretBinary"], 'b"\\x00\\x01\'\\xffa"');
  });

  test("a modeled error shows the body's Message at the top level, as boto3 does", () => {
    const answer = (body: object) => ({
      operation: "GetSecretValue" as const,
      status: 400,
      text: JSON.stringify(body),
    });
    const capital = botoForm(answer({ __type: "ResourceNotFoundException", Message: "gone" }));
    assert.deepEqual(capital, {
      Error: { Code: "ResourceNotFoundException", Message: "gone" },
      Message: "gone",
      ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 400 },
    });
    const lower = botoForm(answer({ __type: "ResourceNotFoundException", message: "gone" }));
    assert.equal(lower["Message"], undefined);
    const unmodeled = botoForm(answer({ __type: "ns#ValidationException", Message: "bad" }));
    assert.deepEqual(unmodeled["Error"], { Code: "ValidationException", Message: "bad" });
    assert.equal(unmodeled["Message"], undefined);
    assert.equal(
      botoErrorText(answer({ __type: "X:http://internal", message: "m" })),
      "An error occurred (X) when calling the GetSecretValue operation: m",
    );
  });

  test("Python's bytes repr", () => {
    assert.equal(pythonBytes(new TextEncoder().encode("footest")), "b'footest'");
    assert.equal(pythonBytes(new Uint8Array([0xfe, 0xfd, 0x5c, 0x0a])), "b'\\xfe\\xfd\\\\\\n'");
  });
});
