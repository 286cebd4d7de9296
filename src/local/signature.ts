/**
 * Optional SigV4 verification: the signature of each request is computed again with
 * `node:crypto` from the configured secret key and compared in constant time. Refusals use the
 * codes a JSON service answers with, all with status 400:
 * - no Authorization header: MissingAuthenticationTokenException;
 * - an Authorization header that is not a SigV4 one, or no X-Amz-Date:
 *   IncompleteSignatureException;
 * - another access key id: UnrecognizedClientException;
 * - a scope for another Region or service, a date more than 15 minutes off, or a signature that
 *   does not match: InvalidSignatureException.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { ProtocolCode, ServiceError } from "./errors";

/** The key pair requests to the emulator must be signed with. */
export interface SigningCredentials {
  /** The access key id requests must name. */
  readonly accessKeyId: string;
  /** The secret access key requests must be signed with. */
  readonly secretAccessKey: string;
}

export interface SignedRequest {
  readonly method: string;
  /** The request target, path and query, as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const SERVICE = "secretsmanager";
const MAX_SKEW_MS = 15 * 60_000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** Returns the error to refuse the request with, or `undefined` when the signature holds. */
export function verifySignature(
  request: SignedRequest,
  credentials: SigningCredentials,
  region: string,
  now: number,
): ServiceError | undefined {
  const authorization = header(request.headers, "authorization");
  if (authorization === undefined) {
    return new ServiceError(ProtocolCode.missingToken, "The request is not signed.");
  }
  const match = AUTHORIZATION.exec(authorization.trim());
  const amzDate = header(request.headers, "x-amz-date");
  if (match === null || amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return new ServiceError(
      ProtocolCode.incompleteSignature,
      "The Authorization header or X-Amz-Date is not in the SigV4 form.",
    );
  }
  const [, accessKeyId, day, scopeRegion, scopeService, signedHeaderList, signature] =
    match as unknown as [string, string, string, string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId) {
    return new ServiceError(
      ProtocolCode.unrecognizedClient,
      "The security token included in the request is invalid.",
    );
  }
  const invalid = (message: string) => new ServiceError(ProtocolCode.invalidSignature, message);
  if (scopeRegion !== region) return invalid(`The credential scope must name Region ${region}.`);
  if (scopeService !== SERVICE) return invalid(`The credential scope must name ${SERVICE}.`);
  if (!amzDate.startsWith(day)) return invalid("The credential scope date is not X-Amz-Date's.");
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  if (Number.isNaN(signedAt) || Math.abs(now - signedAt) > MAX_SKEW_MS) {
    return invalid("Signature expired: the request's date is more than 15 minutes from now.");
  }
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) return invalid("The host header must be signed.");

  // Always the hash of the body received: a signed X-Amz-Content-Sha256 header is not trusted.
  const payloadHash = sha256Hex(request.body);
  const canonicalRequest = [
    request.method,
    canonicalPath(request.url),
    canonicalQuery(request.url),
    ...signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers, name)}`),
    "",
    signedHeaderList,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${scopeRegion}/${scopeService}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  let key = hmac(`AWS4${credentials.secretAccessKey}`, day);
  key = hmac(key, scopeRegion);
  key = hmac(key, scopeService);
  key = hmac(key, "aws4_request");
  const expected = createHmac("sha256", key).update(stringToSign).digest();
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return invalid(
      "The request signature we calculated does not match the signature you provided.",
    );
  }
  return undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function canonicalHeaderValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  const values = Array.isArray(value) ? value : [value ?? ""];
  return values.map((entry) => entry.trim().replace(/\s+/g, " ")).join(",");
}

/** The path with each segment URI-encoded once, as SigV4 signs it for non-S3 services. */
function canonicalPath(url: string): string {
  const path = url.split("?")[0] || "/";
  return path
    .split("/")
    .map((segment) => encode(safeDecode(segment)))
    .join("/");
}

function canonicalQuery(url: string): string {
  const query = url.split("?")[1];
  if (query === undefined || query === "") return "";
  return query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const [name = "", value = ""] = pair.split("=");
      return [encode(safeDecode(name)), encode(safeDecode(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** RFC 3986 encoding: everything but unreserved characters. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
