/**
 * Proves test/helpers/moto.ts and pins down what moto puts on the wire, so that later tests
 * (and the error parser) can rely on it. Observed with moto 5.2.1 (werkzeug 3.1.8):
 *
 * - ListSecrets signed with the moto key: 200, `text/html; charset=utf-8`, JSON body with
 *   `null` members (`{"SecretList": [], "NextToken": null}`).
 * - Signed with a wrong secret key: 403, `text/html; charset=utf-8`, XML
 *   `<Code>SignatureDoesNotMatch</Code>`.
 * - Signed with an unknown access key id: 403, `text/html; charset=utf-8`, XML
 *   `<Code>InvalidClientTokenId</Code>`.
 * - Unsigned (no Authorization header): 500, `text/html; charset=utf-8`, werkzeug's HTML error
 *   page. moto routes it to S3 (see test/helpers/moto.ts), whose auth check fails on the
 *   missing header (`KeyError: 'HTTP_AUTHORIZATION'` in moto's log).
 * - GetSecretValue of a missing secret: 404, `application/json`,
 *   `{"__type": "ResourceNotFoundException", "message": ...}`.
 * - An operation moto lacks (ValidateResourcePolicy, or an invented target): 500,
 *   `text/html; charset=utf-8`, HTML "500 Internal Server Error" page.
 *
 * Auth errors are XML in the query-protocol `<ErrorResponse><Errors><Error>` shape even though
 * Secrets Manager speaks JSON, and say `text/html`. Every response has `Connection: close`.
 * `reset()` works with signatures on: the data is gone and the helper hands out a new key; the
 * old key is then refused as InvalidClientTokenId.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { request } from "undici";
import {
  describeWithMoto,
  type MotoCredentials,
  type MotoServer,
  motoAvailable,
} from "../helpers/moto";
import { signJsonRequest } from "../helpers/sigv4";

const TIMEOUT = { timeout: 15_000 };

interface WireResponse {
  status: number;
  contentType: string | undefined;
  connection: string | undefined;
  text: string;
}

/** Sends one Secrets Manager JSON request, signed with `credentials` unless it is `null`. */
async function send(
  moto: MotoServer,
  target: string,
  input: unknown,
  credentials: MotoCredentials | null = moto.credentials,
): Promise<WireResponse> {
  const body = JSON.stringify(input);
  const headers =
    credentials === null
      ? {
          host: new URL(moto.endpoint).host,
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `secretsmanager.${target}`,
        }
      : await signJsonRequest({
          endpoint: moto.endpoint,
          target: `secretsmanager.${target}`,
          body,
          region: moto.region,
          credentials,
        });
  const response = await request(`${moto.endpoint}/`, { method: "POST", headers, body });
  const header = (name: string) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  return {
    status: response.statusCode,
    contentType: header("content-type"),
    connection: header("connection"),
    text: await response.body.text(),
  };
}

/** The error code from an XML `<Code>` or a JSON `__type` (namespace prefix dropped). */
function errorCode(text: string): string | undefined {
  const xml = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  if (xml !== undefined) return xml;
  try {
    const type = (JSON.parse(text) as { __type?: unknown }).__type;
    return typeof type === "string" ? type.slice(type.indexOf("#") + 1) : undefined;
  } catch {
    return undefined;
  }
}

describeWithMoto("moto helper, signatures checked", (getMoto) => {
  test("a request signed with the created key is accepted", TIMEOUT, async () => {
    const moto = getMoto();
    assert.match(moto.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(moto.region, "us-east-1");
    assert.match(moto.credentials.accessKeyId, /^AKIA/);

    const response = await send(moto, "ListSecrets", {});
    assert.equal(response.status, 200, response.text);
    assert.equal(response.contentType, "text/html; charset=utf-8");
    assert.equal(response.connection, "close");
    assert.deepEqual(JSON.parse(response.text), { SecretList: [], NextToken: null });
  });

  test("a wrong secret key is refused: 403 SignatureDoesNotMatch", TIMEOUT, async () => {
    const moto = getMoto();
    const response = await send(
      moto,
      "ListSecrets",
      {},
      {
        accessKeyId: moto.credentials.accessKeyId,
        secretAccessKey: "not-the-secret-key",
      },
    );
    assert.equal(response.status, 403);
    assert.equal(response.contentType, "text/html; charset=utf-8");
    assert.match(response.text, /^<\?xml .*\n<ErrorResponse><Errors><Error><Code>/);
    assert.equal(errorCode(response.text), "SignatureDoesNotMatch");
  });

  test("an unknown access key id is refused: 403 InvalidClientTokenId", TIMEOUT, async () => {
    const moto = getMoto();
    const response = await send(
      moto,
      "ListSecrets",
      {},
      {
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: moto.credentials.secretAccessKey,
      },
    );
    assert.equal(response.status, 403);
    assert.equal(response.contentType, "text/html; charset=utf-8");
    assert.equal(errorCode(response.text), "InvalidClientTokenId");
  });

  test("an unsigned request is refused (moto answers an HTML 500)", TIMEOUT, async () => {
    const response = await send(getMoto(), "ListSecrets", {}, null);
    assert.equal(response.status, 500);
    assert.equal(response.contentType, "text/html; charset=utf-8");
    assert.match(response.text, /Internal Server Error/);
    assert.equal(errorCode(response.text), undefined);
  });

  test("a missing secret is a JSON 404 ResourceNotFoundException", TIMEOUT, async () => {
    const response = await send(getMoto(), "GetSecretValue", { SecretId: "no-such-secret" });
    assert.equal(response.status, 404);
    assert.equal(response.contentType, "application/json");
    assert.equal(errorCode(response.text), "ResourceNotFoundException");
  });

  test("successes say text/html and carry null fields", TIMEOUT, async () => {
    const moto = getMoto();
    const created = await send(moto, "CreateSecret", { Name: "nulls", SecretString: "s3cr3t" });
    assert.equal(created.status, 200, created.text);
    const described = await send(moto, "DescribeSecret", { SecretId: "nulls" });
    assert.equal(described.status, 200, described.text);
    assert.equal(described.contentType, "text/html; charset=utf-8");
    const body = JSON.parse(described.text) as Record<string, unknown>;
    assert.equal(body["Name"], "nulls");
    assert.equal(body["DeletedDate"], null);
    assert.equal(body["KmsKeyId"], null);
  });

  test("an operation moto lacks answers an HTML 500", TIMEOUT, async () => {
    const response = await send(getMoto(), "NoSuchOperation", {});
    assert.equal(response.status, 500);
    assert.equal(response.contentType, "text/html; charset=utf-8");
    assert.match(response.text, /<title>500 Internal Server Error<\/title>/);
  });

  test("reset() wipes the data and leaves a working new key", TIMEOUT, async () => {
    const moto = getMoto();
    const created = await send(moto, "CreateSecret", { Name: "gone", SecretString: "x" });
    assert.equal(created.status, 200, created.text);
    const before = moto.credentials;

    const after = await moto.reset();
    assert.deepEqual(moto.credentials, after);
    assert.notEqual(after.accessKeyId, before.accessKeyId);

    const listed = await send(moto, "ListSecrets", {});
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(JSON.parse(listed.text), { SecretList: [], NextToken: null });
    const stale = await send(moto, "ListSecrets", {}, before);
    assert.equal(stale.status, 403);
    assert.equal(errorCode(stale.text), "InvalidClientTokenId");

    // Twice in a row still works: reset-auth gives the new key its free actions each time.
    await moto.reset();
    assert.equal((await send(moto, "ListSecrets", {})).status, 200);
  });
});

describeWithMoto(
  "moto helper, signatures not checked",
  (getMoto) => {
    test("a wrong secret key is accepted", TIMEOUT, async () => {
      const moto = getMoto();
      const response = await send(
        moto,
        "ListSecrets",
        {},
        {
          accessKeyId: moto.credentials.accessKeyId,
          secretAccessKey: "not-the-secret-key",
        },
      );
      assert.equal(response.status, 200, response.text);
    });

    test("reset() works too", TIMEOUT, async () => {
      const moto = getMoto();
      await moto.reset();
      assert.equal((await send(moto, "ListSecrets", {})).status, 200);
    });
  },
  { signatureChecks: false },
);

test("motoAvailable() explains a missing moto_server", () => {
  const path = process.env["PATH"];
  process.env["PATH"] = "";
  try {
    const result = motoAvailable();
    assert.equal(result.ok, false);
    assert.match(
      result.ok ? "" : result.reason,
      /^moto_server not found on PATH; install moto\[server\]/,
    );
  } finally {
    if (path === undefined) delete process.env["PATH"];
    else process.env["PATH"] = path;
  }
});
