/**
 * Before anything is measured, prove the fake server can say no: an unsigned request, one
 * signed with the wrong secret key and one whose body changed after signing must each be
 * refused with 403, and a correctly signed one must get the right answer. Signed here with
 * `@smithy/signature-v4`, independently of the server's own verifier.
 */
import { createHash, createHmac } from "node:crypto";
import { request } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import { CREDENTIALS, secretName, secretValue } from "./data.mjs";

class NodeSha256 {
  #hash;
  constructor(secret) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", secret);
  }
  update(data) {
    this.#hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
}

function post(url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false, timeout: 10_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    req.on("timeout", () => req.destroy(new Error("self-test request timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

async function signed(url, secretAccessKey, body) {
  const signer = new SignatureV4({
    service: "secretsmanager",
    region: "us-east-1",
    credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey },
    sha256: NodeSha256,
  });
  const result = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: {},
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "secretsmanager.GetSecretValue",
      host: url.host,
    },
    body,
  });
  return result.headers;
}

/** Resolves to the number of requests the server should have counted as failures. */
export async function selfTest(endpoint) {
  const url = new URL(endpoint);
  const name = secretName(7);
  const body = JSON.stringify({ SecretId: name });
  const good = await signed(url, CREDENTIALS.secretAccessKey, body);
  const cases = [
    [
      "unsigned",
      {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "secretsmanager.GetSecretValue",
      },
      body,
      403,
    ],
    ["wrong secret key", await signed(url, `${CREDENTIALS.secretAccessKey}x`, body), body, 403],
    ["body changed after signing", good, JSON.stringify({ SecretId: secretName(8) }), 403],
    ["correctly signed", good, body, 200],
  ];
  for (const [what, headers, payload, status] of cases) {
    const response = await post(url, headers, payload);
    if (response.status !== status) {
      throw new Error(
        `server self-test: ${what} request got ${response.status}, expected ${status}`,
      );
    }
    if (status === 200 && JSON.parse(response.text).SecretString !== secretValue(7)) {
      throw new Error("server self-test: wrong answer to a correctly signed request");
    }
  }
  return cases.filter(([, , , status]) => status !== 200).length;
}
