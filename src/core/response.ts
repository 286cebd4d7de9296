/**
 * What one attempt's response becomes: the metadata it carries, built once and shared by the
 * output or the error, and the output of a 2xx (or the error a 2xx that cannot be read is).
 * Other statuses become errors in service-error.ts.
 */
import { type ResponseMetadata, SecretsManagerServiceException } from "./errors";
import type { HttpResponse } from "./http/types";
import type { OperationSpec } from "./operation";
import { describeBody } from "./service-error";
import { decodeBody } from "./wire";

/** What an operation resolves to: its output and the transport's `$metadata`. */
export type Output = Record<string, unknown> & { $metadata: ResponseMetadata };

/** The status, request ids, attempt count and retry delay of the call so far. */
export function metadataOf(
  response: HttpResponse,
  attempts: number,
  totalRetryDelay: number,
): ResponseMetadata {
  const metadata: ResponseMetadata = { httpStatusCode: response.status };
  const requestId = response.headers["x-amzn-requestid"] ?? response.headers["x-amz-request-id"];
  if (requestId !== undefined) metadata.requestId = requestId;
  const extendedRequestId = response.headers["x-amz-id-2"];
  if (extendedRequestId !== undefined) metadata.extendedRequestId = extendedRequestId;
  const cfId = response.headers["x-amz-cf-id"];
  if (cfId !== undefined) metadata.cfId = cfId;
  metadata.attempts = attempts;
  metadata.totalRetryDelay = totalRetryDelay;
  return metadata;
}

/** The output of a 2xx, with its metadata; `undefined` when the body cannot be read as one. */
export function readOutput(
  spec: OperationSpec,
  response: HttpResponse,
  metadata: ResponseMetadata,
): Output | undefined {
  let output: Record<string, unknown>;
  try {
    output = decodeBody(response.body, spec.output) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  // The output is a fresh object parsed for this call: add to it rather than copy it.
  output["$metadata"] = metadata;
  return output as Output;
}

/**
 * A 2xx whose body cannot be read as the output (cut short, not JSON): retried as transient.
 * Unlike an error body, a success body may hold a secret, so none of it goes in the message.
 */
export function unreadableResponse(
  response: HttpResponse,
  metadata: ResponseMetadata,
): SecretsManagerServiceException {
  return new SecretsManagerServiceException({
    name: "ResponseParseError",
    message: `HTTP ${response.status} with a body that is not a complete JSON object (${describeBody(response)})`,
    $fault: "server",
    $metadata: metadata,
  });
}
