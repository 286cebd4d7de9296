/** Small helpers the scenarios share: reading an answer, listing everything. */
import { type Answer, botoForm, rawJson } from "../answer-form";
import type { Replay } from "../replay";

/** A top-level member of a JSON answer, as text (`""` when absent). */
export function field(answer: Answer, member: string): string {
  const body = rawJson(answer);
  const value =
    typeof body === "object" && body !== null
      ? (body as Record<string, unknown>)[member]
      : undefined;
  return typeof value === "string" ? value : "";
}

/** The answer's JSON body as an object (empty for anything else). */
export function bodyOf(answer: Answer): Record<string, unknown> {
  const body = rawJson(answer);
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
}

/** The error code of an answer (`""` for a success). */
export function errorCode(answer: Answer): string {
  const type = bodyOf(answer)["__type"];
  return typeof type === "string"
    ? ((type.split(":")[0] as string).split("#").pop() as string)
    : "";
}

export interface Listing {
  /** boto3's `build_full_result()`: every page's SecretList, and the last page's metadata. */
  readonly form: Record<string, unknown>;
  readonly names: string[];
  readonly arns: string[];
}

/** Every secret, following NextToken, as boto3's paginator gathers them. */
export async function listAll(
  replay: Replay,
  input: Record<string, unknown> = {},
): Promise<Listing> {
  const secrets: unknown[] = [];
  let nextToken: string | undefined;
  let last: Record<string, unknown> = {};
  for (let page = 0; page < 20; page++) {
    const answer = await replay.call("ListSecrets", { ...input, NextToken: nextToken });
    last = botoForm(answer);
    secrets.push(...((last["SecretList"] as unknown[] | undefined) ?? []));
    nextToken = field(answer, "NextToken") || undefined;
    if (nextToken === undefined) break;
  }
  const entries = secrets as { Name?: string; ARN?: string }[];
  return {
    form: { SecretList: secrets, ResponseMetadata: last["ResponseMetadata"] },
    names: entries.map((entry) => entry.Name ?? ""),
    arns: entries.map((entry) => entry.ARN ?? ""),
  };
}

/** A valid resource policy that is not public: one account's root may read the secret. */
export const ACCOUNT_ROOT_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
    },
  ],
});
