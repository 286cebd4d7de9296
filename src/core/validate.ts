/**
 * Checks an operation input against its generated schema (src/generated/schemas.ts) and turns
 * zod's issues into a {@link ValidationError} with our own stable codes, so callers never depend
 * on zod's issue format.
 *
 * Secrets stay out: an issue keeps only its path, our code and the schema's message, which states
 * the rule (the generated schemas never put the value in a message). zod itself leaves the input
 * out of its issues unless asked to include it, and this module never asks.
 */
import type * as z from "zod/mini";
import { ValidationError, type ValidationIssue } from "./errors";

/** Our codes for the rules the model can state. */
export type ValidationCode =
  | "required"
  | "type"
  | "min_length"
  | "max_length"
  | "min_value"
  | "max_value"
  | "min_items"
  | "max_items"
  | "enum"
  | "pattern"
  | "unknown_member";

/**
 * Throws a {@link ValidationError} listing every rule the input breaks; returns when it breaks
 * none. `operation` only names the operation in the message.
 */
export function validateInput(operation: string, schema: z.ZodMiniType, input: unknown): void {
  const result = schema.safeParse(input);
  if (result.success) return;
  const issues = result.error.issues.flatMap((issue) => toIssues(issue, input));
  throw new ValidationError(issues, operation);
}

function toIssues(issue: z.core.$ZodIssue, input: unknown): ValidationIssue[] {
  const path = issue.path.map((part) => (typeof part === "number" ? part : String(part)));
  const issueOf = (code: ValidationCode, message = issue.message): ValidationIssue[] => [
    { path, code, message },
  ];
  switch (issue.code) {
    case "unrecognized_keys":
      // zod reports all unknown members of one object together; we report each where it is.
      return issue.keys.map((key) => ({
        path: [...path, key],
        code: "unknown_member",
        message: issue.message,
      }));
    case "invalid_type":
    case "invalid_value":
    case "custom": {
      // A missing required member fails the type check; tell the two apart by the value.
      if (valueAt(input, path) === undefined) return issueOf("required", "is required");
      return issueOf(issue.code === "invalid_value" ? "enum" : "type");
    }
    case "too_small":
      return issueOf(sizeCode(issue.origin, "min"));
    case "too_big":
      return issueOf(sizeCode(issue.origin, "max"));
    case "invalid_format":
      return issueOf(issue.format === "regex" ? "pattern" : "type");
    default:
      // Not produced by the generated schemas; zod's own text for it is not ours to repeat.
      return issueOf("type", "is not valid");
  }
}

function sizeCode(origin: string, bound: "min" | "max"): ValidationCode {
  switch (origin) {
    case "string":
    case "bytes":
      return bound === "min" ? "min_length" : "max_length";
    case "array":
    case "set":
      return bound === "min" ? "min_items" : "max_items";
    default:
      return bound === "min" ? "min_value" : "max_value";
  }
}

/** The value at `path` in `input`, or `undefined` when any step is missing. */
function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}
