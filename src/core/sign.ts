/**
 * SigV4 signing with `@smithy/signature-v4`, with the signing time passed in so that clock-skew
 * correction and fixed-date tests stay outside the signer.
 *
 * We build on its public `SignatureV4Base` and helpers (canonical request, string to sign,
 * canonical headers, payload hash, scope, signing key) rather than on its `SignatureV4` class,
 * whose event-stream and presigning support we never use and which would otherwise be most of
 * the signer in a user's bundle; see docs/performance.md.
 */
import { createHash, createHmac, type Hmac, hash, type Hash as NodeHash } from "node:crypto";
import {
  ALGORITHM_IDENTIFIER,
  createScope,
  getCanonicalHeaders,
  getPayloadHash,
  getSigningKey,
  SignatureV4Base,
} from "@smithy/signature-v4";
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

/**
 * What the signer needs to know about a request. `headers` must be a fresh object: the signer
 * adds `host`, `x-amz-date`, `x-amz-security-token` and `authorization` to it and returns it.
 */
export interface RequestToSign {
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface SignerOptions {
  readonly region: string;
  readonly credentials: () => Promise<Credentials>;
  readonly sha256?: HashConstructor | undefined;
}

/** The signing name of this service, from the model. */
export const SIGNING_NAME = "secretsmanager";

/** The request as smithy's helpers read it, with our body, which is always text. */
type SmithyRequest = Parameters<typeof getCanonicalHeaders>[0] & { readonly body: string };
type CanonicalHeaders = ReturnType<typeof getCanonicalHeaders>;

interface SigningTarget {
  readonly url: URL;
  readonly host: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly path: string;
}

/** Signs requests for one region; returns the headers to send, the signature among them. */
export class RequestSigner extends SignatureV4Base {
  readonly #region: string;
  readonly #credentials: () => Promise<Credentials>;
  #target: SigningTarget | undefined;
  /** The signing key of the last credentials and day: it changes once a day or on refresh. */
  #key: { credentials: Credentials; shortDate: string; key: Promise<Uint8Array> } | undefined;
  /** The last signing time's second, as SigV4 writes it: requests in one second share it. */
  #dates: { second: number; longDate: string; shortDate: string } | undefined;

  constructor(options: SignerOptions) {
    super({
      service: SIGNING_NAME,
      region: options.region,
      credentials: options.credentials,
      sha256: options.sha256 ?? NodeSha256,
      // The JSON protocol does not use the payload-hash header; leaving it out saves bytes.
      applyChecksum: false,
    });
    this.#region = options.region;
    this.#credentials = options.credentials;
  }

  async sign(request: RequestToSign, signingDate: Date): Promise<Record<string, string>> {
    const credentials = await this.#credentials();
    const { longDate, shortDate } = this.#datesOf(signingDate);
    const scope = createScope(shortDate, this.#region, SIGNING_NAME);
    const target = this.#targetOf(request.url);
    const headers = request.headers;
    headers["host"] = target.host;
    headers["x-amz-date"] = longDate;
    if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;
    const toSign: SmithyRequest = {
      method: "POST",
      protocol: target.protocol,
      hostname: target.hostname,
      path: target.path,
      query: {},
      headers,
      body: request.body,
    };
    // Leaves out the headers SigV4 must not sign (user-agent, proxies' and the like).
    const canonicalHeaders = getCanonicalHeaders(toSign);
    const key = await this.#signingKey(credentials, shortDate);
    const signature =
      this.sha256 === NodeSha256
        ? this.#signatureByNodeCrypto(toSign, canonicalHeaders, longDate, scope, key)
        : await this.#signatureByHashOption(toSign, canonicalHeaders, longDate, scope, key);
    headers["authorization"] =
      `${ALGORITHM_IDENTIFIER} Credential=${credentials.accessKeyId}/${scope}, ` +
      `SignedHeaders=${this.getCanonicalHeaderList(canonicalHeaders)}, Signature=${signature}`;
    return headers;
  }

  /**
   * The default hash: node:crypto's one-shot `hash` and a synchronous HMAC, since the
   * `Hash` interface's object per hash and awaited digest cost more than the hashing itself
   * on a small request (docs/performance.md has the figures). `hash` is in every Node this
   * package supports (20.12 and later; "release candidate" in node's stability index).
   */
  #signatureByNodeCrypto(
    toSign: SmithyRequest,
    canonicalHeaders: CanonicalHeaders,
    longDate: string,
    scope: string,
    key: Uint8Array,
  ): string {
    const payloadHash = hash("sha256", toSign.body, "hex");
    const canonicalRequest = this.createCanonicalRequest(toSign, canonicalHeaders, payloadHash);
    const stringToSign = `${ALGORITHM_IDENTIFIER}\n${longDate}\n${scope}\n${hash("sha256", canonicalRequest, "hex")}`;
    return createHmac("sha256", key).update(stringToSign).digest("hex");
  }

  /** Any other hash (`@aws-crypto/sha256-js`, a user's own) goes through its interface. */
  async #signatureByHashOption(
    toSign: SmithyRequest,
    canonicalHeaders: CanonicalHeaders,
    longDate: string,
    scope: string,
    key: Uint8Array,
  ): Promise<string> {
    const canonicalRequest = this.createCanonicalRequest(
      toSign,
      canonicalHeaders,
      await getPayloadHash(toSign, this.sha256),
    );
    const stringToSign = await this.createStringToSign(
      longDate,
      scope,
      canonicalRequest,
      ALGORITHM_IDENTIFIER,
    );
    const mac = new this.sha256(key);
    mac.update(stringToSign);
    return Buffer.from(await mac.digest()).toString("hex");
  }

  #datesOf(signingDate: Date): { longDate: string; shortDate: string } {
    const second = Math.floor(signingDate.getTime() / 1000);
    if (this.#dates?.second !== second) this.#dates = { second, ...this.formatDate(signingDate) };
    return this.#dates;
  }

  // A client sends every request to one URL: read its parts once, not on every request.
  #targetOf(url: URL): SigningTarget {
    if (this.#target?.url !== url) {
      const { host, protocol, hostname, pathname } = url;
      this.#target = { url, host, protocol, hostname, path: pathname };
    }
    return this.#target;
  }

  // getSigningKey keeps its own cache, but finds its entry by an HMAC of the credentials on
  // every call; the credentials object and the day are a cheaper key for the common case.
  #signingKey(credentials: Credentials, shortDate: string): Promise<Uint8Array> {
    const last = this.#key;
    if (last?.credentials === credentials && last.shortDate === shortDate) return last.key;
    const key = getSigningKey(this.sha256, credentials, shortDate, this.#region, SIGNING_NAME);
    this.#key = { credentials, shortDate, key };
    // A failed derivation must not be kept for the next request.
    key.catch(() => {
      if (this.#key?.key === key) this.#key = undefined;
    });
    return key;
  }
}
