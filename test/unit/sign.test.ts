import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, test } from "node:test";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Credentials } from "../../src/core/credentials";
import { type HashInput, NodeSha256, RequestSigner, type RequestToSign } from "../../src/core/sign";

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "session-token-example",
};
const signingDate = new Date("2026-03-04T05:06:07Z");
const baseRequest = {
  url: new URL("https://secretsmanager.eu-west-1.amazonaws.com/"),
  headers: {
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": "secretsmanager.GetSecretValue",
    "user-agent": "secretsmanager-ts/test",
  },
  body: '{"SecretId":"db/password"}',
};
/** The signer adds its headers to the object it is given: each request gets a fresh one. */
const request = (): RequestToSign => ({ ...baseRequest, headers: { ...baseRequest.headers } });

/** SigV4 written out step by step with node:crypto, independently of the signer under test. */
function expectedAuthorization(): string {
  const hex = (data: string) => createHash("sha256").update(data).digest("hex");
  const hmac = (key: string | Buffer, data: string) =>
    createHmac("sha256", key).update(data).digest();
  const amzDate = "20260304T050607Z";
  const day = "20260304";
  const scope = `${day}/eu-west-1/secretsmanager/aws4_request`;
  const headers: [string, string][] = [
    ["content-type", "application/x-amz-json-1.1"],
    ["host", "secretsmanager.eu-west-1.amazonaws.com"],
    ["x-amz-date", amzDate],
    ["x-amz-security-token", credentials.sessionToken],
    ["x-amz-target", "secretsmanager.GetSecretValue"],
  ];
  const signedHeaders = headers.map(([name]) => name).join(";");
  const canonical = [
    "POST",
    "/",
    "",
    ...headers.map(([name, value]) => `${name}:${value}`),
    "",
    signedHeaders,
    hex(baseRequest.body),
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, hex(canonical)].join("\n");
  let key = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of ["eu-west-1", "secretsmanager", "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

describe("RequestSigner", () => {
  test("matches SigV4 computed by hand, session token signed, user-agent not", async () => {
    const signer = new RequestSigner({ region: "eu-west-1", credentials: async () => credentials });
    const headers = await signer.sign(request(), signingDate);
    assert.equal(headers.authorization, expectedAuthorization());
    assert.equal(headers["x-amz-security-token"], credentials.sessionToken);
    assert.equal(headers["x-amz-date"], "20260304T050607Z");
  });

  test("node:crypto and @aws-crypto/sha256-js sign identically", async () => {
    const withNode = new RequestSigner({
      region: "eu-west-1",
      credentials: async () => credentials,
      sha256: NodeSha256,
    });
    const withJs = new RequestSigner({
      region: "eu-west-1",
      credentials: async () => credentials,
      sha256: Sha256,
    });
    const [a, b] = await Promise.all([
      withNode.sign(request(), signingDate),
      withJs.sign(request(), signingDate),
    ]);
    assert.equal(a.authorization, b.authorization);
    assert.equal(a.authorization, expectedAuthorization());
  });

  test("a different date gives a different signature (fresh per attempt)", async () => {
    const signer = new RequestSigner({ region: "eu-west-1", credentials: async () => credentials });
    const first = await signer.sign(request(), signingDate);
    const later = await signer.sign(request(), new Date(signingDate.getTime() + 1000));
    assert.notEqual(first.authorization, later.authorization);
  });

  test("the signing time is written per second, across a second and a day boundary", async () => {
    const signer = new RequestSigner({ region: "eu-west-1", credentials: async () => credentials });
    const at = async (iso: string) => (await signer.sign(request(), new Date(iso)))["x-amz-date"];
    assert.equal(await at("2026-03-04T05:06:07.001Z"), "20260304T050607Z");
    assert.equal(await at("2026-03-04T05:06:07.999Z"), "20260304T050607Z");
    assert.equal(await at("2026-03-04T05:06:08.000Z"), "20260304T050608Z");
    assert.equal(await at("2026-03-04T23:59:59.999Z"), "20260304T235959Z");
    const nextDay = await signer.sign(request(), new Date("2026-03-05T00:00:00.000Z"));
    assert.equal(nextDay["x-amz-date"], "20260305T000000Z");
    assert.match(nextDay.authorization ?? "", /Credential=AKIDEXAMPLE\/20260305\//);
    // Back in time (a clock correction): written afresh, not taken from the cache.
    assert.equal(await at("2026-03-04T05:06:07.500Z"), "20260304T050607Z");
  });

  test("a custom endpoint's port is part of the signed host", async () => {
    const signer = new RequestSigner({ region: "us-east-1", credentials: async () => credentials });
    const headers = await signer.sign(
      { ...request(), url: new URL("http://127.0.0.1:4566/") },
      signingDate,
    );
    assert.equal(headers.host, "127.0.0.1:4566");
    // The URL's parts are kept per URL object: another one is read afresh.
    const other = await signer.sign(
      { ...request(), url: new URL("http://localhost:4567/") },
      signingDate,
    );
    assert.equal(other.host, "localhost:4567");
  });

  test("signs as @smithy/signature-v4's own SignatureV4 class does", async () => {
    const cases: [string, Credentials, RequestToSign][] = [
      ["session token", credentials, request()],
      ["no session token", { accessKeyId: "AKID2", secretAccessKey: "secret-2" }, request()],
      [
        "port, path, non-ASCII body, extra header",
        credentials,
        {
          url: new URL("http://127.0.0.1:4566/some/./path/"),
          headers: { ...baseRequest.headers, "x-custom": "  a   b  " },
          body: '{"SecretId":"pässwörd ✓"}',
        },
      ],
    ];
    for (const [label, creds, input] of cases) {
      // The default hash (node:crypto one-shot) and a hash option (through its interface).
      const ours = new RequestSigner({ region: "ap-south-2", credentials: async () => creds });
      const withOption = new RequestSigner({
        region: "ap-south-2",
        credentials: async () => creds,
        sha256: Sha256,
      });
      const smithy = new SignatureV4({
        service: "secretsmanager",
        region: "ap-south-2",
        credentials: creds,
        sha256: NodeSha256,
        applyChecksum: false,
      });
      const expected = await smithy.sign(
        {
          method: "POST",
          protocol: input.url.protocol,
          hostname: input.url.hostname,
          ...(input.url.port === "" ? {} : { port: Number(input.url.port) }),
          path: input.url.pathname,
          query: {},
          headers: { ...input.headers, host: input.url.host },
          body: input.body,
        },
        { signingDate },
      );
      // The signer adds its headers to the request's own object: give each a copy.
      const copy = (): RequestToSign => ({ ...input, headers: { ...input.headers } });
      assert.deepEqual(await ours.sign(copy(), signingDate), expected.headers, label);
      assert.deepEqual(
        await withOption.sign(copy(), signingDate),
        expected.headers,
        `${label}, sha256-js`,
      );
    }
  });

  test("derives the signing key once per credentials and day, again after a refresh", async () => {
    let macs = 0;
    class CountingSha256 extends NodeSha256 {
      constructor(secret?: HashInput) {
        super(secret);
        if (secret !== undefined) macs += 1;
      }
    }
    let current: Credentials = credentials;
    const signer = new RequestSigner({
      region: "eu-west-1",
      credentials: async () => current,
      sha256: CountingSha256,
    });
    await signer.sign(request(), signingDate);
    const first = macs;
    await signer.sign(request(), new Date(signingDate.getTime() + 60_000));
    assert.equal(macs - first, 1, "the same day: only the signature's own HMAC");
    current = { ...credentials, secretAccessKey: "rotated-secret-key-000000000000000000000" };
    const refreshed = await signer.sign(request(), signingDate);
    assert.ok(macs - first > 2, "new credentials: a new key");
    const oracle = new RequestSigner({ region: "eu-west-1", credentials: async () => current });
    assert.equal(
      refreshed.authorization,
      (await oracle.sign(request(), signingDate)).authorization,
    );
    const tomorrow = new Date(signingDate.getTime() + 86_400_000);
    const nextDay = await signer.sign(request(), tomorrow);
    assert.match(nextDay.authorization ?? "", /Credential=AKIDEXAMPLE\/20260305\//);
    // The day is part of the key: a key kept from yesterday would sign wrongly. A new signer
    // has nothing cached to reuse.
    const fresh = new RequestSigner({ region: "eu-west-1", credentials: async () => current });
    assert.equal(nextDay.authorization, (await fresh.sign(request(), tomorrow)).authorization);
  });

  test("a signing key that failed to derive is not kept for the next request", async () => {
    // The first HMAC of all is the key derivation's: make that one fail, once.
    let failNext = true;
    class FlakySha256 extends NodeSha256 {
      readonly #keyed: boolean;
      constructor(secret?: HashInput) {
        super(secret);
        this.#keyed = secret !== undefined;
      }
      override async digest(): Promise<Uint8Array> {
        if (this.#keyed && failNext) {
          failNext = false;
          throw new Error("hash backend unavailable");
        }
        return super.digest();
      }
    }
    const signer = new RequestSigner({
      region: "eu-west-1",
      credentials: async () => credentials,
      sha256: FlakySha256,
    });
    await assert.rejects(signer.sign(request(), signingDate), /hash backend unavailable/);
    const headers = await signer.sign(request(), signingDate);
    assert.equal(headers.authorization, expectedAuthorization());
  });

  test("with the default hash, a request after the first builds no Hash object", async () => {
    const signer = new RequestSigner({ region: "eu-west-1", credentials: async () => credentials });
    await signer.sign(request(), signingDate); // derives the day's key through NodeSha256
    let updates = 0;
    const update = NodeSha256.prototype.update;
    NodeSha256.prototype.update = function (this: NodeSha256, data: HashInput) {
      updates += 1;
      update.call(this, data);
    };
    try {
      const headers = await signer.sign(request(), signingDate);
      assert.equal(headers.authorization, expectedAuthorization());
    } finally {
      NodeSha256.prototype.update = update;
    }
    assert.equal(updates, 0, "hashed with node:crypto's one-shot functions");
  });

  test("NodeSha256 is SHA-256 and HMAC-SHA-256", async () => {
    const hash = new NodeSha256();
    hash.update("abc");
    assert.equal(
      Buffer.from(await hash.digest()).toString("hex"),
      createHash("sha256").update("abc").digest("hex"),
    );
    const mac = new NodeSha256(new Uint8Array([1, 2, 3]));
    mac.update(new Uint8Array([4]));
    assert.equal(
      Buffer.from(await mac.digest()).toString("hex"),
      createHmac("sha256", Buffer.from([1, 2, 3]))
        .update(Buffer.from([4]))
        .digest("hex"),
    );
  });
});
