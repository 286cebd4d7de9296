/**
 * The floor: what a hand-rolled client costs with the same building blocks and nothing else.
 * An undici keep-alive Pool, `@smithy/signature-v4` with a node:crypto SHA-256, JSON in and
 * out; no validation, no retries, no error classes.
 */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { Pool } from "undici";

export const label = "floor: undici Pool + @smithy/signature-v4 (node:crypto)";

const CONTENT_TYPE = "application/x-amz-json-1.1";

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

export function connect(endpoint, sha256 = NodeSha256) {
  const url = new URL(endpoint);
  return {
    url,
    pool: new Pool(url.origin, { keepAliveTimeout: 4_000 }),
    signer: new SignatureV4({
      service: "secretsmanager",
      region: "us-east-1",
      credentials: {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID,
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
      },
      sha256,
      applyChecksum: false,
    }),
  };
}

async function call({ url, pool, signer }, operation, input) {
  const body = JSON.stringify(input);
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: {},
    headers: {
      "content-type": CONTENT_TYPE,
      "x-amz-target": `secretsmanager.${operation}`,
      host: url.host,
    },
    body,
  });
  const response = await pool.request({ method: "POST", path: "/", headers: signed.headers, body });
  const text = await response.body.text();
  if (response.statusCode !== 200)
    throw new Error(`${operation}: HTTP ${response.statusCode} ${text}`);
  return JSON.parse(text);
}

export async function getSecretValue(client, id) {
  const output = await call(client, "GetSecretValue", { SecretId: id });
  return { name: output.Name, value: output.SecretString };
}

export async function listAll(client) {
  const entries = [];
  let token;
  for (let page = 0; page < 1_000; page++) {
    const output = await call(client, "ListSecrets", {
      MaxResults: 100,
      ...(token === undefined ? {} : { NextToken: token }),
    });
    for (const secret of output.SecretList ?? []) entries.push(secret);
    token = output.NextToken;
    if (!token) return entries;
  }
  throw new Error("ListSecrets: more than 1,000 pages");
}

export function close(client) {
  return client.pool.close();
}
