/**
 * Resource policies: parsing, the checks ValidateResourcePolicy reports, and the "public" test
 * that BlockPublicPolicy applies.
 *
 * The service asks an automated reasoner whether a policy grants access to everyone; the
 * emulator's test is simpler: an `Allow` statement whose principal is `*` (or `{"AWS": "*"}`, or
 * a list holding `*`) and that has no `Condition` is public. The check names reported in
 * ValidationErrors (`POLICY_SYNTAX`, `BROAD_ACCESS`) are the emulator's own.
 */
import type { ValidationErrorsEntry } from "../generated/types";
import { fail } from "./errors";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface PolicyDocument {
  statements: JsonObject[];
  /** Structural problems found, in words. */
  problems: string[];
}

/** Parses a policy; text that is not a JSON object is a MalformedPolicyDocumentException. */
export function parsePolicy(text: string): PolicyDocument {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    throw fail.malformedPolicy("The resource policy is not valid JSON.");
  }
  if (!isObject(parsed)) throw fail.malformedPolicy("The resource policy is not a JSON object.");
  const problems: string[] = [];
  const raw = parsed["Statement"];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (raw === undefined) problems.push("The policy has no Statement.");
  const statements: JsonObject[] = [];
  list.forEach((statement, index) => {
    if (!isObject(statement)) {
      problems.push(`Statement ${index + 1} is not an object.`);
      return;
    }
    statements.push(statement);
    const effect = statement["Effect"];
    if (effect !== "Allow" && effect !== "Deny") {
      problems.push(`Statement ${index + 1} needs an Effect of Allow or Deny.`);
    }
    if (statement["Action"] === undefined && statement["NotAction"] === undefined) {
      problems.push(`Statement ${index + 1} needs an Action or NotAction.`);
    }
    if (statement["Principal"] === undefined && statement["NotPrincipal"] === undefined) {
      problems.push(
        `Statement ${index + 1} needs a Principal: a resource policy names who it applies to.`,
      );
    }
  });
  return { statements, problems };
}

/** Whether an `Allow` statement opens the secret to every principal without a condition. */
export function isPublic(policy: PolicyDocument): boolean {
  return policy.statements.some(
    (statement) =>
      statement["Effect"] === "Allow" &&
      statement["Condition"] === undefined &&
      isEveryone(statement["Principal"]),
  );
}

function isEveryone(principal: Json | undefined): boolean {
  if (principal === "*") return true;
  if (Array.isArray(principal)) return principal.includes("*");
  if (isObject(principal)) {
    const aws = principal["AWS"];
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
  }
  return false;
}

/** What ValidateResourcePolicy reports for a parsed policy. */
export function validationErrors(policy: PolicyDocument): ValidationErrorsEntry[] {
  const errors: ValidationErrorsEntry[] = policy.problems.map((problem) => ({
    CheckName: "POLICY_SYNTAX",
    ErrorMessage: problem,
  }));
  if (isPublic(policy)) {
    errors.push({
      CheckName: "BROAD_ACCESS",
      ErrorMessage: "The policy grants access to every principal.",
    });
  }
  return errors;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
