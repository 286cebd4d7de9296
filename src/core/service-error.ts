/**
 * Turns a non-2xx response into an error instance: the generated class for a modeled code, a
 * `SecretsManagerServiceException` named after the code otherwise, and one named
 * `Http{status}Error`, naming the status, when the body carries no code at all (an HTML page from a proxy, say).
 */
import {
  type ModeledExceptionOptions,
  type ResponseMetadata,
  SecretsManagerServiceException,
} from "./errors";
import type { HttpResponse } from "./http/types";

export type ModeledErrorClasses = Readonly<
  Record<string, new (options: ModeledExceptionOptions) => SecretsManagerServiceException>
>;

interface ErrorDetails {
  code: string | undefined;
  message: string | undefined;
}

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
      message: `HTTP ${response.status} with no error code in the response: ${excerpt(response.body)}`,
      $fault,
      $metadata: metadata,
    });
  }
  const ModeledClass = Object.hasOwn(modeled, code) ? modeled[code] : undefined;
  if (ModeledClass !== undefined) {
    return new ModeledClass({ message, Message: message, $metadata: metadata });
  }
  return new SecretsManagerServiceException({ name: code, message, $fault, $metadata: metadata });
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
  return { code: code === undefined ? undefined : normalizeCode(code), message };
}

/** `aws.protocols#ThrottlingException` and `ThrottlingException:http://...` both mean `ThrottlingException`. */
function normalizeCode(raw: string): string {
  let code = raw.trim();
  const colon = code.indexOf(":");
  if (colon !== -1) code = code.slice(0, colon);
  const hash = code.lastIndexOf("#");
  if (hash !== -1) code = code.slice(hash + 1);
  return code;
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

function xmlElement(body: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(body);
  return match?.[1]?.trim() || undefined;
}

/** A short, single-line start of a body, for messages about responses we cannot read. */
export function excerpt(body: string, limit = 120): string {
  const flat = body.replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty body)";
  return flat.length > limit ? `${JSON.stringify(flat.slice(0, limit))}...` : JSON.stringify(flat);
}
