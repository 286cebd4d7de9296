/**
 * Reading a secret's value as a checked type: JSON through a schema, plain text, or bytes.
 * Shared by the client's `getJson` / `getString` / `getBinary` and by `SecretCache`.
 *
 * The rule here: a `SecretFormatError` names the secret, the path and the rule, and never
 * carries the value, not even a piece of it inside a schema's own message or a `cause`.
 */

import { SecretFormatError, type ValidationIssue } from "./core/errors";
import { clearRegExpResidue } from "./core/regexp-residue";
import type { GetSecretValueRequest, GetSecretValueResponse } from "./generated/types";

/** Anything with zod's `parse`: a zod (3 or 4, full or mini) schema, or your own checker. */
export interface SecretSchema<T> {
  /** Returns the value as `T`, or throws (zod's issues, when present, name the paths). */
  parse(value: unknown): T;
}

/** Which version of a secret to read. */
export interface VersionSelector {
  /** A staging label, for example `AWSPREVIOUS`. @default "AWSCURRENT" */
  versionStage?: string | undefined;
  /** A version id. With `versionStage` too, the service requires that the version carries that label. */
  versionId?: string | undefined;
}

/** The GetSecretValue input for a secret and an optional version selector. */
export function secretValueInput(
  secretId: string,
  version: VersionSelector = {},
): GetSecretValueRequest {
  return {
    SecretId: secretId,
    ...(version.versionId === undefined ? {} : { VersionId: version.versionId }),
    ...(version.versionStage === undefined ? {} : { VersionStage: version.versionStage }),
  };
}

export function readString(secretId: string, output: GetSecretValueResponse): string {
  if (output.SecretString === undefined) {
    throw new SecretFormatError(secretId, "has no SecretString (it holds a binary value)", []);
  }
  return output.SecretString;
}

export function readBinary(secretId: string, output: GetSecretValueResponse): Uint8Array {
  if (output.SecretBinary === undefined) {
    throw new SecretFormatError(secretId, "has no SecretBinary (it holds a string value)", []);
  }
  return output.SecretBinary;
}

/** Parses the SecretString as JSON and checks it with `schema`. */
export function readJson<T>(
  secretId: string,
  output: GetSecretValueResponse,
  schema: SecretSchema<T>,
): T {
  const text = readString(secretId, output);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text it choked on: it must not travel.
    throw new SecretFormatError(secretId, "is not valid JSON", []);
  }
  try {
    return schema.parse(value);
  } catch (error) {
    throw new SecretFormatError(secretId, "does not match the schema", describeFailure(error));
  } finally {
    // A schema's patterns (a password's rules, say) ran over the secret's fields.
    clearRegExpResidue();
  }
}

/**
 * Turns a schema failure into issues without the schema's message text, which may quote the
 * value (a custom refinement message can say anything). Zod-shaped issues keep their path and
 * code plus the few fields that describe the rule, not the input.
 */
function describeFailure(error: unknown): ValidationIssue[] {
  // A schema may throw anything, `undefined` included.
  const issues =
    typeof error === "object" && error !== null
      ? (error as { issues?: unknown }).issues
      : undefined;
  if (!Array.isArray(issues) || issues.length === 0) {
    return [{ path: [], code: "schema", message: "rejected by the schema" }];
  }
  return issues.map((raw: unknown) => {
    const issue = raw as Record<string, unknown>;
    const path = Array.isArray(issue["path"])
      ? (issue["path"] as unknown[]).filter(
          (part): part is string | number => typeof part === "string" || typeof part === "number",
        )
      : [];
    const code = typeof issue["code"] === "string" ? issue["code"] : "schema";
    return { path, code, message: describeRule(code, issue) };
  });
}

function describeRule(code: string, issue: Record<string, unknown>): string {
  const expected = typeof issue["expected"] === "string" ? issue["expected"] : undefined;
  const origin = typeof issue["origin"] === "string" ? issue["origin"] : "value";
  switch (code) {
    case "invalid_type":
      return expected === undefined ? "has the wrong type" : `expected ${expected}`;
    case "too_small":
      return `${origin} is too small (minimum ${String(issue["minimum"])})`;
    case "too_big":
      return `${origin} is too big (maximum ${String(issue["maximum"])})`;
    case "invalid_format":
    case "invalid_string":
      return `does not have the expected format${typeof issue["format"] === "string" ? ` (${issue["format"]})` : ""}`;
    case "invalid_value":
    case "invalid_enum_value":
    case "invalid_literal":
      return "is not one of the allowed values";
    case "unrecognized_keys":
      return "has members the schema does not allow";
    case "invalid_union":
      return "matches none of the allowed shapes";
    default:
      return `breaks the schema's rule (${code})`;
  }
}
