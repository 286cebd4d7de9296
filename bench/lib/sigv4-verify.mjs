/**
 * Checks an AWS Signature Version 4 header signature from scratch with node:crypto: rebuilds
 * the canonical request from what arrived on the wire, derives the signing key from the one
 * secret key the fake account knows, and compares. Written independently of every contender's
 * signer, so that a signer bug cannot verify itself.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const ALGORITHM = "AWS4-HMAC-SHA256";
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
/** AWS rejects a request signed more than 15 minutes away from its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const sha256Hex = (data) => createHash("sha256").update(data).digest("hex");
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it (upper-case hex, only unreserved characters kept). */
function uriEncode(text) {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Non-S3 services encode each path segment twice; `/` stays `/`. */
function canonicalPath(path) {
  if (path === "/" || path === "") return "/";
  return path
    .split("/")
    .map((segment) => uriEncode(uriEncode(decodeURIComponent(segment))))
    .join("/");
}

function canonicalQuery(query) {
  if (query === "") return "";
  return query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const at = pair.indexOf("=");
      const key = decodeURIComponent(at === -1 ? pair : pair.slice(0, at));
      const value = at === -1 ? "" : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
      return [uriEncode(key), uriEncode(value)];
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

/** Repeated headers joined with `,`, values trimmed and inner runs of spaces collapsed. */
function headerMap(rawHeaders) {
  const headers = new Map();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const value = rawHeaders[i + 1].trim().replace(/ +/g, " ");
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return headers;
}

/** Parses `20240102T030405Z`; `undefined` when malformed. */
function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? "");
  if (m === null) return undefined;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

export class SigV4Verifier {
  #credentials;
  #region;
  #service;
  /** Signing keys by date: derived once per day, as a real service would cache them. */
  #keys = new Map();

  constructor({ credentials, region, service }) {
    this.#credentials = credentials;
    this.#region = region;
    this.#service = service;
  }

  #signingKey(date) {
    let key = this.#keys.get(date);
    if (key === undefined) {
      const kDate = hmac(`AWS4${this.#credentials.secretAccessKey}`, date);
      key = hmac(hmac(hmac(kDate, this.#region), this.#service), "aws4_request");
      this.#keys.set(date, key);
    }
    return key;
  }

  /**
   * `undefined` when the request is correctly signed; otherwise a short reason.
   * @param {{ method: string, url: string, rawHeaders: string[] }} request
   * @param {Buffer} body
   */
  verify(request, body, now = Date.now()) {
    const headers = headerMap(request.rawHeaders);
    const match = AUTHORIZATION.exec(headers.get("authorization") ?? "");
    if (match === null) return "missing or malformed Authorization header";
    const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = match;
    if (accessKeyId !== this.#credentials.accessKeyId) return `unknown access key ${accessKeyId}`;
    if (region !== this.#region) return `signed for region ${region}`;
    if (service !== this.#service) return `signed for service ${service}`;

    const amzDate = headers.get("x-amz-date");
    const signedAt = parseAmzDate(amzDate);
    if (signedAt === undefined) return "missing or malformed X-Amz-Date";
    if (amzDate.slice(0, 8) !== scopeDate) return "credential scope date differs from X-Amz-Date";
    if (Math.abs(now - signedAt) > MAX_SKEW_MS) return "signature expired or in the future";

    const signedHeaders = signedHeaderList.split(";");
    if (!signedHeaders.includes("host")) return "host is not signed";
    if (!signedHeaders.includes("x-amz-date")) return "x-amz-date is not signed";
    if ([...signedHeaders].sort().join(";") !== signedHeaderList) {
      return "SignedHeaders not sorted";
    }
    let canonicalHeaders = "";
    for (const name of signedHeaders) {
      const value = headers.get(name);
      if (value === undefined) return `signed header ${name} is missing`;
      canonicalHeaders += `${name}:${value}\n`;
    }

    const bodyHash = sha256Hex(body);
    const declaredHash = headers.get("x-amz-content-sha256");
    if (declaredHash !== undefined && declaredHash !== bodyHash) {
      return "x-amz-content-sha256 does not match the body";
    }

    const at = request.url.indexOf("?");
    const path = at === -1 ? request.url : request.url.slice(0, at);
    const query = at === -1 ? "" : request.url.slice(at + 1);
    const canonicalRequest = [
      request.method,
      canonicalPath(path),
      canonicalQuery(query),
      canonicalHeaders,
      signedHeaderList,
      declaredHash ?? bodyHash,
    ].join("\n");
    const scope = `${scopeDate}/${region}/${service}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const expected = createHmac("sha256", this.#signingKey(scopeDate))
      .update(stringToSign)
      .digest();
    const given = Buffer.from(signature, "hex");
    if (!timingSafeEqual(expected, given)) return "signature does not match";
    return undefined;
  }
}
