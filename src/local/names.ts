/**
 * Secret names, and the identifiers (`SecretId`) that name a secret: a name, or an ARN whose
 * resource part is one. A name holds letters, digits and `/_+=.@-`; the service refuses anything
 * else with ValidationException and its own wording, on every operation, before it looks the
 * secret up (AWS's recorded answers show it for CreateSecret, DeleteSecret with
 * ForceDeleteWithoutRecovery, DescribeSecret, GetSecretValue, ListSecretVersionIds,
 * PutSecretValue, TagResource, UntagResource, UpdateSecret and ValidateResourcePolicy).
 */
import { fail, INVALID_NAME } from "./errors";

const NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const ARN_RESOURCE = ":secret:";

/** Refuses a name with a character the service does not allow. */
export function checkSecretName(name: string): void {
  if (!NAME.test(name)) throw fail.validation(INVALID_NAME);
}

/**
 * Refuses a `SecretId` whose name part has such a character. An ARN is checked from its
 * `:secret:` on; an ARN of another resource type is left to the lookup, which finds nothing.
 */
export function checkSecretId(secretId: string): void {
  if (!secretId.startsWith("arn:")) {
    checkSecretName(secretId);
    return;
  }
  const at = secretId.indexOf(ARN_RESOURCE);
  if (at !== -1) checkSecretName(secretId.slice(at + ARN_RESOURCE.length));
}
