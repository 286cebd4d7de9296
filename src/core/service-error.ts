/**
 * Turns a non-2xx response into an error instance: the generated class for a modeled code, a
 * `SecretsManagerServiceException` named after the code otherwise, and one named
 * `Http{status}Error`, naming the status, when the body carries no code at all (an HTML page
 * from a proxy, say).
 *
 * Errors get logged, so no response text reaches a message unless it is a service error
 * message: the message that comes with a code this client knows (a modeled one, or one any AWS
 * service answers with), capped. Anything else may be a request echoed back by a proxy or a
 * hostile endpoint, secret value included: such errors give the status, the content type and
 * the body's length instead. The body is searched with string methods, not regular
 * expressions, which would leave it in `RegExp.input` for any code in the process to read.
 */
import {
  type ModeledExceptionOptions,
  type ResponseMetadata,
  SecretsManagerServiceException,
} from "./errors";
import type { HttpResponse } from "./http/types";
import { RETRY_CLASSIFIED_CODES } from "./retry";

export type ModeledErrorClasses = Readonly<
  Record<string, new (options: ModeledExceptionOptions) => SecretsManagerServiceException>
>;

interface ErrorDetails {
  code: string | undefined;
  message: string | undefined;
}

/** A service error message longer than this is cut: real ones are a sentence or two. */
export const MAX_MESSAGE_LENGTH = 512;

/** Codes any AWS JSON service may answer with besides its modeled ones. */
const COMMON_ERROR_CODES: ReadonlySet<string> = new Set([
  "AccessDeniedException",
  "IncompleteSignature",
  "InternalFailure",
  "InvalidAction",
  "InvalidParameterCombination",
  "InvalidParameterValue",
  "InvalidQueryParameter",
  "MalformedQueryString",
  "MissingAction",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "MissingParameter",
  "NotAuthorized",
  "OptInRequired",
  "SerializationException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "UnknownOperationException",
  "UnrecognizedClientException",
  "ValidationError",
  "ValidationException",
]);

/** Builds the error for a response whose status is not 2xx. */
export function errorFromResponse(
  response: HttpResponse,
  metadata: ResponseMetadata,
  modeled: ModeledErrorClasses,
): SecretsManagerServiceException {
  const { code, message } = readErrorDetails(response);
  const $fault = response.status >= 500 ? "server" : "client";
  if (code === undefined) {
    return new SecretsManagerServiceException({
      name: `Http${response.status}Error`,
      message: `HTTP ${response.status} with no error code in the response (${describeBody(response)})`,
      $fault,
      $metadata: metadata,
    });
  }
  const ModeledClass = Object.hasOwn(modeled, code) ? modeled[code] : undefined;
  if (ModeledClass !== undefined) {
    const text = capped(message);
    return new ModeledClass({ message: text, Message: text, $metadata: metadata });
  }
  const known = COMMON_ERROR_CODES.has(code) || RETRY_CLASSIFIED_CODES.has(code);
  return new SecretsManagerServiceException({
    name: code,
    message: known
      ? capped(message)
      : `${code}: HTTP ${response.status}; the message of an unrecognised code is not shown (${describeBody(response)})`,
    $fault,
    $metadata: metadata,
  });
}

/** Finds the error code and message in a JSON body, the error-type header, or an XML body. */
export function readErrorDetails(response: HttpResponse): ErrorDetails {
  const json = parseJsonObject(response.body);
  const header = response.headers["x-amzn-errortype"];
  let code = stringMember(json, "__type") ?? stringMember(json, "code") ?? header;
  let message = stringMember(json, "message") ?? stringMember(json, "Message");
  if (code === undefined && json === undefined) {
    code = xmlElement(response.body, "Code");
    message ??= xmlElement(response.body, "Message");
  }
  const normalized = code === undefined ? undefined : normalizeCode(code);
  return { code: normalized, message };
}

/**
 * `aws.protocols#ThrottlingException` and `ThrottlingException:http://...` both mean
 * `ThrottlingException`. What is left must read as an identifier: a code is used as the
 * error's `name`, so anything else (a body echoed into `__type`, say) counts as no code.
 */
function normalizeCode(raw: string): string | undefined {
  let code = raw.trim();
  const colon = code.indexOf(":");
  if (colon !== -1) code = code.slice(0, colon);
  const hash = code.lastIndexOf("#");
  if (hash !== -1) code = code.slice(hash + 1);
  return isIdentifier(code) ? code : undefined;
}

function isIdentifier(text: string): boolean {
  if (text.length === 0 || text.length > 128) return false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    const letter = (char >= 65 && char <= 90) || (char >= 97 && char <= 122);
    const other = (char >= 48 && char <= 57) || char === 46 || char === 95; // 0-9 . _
    if (!letter && !(index > 0 && other)) return false;
  }
  return true;
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  const text = body.trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringMember(json: Record<string, unknown> | undefined, key: string) {
  const value = json?.[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The text of the first `<name>...</name>` element. */
function xmlElement(body: string, name: string): string | undefined {
  const open = `<${name}>`;
  const start = body.indexOf(open);
  if (start === -1) return undefined;
  const end = body.indexOf(`</${name}>`, start + open.length);
  if (end === -1) return undefined;
  return body.slice(start + open.length, end).trim() || undefined;
}

function capped(message: string | undefined): string | undefined {
  if (message === undefined || message.length <= MAX_MESSAGE_LENGTH) return message;
  return `${message.slice(0, MAX_MESSAGE_LENGTH)}…`;
}

/** `content type text/html, 1234 bytes`: what can be said of a body without quoting it. */
export function describeBody(response: HttpResponse): string {
  const type = mediaType(response.headers["content-type"]);
  const bytes = Buffer.byteLength(response.body);
  const kind = type === undefined ? "no content type" : `content type ${type}`;
  return `${kind}, ${bytes} byte${bytes === 1 ? "" : "s"}`;
}

/** `text/plain` of `text/plain; charset=utf-8`, when it reads as a media type (at most 100 characters). */
function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(";", 1)[0]?.trim().toLowerCase();
  if (type === undefined || type.length === 0 || type.length > 100) return undefined;
  const slash = type.indexOf("/");
  if (slash <= 0 || slash === type.length - 1) return undefined;
  for (const char of type) {
    if (!"abcdefghijklmnopqrstuvwxyz0123456789/.+-_".includes(char)) return undefined;
  }
  return type;
}
