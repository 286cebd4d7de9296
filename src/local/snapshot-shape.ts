/**
 * Checks that a parsed state file has the shape the store relies on, so a damaged or hand-edited
 * file is refused at start instead of failing requests later. A problem is reported as a member
 * path and a rule (`secrets[2].versions[0].stages must be a list of strings`), never a value:
 * the file holds secrets.
 */
import type { StoredReplica, StoredSecret, StoredTag, StoredVersion } from "./store";

/** A member's JSON type. */
type Kind = "string" | "number" | "boolean" | "object" | "list" | "strings";
/** A member's kind; a trailing `?` marks one that may be absent. */
type Rule = Kind | `${Kind}?`;

// Typed by the stored interfaces, so a field added there and not here fails the type check.
const SECRET: Record<keyof StoredSecret, Rule> = {
  arn: "string",
  name: "string",
  description: "string?",
  kmsKeyId: "string?",
  type: "string?",
  owningService: "string?",
  createdDate: "number",
  lastChangedDate: "number",
  lastAccessedDate: "number?",
  deletedDate: "number?",
  deletionDate: "number?",
  rotationEnabled: "boolean?",
  rotationLambdaArn: "string?",
  rotationRules: "object?",
  externalSecretRotationMetadata: "list?",
  externalSecretRotationRoleArn: "string?",
  lastRotatedDate: "number?",
  nextRotationDate: "number?",
  tags: "list",
  tagged: "boolean?",
  versions: "list",
  resourcePolicy: "string?",
  replicas: "list",
};

const VERSION: Record<keyof StoredVersion, Rule> = {
  versionId: "string",
  secretString: "string?",
  secretBinary: "string?",
  stages: "strings",
  createdDate: "number",
  lastAccessedDate: "number?",
};

const TAG: Record<keyof StoredTag, Rule> = { Key: "string", Value: "string" };

const REPLICA: Record<keyof StoredReplica, Rule> = {
  region: "string",
  kmsKeyId: "string?",
  status: "string",
  statusMessage: "string?",
};

const NESTED = { tags: TAG, versions: VERSION, replicas: REPLICA } as const;

/** What is wrong with `parsed` as a state file, or `undefined` when nothing is. */
export function snapshotShapeProblem(parsed: unknown): string | undefined {
  if (!isObject(parsed)) return "the top level must be an object";
  if (parsed["format"] !== 1) return "format must be 1";
  const secrets = parsed["secrets"];
  if (!Array.isArray(secrets)) return "secrets must be a list";
  for (const [index, secret] of secrets.entries()) {
    const at = `secrets[${index}]`;
    const problem = recordProblem(secret, SECRET, at);
    if (problem !== undefined) return problem;
    for (const [member, rules] of Object.entries(NESTED)) {
      const items = (secret as Record<string, unknown[]>)[member] ?? [];
      for (const [position, item] of items.entries()) {
        const nested = recordProblem(item, rules, `${at}.${member}[${position}]`);
        if (nested !== undefined) return nested;
      }
    }
  }
  return undefined;
}

function recordProblem(
  value: unknown,
  rules: Record<string, Rule>,
  at: string,
): string | undefined {
  if (!isObject(value)) return `${at} must be an object`;
  for (const [member, rule] of Object.entries(rules)) {
    const optional = rule.endsWith("?");
    const found = value[member];
    if (found === undefined && optional) continue;
    const kind = (optional ? rule.slice(0, -1) : rule) as Kind;
    if (!hasKind(found, kind)) return `${at}.${member} must be ${DESCRIPTION[kind]}`;
  }
  return undefined;
}

const DESCRIPTION: Record<Kind, string> = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  list: "a list",
  strings: "a list of strings",
};

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case "list":
      return Array.isArray(value);
    case "strings":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "object":
      return isObject(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    default:
      return typeof value === kind;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
