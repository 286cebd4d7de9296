/**
 * SigV4 signing: a thin adapter over `@smithy/signature-v4`, with the signing time passed in
 * so that clock-skew correction and fixed-date tests stay outside the signer.
 */
import { createHash, createHmac, type Hmac, type Hash as NodeHash } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { Credentials } from "./credentials";

/** Data a hash accepts: text (UTF-8) or bytes. */
export type HashInput = string | ArrayBuffer | ArrayBufferView;

/** A SHA-256 hash as the signer uses it: the same shape as v3's `sha256` option. */
export interface Hash {
  /** Adds data to the hash. */
  update(data: HashInput): void;
  /** The hash (or HMAC) of everything added. */
  digest(): Promise<Uint8Array>;
}

/** Builds a SHA-256 hash, or an HMAC-SHA-256 when given a key. */
export type HashConstructor = new (secret?: HashInput) => Hash;

function toBuffer(data: HashInput): string | Buffer {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/**
 * SHA-256 from `node:crypto`: the default, faster than a pure-JS hash and cheaper to import.
 * Pass `Sha256` from `@aws-crypto/sha256-js` as the `sha256` option for a pure-JS one.
 */
export class NodeSha256 implements Hash {
  readonly #hash: NodeHash | Hmac;

  constructor(secret?: HashInput) {
    this.#hash =
      secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }

  update(data: HashInput): void {
    this.#hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

/** What the signer needs to know about a request; everything else is added by signing. */
export interface RequestToSign {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SignerOptions {
  readonly region: string;
  readonly credentials: () => Promise<Credentials>;
  readonly sha256?: HashConstructor | undefined;
}

/** The signing name of this service, from the model. */
export const SIGNING_NAME = "secretsmanager";

/** Signs requests for one region; returns the headers to send, the signature among them. */
export class RequestSigner {
  readonly #signer: SignatureV4;

  constructor(options: SignerOptions) {
    this.#signer = new SignatureV4({
      service: SIGNING_NAME,
      region: options.region,
      credentials: options.credentials,
      sha256: options.sha256 ?? NodeSha256,
      // The JSON protocol does not use the payload-hash header; leaving it out saves bytes.
      applyChecksum: false,
    });
  }

  async sign(request: RequestToSign, signingDate: Date): Promise<Record<string, string>> {
    const { url } = request;
    const signed = await this.#signer.sign(
      {
        method: "POST",
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port === "" ? {} : { port: Number(url.port) }),
        path: url.pathname,
        query: {},
        headers: { ...request.headers, host: url.host },
        body: request.body,
      },
      { signingDate },
    );
    return signed.headers;
  }
}
