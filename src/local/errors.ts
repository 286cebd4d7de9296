/**
 * The errors the emulator answers with. A handler throws a {@link ServiceError}; the server turns
 * it into the service's JSON 1.1 error shape, `{"__type": code, "message": ...}`, with its status.
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

/** An error answer: the code goes in `__type`, the message in `message`. */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
  }
}

type Modeled = { readonly kind: string };

function modeled(type: Modeled, message: string, status = 400): ServiceError {
  return new ServiceError(type.kind, message, status);
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

export const SECRET_NOT_FOUND = "Secrets Manager can't find the specified secret.";
export const MARKED_FOR_DELETION =
  "You can't perform this operation on the secret because it was marked for deletion.";

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
