/**
 * The errors the emulator answers with. A handler throws a {@link ServiceError}; the server turns
 * it into the service's JSON 1.1 error shape with its status (see {@link errorBody}).
 *
 * Modeled codes come from the generated error classes (their static `kind`), so a rename in the
 * model cannot leave the emulator answering a code the client does not know. Codes the model does
 * not declare (the protocol's own: SerializationException, UnknownOperationException, the
 * signature errors) are written out here, once.
 *
 * Messages never carry a secret value: they name members and rules, not what was sent.
 */
import {
  InternalServiceError,
  InvalidNextTokenException,
  InvalidParameterException,
  InvalidRequestException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  PublicPolicyException,
  ResourceExistsException,
  ResourceNotFoundException,
} from "../generated/errors";

/** An error answer: the code goes in `__type`, the message in `Message` or `message`. */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  /** Whether the service model declares this error (and so its `Message` member). */
  readonly modeled: boolean;

  constructor(code: string, message: string, status = 400, modeled = false) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.modeled = modeled;
  }
}

type Modeled = { readonly kind: string };

function modeled(type: Modeled, message: string, status = 400): ServiceError {
  return new ServiceError(type.kind, message, status, true);
}

/**
 * The JSON body of an error answer. A modeled error carries the model's member, `Message`, as the
 * service sends it (AWS's recorded answers show it, and SDKs read it into `error.Message`); the
 * errors the model does not declare (ValidationException, the protocol's and the signature
 * check's) use `message`, as the service's front end writes them.
 */
export function errorBody(error: ServiceError): string {
  return JSON.stringify(
    error.modeled
      ? { __type: error.code, Message: error.message }
      : { __type: error.code, message: error.message },
  );
}

/** Protocol-level codes, not part of the service model. */
export const ProtocolCode = {
  serialization: "SerializationException",
  validation: "ValidationException",
  unknownOperation: "UnknownOperationException",
  tooLarge: "RequestEntityTooLargeException",
  missingToken: "MissingAuthenticationTokenException",
  incompleteSignature: "IncompleteSignatureException",
  unrecognizedClient: "UnrecognizedClientException",
  invalidSignature: "InvalidSignatureException",
  accessDenied: "AccessDeniedException",
} as const;

// The service's own wording, from its recorded answers (test/aws-recordings).
export const SECRET_NOT_FOUND = "Secrets Manager can't find the specified secret.";
export const MARKED_FOR_DELETION =
  "You can't perform this operation on the secret because it was marked for deletion.";
export const INVALID_NAME =
  "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!";
export const TOKEN_REQUIRED =
  "You must provide a ClientRequestToken value. We recommend a UUID-type value.";
export const NAME_SCHEDULED_FOR_DELETION =
  "You can't create this secret because a secret with this name is already scheduled for deletion.";
export const STAGE_NOT_ON_VERSION =
  "You provided a VersionStage that is not associated to the provided VersionId.";
export const NO_ROTATION_FUNCTION =
  "No Lambda rotation function ARN is associated with this secret.";
export const CANNOT_INVOKE_FUNCTION =
  "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.";

/** ResourceExistsException's wording. */
export function secretExists(name: string): string {
  return `The operation failed because the secret ${name} already exists.`;
}

export const fail = {
  notFound: (message = SECRET_NOT_FOUND) => modeled(ResourceNotFoundException, message),
  invalidParameter: (message: string) => modeled(InvalidParameterException, message),
  invalidRequest: (message: string) => modeled(InvalidRequestException, message),
  exists: (message: string) => modeled(ResourceExistsException, message),
  limitExceeded: (message: string) => modeled(LimitExceededException, message),
  invalidNextToken: () =>
    modeled(InvalidNextTokenException, "The NextToken value is not one this operation issued."),
  malformedPolicy: (message: string) => modeled(MalformedPolicyDocumentException, message),
  publicPolicy: () =>
    modeled(
      PublicPolicyException,
      "The resource policy grants access to every principal, and BlockPublicPolicy is set.",
    ),
  internal: (message = "The emulator failed while handling the request.") =>
    modeled(InternalServiceError, message, 500),
  serialization: (message: string) => new ServiceError(ProtocolCode.serialization, message),
  validation: (message: string) => new ServiceError(ProtocolCode.validation, message),
};
