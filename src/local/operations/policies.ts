/**
 * Resource policies: GetResourcePolicy, PutResourcePolicy, DeleteResourcePolicy,
 * ValidateResourcePolicy (the checks themselves are in ../policy.ts).
 */
import { fail } from "../errors";
import { isPublic, parsePolicy, validationErrors } from "../policy";
import { type Handler, requireSecret } from "./context";

export const getResourcePolicy: Handler<"GetResourcePolicy"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId, { allowDeleted: true });
  return { ARN: secret.arn, Name: secret.name, ResourcePolicy: secret.resourcePolicy };
};

export const putResourcePolicy: Handler<"PutResourcePolicy"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  const policy = parsePolicy(input.ResourcePolicy);
  const [problem] = policy.problems;
  if (problem !== undefined) throw fail.malformedPolicy(problem);
  if (input.BlockPublicPolicy === true && isPublic(policy)) throw fail.publicPolicy();
  secret.resourcePolicy = input.ResourcePolicy;
  secret.lastChangedDate = context.store.now();
  return { ARN: secret.arn, Name: secret.name };
};

export const deleteResourcePolicy: Handler<"DeleteResourcePolicy"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  secret.resourcePolicy = undefined;
  secret.lastChangedDate = context.store.now();
  return { ARN: secret.arn, Name: secret.name };
};

export const validateResourcePolicy: Handler<"ValidateResourcePolicy"> = (input, context) => {
  if (input.SecretId !== undefined) requireSecret(context, input.SecretId, { allowDeleted: true });
  const errors = validationErrors(parsePolicy(input.ResourcePolicy));
  return { PolicyValidationPassed: errors.length === 0, ValidationErrors: errors };
};
