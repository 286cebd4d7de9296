import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { WireConversion } from "../../src/core/operation";
import { decodeBody, encodeBody } from "../../src/core/wire";

const getSecretValueOutput: WireConversion = {
  members: { SecretBinary: "blob", CreatedDate: "timestamp" },
};
const listOutput: WireConversion = {
  members: { SecretList: { list: { members: { LastChangedDate: "timestamp" } } } },
};

describe("encodeBody", () => {
  test("plain input is plain JSON without undefined members", () => {
    assert.equal(
      encodeBody({ SecretId: "a", VersionId: undefined }, undefined),
      '{"SecretId":"a"}',
    );
  });
  test("blobs become base64; a string blob is UTF-8 text", () => {
    const conversion: WireConversion = { members: { SecretBinary: "blob" } };
    const bytes = new Uint8Array([0, 1, 2, 255]);
    assert.deepEqual(JSON.parse(encodeBody({ SecretBinary: bytes }, conversion)), {
      SecretBinary: "AAEC/w==",
    });
    assert.deepEqual(JSON.parse(encodeBody({ SecretBinary: "é" }, conversion)), {
      SecretBinary: Buffer.from("é", "utf8").toString("base64"),
    });
  });
  test("a blob that is a view into a larger buffer sends only its bytes", () => {
    const backing = new Uint8Array([9, 9, 1, 2, 9]);
    const view = backing.subarray(2, 4);
    const body = encodeBody({ SecretBinary: view }, { members: { SecretBinary: "blob" } });
    assert.deepEqual(JSON.parse(body), { SecretBinary: "AQI=" });
  });
  test("timestamps become fractional epoch seconds, nested in lists", () => {
    const conversion: WireConversion = {
      members: { Items: { list: { members: { At: "timestamp" } } } },
    };
    const body = encodeBody({ Items: [{ At: new Date(1_700_000_000_250) }] }, conversion);
    assert.deepEqual(JSON.parse(body), { Items: [{ At: 1_700_000_000.25 }] });
  });
  test("does not mutate the caller's input", () => {
    const input = { SecretBinary: new Uint8Array([1]) };
    encodeBody(input, { members: { SecretBinary: "blob" } });
    assert.ok(input.SecretBinary instanceof Uint8Array);
  });
});

describe("decodeBody", () => {
  test("timestamps and blobs convert back", () => {
    const output = decodeBody(
      JSON.stringify({ Name: "n", SecretBinary: "AAEC/w==", CreatedDate: 1_700_000_000.5 }),
      getSecretValueOutput,
    ) as Record<string, unknown>;
    assert.deepEqual(output.SecretBinary, new Uint8Array([0, 1, 2, 255]));
    assert.equal(Object.getPrototypeOf(output.SecretBinary), Uint8Array.prototype);
    assert.equal((output.CreatedDate as Date).getTime(), 1_700_000_000_500);
  });
  test("a blob owns its memory (no view into Buffer's shared pool)", () => {
    const output = decodeBody('{"SecretBinary":"AQI="}', getSecretValueOutput) as {
      SecretBinary: Uint8Array;
    };
    assert.equal(output.SecretBinary.buffer.byteLength, 2);
  });
  test("null members are absent, at any depth", () => {
    const output = decodeBody(
      '{"Name":"n","ARN":null,"SecretList":[{"Name":"a","Description":null,"LastChangedDate":1}]}',
      listOutput,
    );
    assert.deepEqual(output, {
      Name: "n",
      SecretList: [{ Name: "a", LastChangedDate: new Date(1000) }],
    });
  });
  test("a blob that is not base64 text is not a blob", () => {
    assert.throws(() => decodeBody('{"SecretBinary":[1,2,3]}', getSecretValueOutput), SyntaxError);
  });
  test("null entries are left out of lists", () => {
    const output = decodeBody(
      '{"VersionStages":["AWSCURRENT",null],"SecretList":[null,{"Name":"a","Tags":[null]}]}',
      listOutput,
    );
    assert.deepEqual(output, {
      VersionStages: ["AWSCURRENT"],
      SecretList: [{ Name: "a", Tags: [] }],
    });
  });
  test("maps keep their keys", () => {
    const output = decodeBody('{"VersionIdsToStages":{"v1":["AWSCURRENT"]}}', undefined);
    assert.deepEqual(output, { VersionIdsToStages: { v1: ["AWSCURRENT"] } });
  });
  test("an empty body is an empty output", () => {
    assert.deepEqual(decodeBody("", undefined), {});
  });
  test("a body that is not a JSON object throws", () => {
    assert.throws(() => decodeBody('{"Name":"n', undefined), SyntaxError);
    assert.throws(() => decodeBody("[1]", undefined), SyntaxError);
  });
});
