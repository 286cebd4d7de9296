/**
 * Checks a request against the generated schema of its operation, and answers as a JSON 1.1
 * service does:
 * - a member of the wrong JSON type cannot be read at all: SerializationException;
 * - a member that breaks a rule of the model (required, length, range, pattern, enum):
 *   ValidationException, "N validation error(s) detected: ...", one clause per problem.
 *   The service front end checks these before the service sees the request, which is why the
 *   code is ValidationException and not the model's InvalidParameterException; the emulator
 *   keeps InvalidParameterException for rules the model cannot state (RecoveryWindowInDays
 *   with ForceDeleteWithoutRecovery, SecretString with SecretBinary, ...), as the service does.
 * - a member the model does not declare is ignored, as the service ignores it.
 * Messages name the member and the rule, never the value sent.
 */
import { ValidationError, type ValidationIssue } from "../core/errors";
import { validateInput } from "../core/validate";
import type { OperationName } from "../generated/operations";
import { inputSchema } from "../generated/schemas";
import { fail } from "./errors";

export function checkInput(operation: OperationName, input: unknown): void {
  try {
    validateInput(operation, inputSchema(operation), input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.issues.filter((issue) => issue.code !== "unknown_member");
    if (issues.length === 0) return;
    const typeIssue = issues.find((issue) => issue.code === "type");
    if (typeIssue !== undefined) {
      throw fail.serialization(
        `The value at '${wirePath(typeIssue.path)}' is not of the type the operation expects.`,
      );
    }
    const count = `${issues.length} validation error${issues.length === 1 ? "" : "s"} detected`;
    throw fail.validation(`${count}: ${issues.map(clause).join("; ")}`);
  }
}

function clause(issue: ValidationIssue): string {
  const rule = issue.code === "required" ? "must not be null" : issue.message;
  return `Value at '${wirePath(issue.path)}' failed to satisfy constraint: Member ${rule}`;
}

/** `["Filters", 0, "Key"]` → `filters.1.member.key`, the way the service names members. */
function wirePath(path: readonly (string | number)[]): string {
  return path
    .map((part) =>
      typeof part === "number"
        ? `${part + 1}.member`
        : part.charAt(0).toLowerCase() + part.slice(1),
    )
    .join(".");
}
