// Type-level compatibility with @aws-sdk/client-secrets-manager (v3), checked by
// `tsc -p test/tsconfig.json --noEmit`; nothing here runs.
//
// For every operation:
// - what a v3 caller passes (its `XCommandInput`, required members given) is accepted by our
//   `XRequest`, so code moving over keeps compiling;
// - what we return (`XResponse`) fits v3's `XCommandOutput` without `$metadata`, so code that
//   consumed v3 results keeps compiling.
// The deliberate differences are at the end, as expected errors; docs/migrating-from-aws-sdk.md
// explains them.
import type * as V3 from "@aws-sdk/client-secrets-manager";
import type { MetadataBearer } from "../../src/core/errors";
import type * as Errors from "../../src/generated/errors";
import type { OperationTypes } from "../../src/generated/operations";
import type * as Ours from "../../src/generated/types";

type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;
type Same<A, B> = [A, B] extends [B, A] ? true : false;

/** Members declared without `?`: v3 marks required members that way, typed `T | undefined`. */
type RequiredKeys<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K;
}[keyof T];

/** A v3 input as a caller that passes v3's own checks builds it: required members present. */
type Given<T> = Omit<T, RequiredKeys<T>> & { [K in RequiredKeys<T>]: Exclude<T[K], undefined> };

type InputFits<V3Input, OurRequest> = Extends<Given<V3Input>, OurRequest>;
type OutputFits<OurResponse, V3Output> = Extends<OurResponse, Omit<V3Output, "$metadata">>;

export type Inputs = [
  Assert<InputFits<V3.BatchGetSecretValueCommandInput, Ours.BatchGetSecretValueRequest>>,
  Assert<InputFits<V3.CancelRotateSecretCommandInput, Ours.CancelRotateSecretRequest>>,
  Assert<InputFits<V3.CreateSecretCommandInput, Ours.CreateSecretRequest>>,
  Assert<InputFits<V3.DeleteResourcePolicyCommandInput, Ours.DeleteResourcePolicyRequest>>,
  Assert<InputFits<V3.DeleteSecretCommandInput, Ours.DeleteSecretRequest>>,
  Assert<InputFits<V3.DescribeSecretCommandInput, Ours.DescribeSecretRequest>>,
  Assert<InputFits<V3.GetRandomPasswordCommandInput, Ours.GetRandomPasswordRequest>>,
  Assert<InputFits<V3.GetResourcePolicyCommandInput, Ours.GetResourcePolicyRequest>>,
  Assert<InputFits<V3.GetSecretValueCommandInput, Ours.GetSecretValueRequest>>,
  Assert<InputFits<V3.ListSecretVersionIdsCommandInput, Ours.ListSecretVersionIdsRequest>>,
  Assert<InputFits<V3.ListSecretsCommandInput, Ours.ListSecretsRequest>>,
  Assert<InputFits<V3.PutResourcePolicyCommandInput, Ours.PutResourcePolicyRequest>>,
  Assert<InputFits<V3.PutSecretValueCommandInput, Ours.PutSecretValueRequest>>,
  Assert<
    InputFits<V3.RemoveRegionsFromReplicationCommandInput, Ours.RemoveRegionsFromReplicationRequest>
  >,
  Assert<InputFits<V3.ReplicateSecretToRegionsCommandInput, Ours.ReplicateSecretToRegionsRequest>>,
  Assert<InputFits<V3.RestoreSecretCommandInput, Ours.RestoreSecretRequest>>,
  Assert<InputFits<V3.RotateSecretCommandInput, Ours.RotateSecretRequest>>,
  Assert<InputFits<V3.StopReplicationToReplicaCommandInput, Ours.StopReplicationToReplicaRequest>>,
  Assert<InputFits<V3.TagResourceCommandInput, Ours.TagResourceRequest>>,
  Assert<InputFits<V3.UntagResourceCommandInput, Ours.UntagResourceRequest>>,
  Assert<InputFits<V3.UpdateSecretCommandInput, Ours.UpdateSecretRequest>>,
  Assert<InputFits<V3.UpdateSecretVersionStageCommandInput, Ours.UpdateSecretVersionStageRequest>>,
  Assert<InputFits<V3.ValidateResourcePolicyCommandInput, Ours.ValidateResourcePolicyRequest>>,
];

export type Outputs = [
  Assert<OutputFits<Ours.BatchGetSecretValueResponse, V3.BatchGetSecretValueCommandOutput>>,
  Assert<OutputFits<Ours.CancelRotateSecretResponse, V3.CancelRotateSecretCommandOutput>>,
  Assert<OutputFits<Ours.CreateSecretResponse, V3.CreateSecretCommandOutput>>,
  Assert<OutputFits<Ours.DeleteResourcePolicyResponse, V3.DeleteResourcePolicyCommandOutput>>,
  Assert<OutputFits<Ours.DeleteSecretResponse, V3.DeleteSecretCommandOutput>>,
  Assert<OutputFits<Ours.DescribeSecretResponse, V3.DescribeSecretCommandOutput>>,
  Assert<OutputFits<Ours.GetRandomPasswordResponse, V3.GetRandomPasswordCommandOutput>>,
  Assert<OutputFits<Ours.GetResourcePolicyResponse, V3.GetResourcePolicyCommandOutput>>,
  Assert<OutputFits<Ours.GetSecretValueResponse, V3.GetSecretValueCommandOutput>>,
  Assert<OutputFits<Ours.ListSecretVersionIdsResponse, V3.ListSecretVersionIdsCommandOutput>>,
  Assert<OutputFits<Ours.ListSecretsResponse, V3.ListSecretsCommandOutput>>,
  Assert<OutputFits<Ours.PutResourcePolicyResponse, V3.PutResourcePolicyCommandOutput>>,
  Assert<OutputFits<Ours.PutSecretValueResponse, V3.PutSecretValueCommandOutput>>,
  Assert<
    OutputFits<
      Ours.RemoveRegionsFromReplicationResponse,
      V3.RemoveRegionsFromReplicationCommandOutput
    >
  >,
  Assert<
    OutputFits<Ours.ReplicateSecretToRegionsResponse, V3.ReplicateSecretToRegionsCommandOutput>
  >,
  Assert<OutputFits<Ours.RestoreSecretResponse, V3.RestoreSecretCommandOutput>>,
  Assert<OutputFits<Ours.RotateSecretResponse, V3.RotateSecretCommandOutput>>,
  Assert<
    OutputFits<Ours.StopReplicationToReplicaResponse, V3.StopReplicationToReplicaCommandOutput>
  >,
  Assert<OutputFits<OperationTypes["TagResource"]["output"], V3.TagResourceCommandOutput>>,
  Assert<OutputFits<OperationTypes["UntagResource"]["output"], V3.UntagResourceCommandOutput>>,
  Assert<OutputFits<Ours.UpdateSecretResponse, V3.UpdateSecretCommandOutput>>,
  Assert<
    OutputFits<Ours.UpdateSecretVersionStageResponse, V3.UpdateSecretVersionStageCommandOutput>
  >,
  Assert<OutputFits<Ours.ValidateResourcePolicyResponse, V3.ValidateResourcePolicyCommandOutput>>,
];

/** The operation table's types are the same as the named ones. */
export type Table = [
  Assert<Same<OperationTypes["GetSecretValue"]["input"], Ours.GetSecretValueRequest>>,
  Assert<Same<OperationTypes["BatchGetSecretValue"]["output"], Ours.BatchGetSecretValueResponse>>,
];

/** Enums are the same unions; nested structures fit both ways where no blob is involved. */
export type Shared = [
  Assert<Same<Ours.FilterNameStringType, V3.FilterNameStringType>>,
  Assert<Same<Ours.SortByType, V3.SortByType>>,
  Assert<Same<Ours.SortOrderType, V3.SortOrderType>>,
  Assert<Same<Ours.StatusType, V3.StatusType>>,
  Assert<Same<Ours.Tag, V3.Tag>>,
  Assert<Same<Ours.Filter, V3.Filter>>,
  Assert<Same<Ours.RotationRulesType, V3.RotationRulesType>>,
  Assert<Same<Ours.ReplicaRegionType, V3.ReplicaRegionType>>,
  Assert<Same<Ours.ReplicationStatusType, V3.ReplicationStatusType>>,
  Assert<Same<Ours.SecretListEntry, V3.SecretListEntry>>,
  Assert<Same<Ours.SecretValueEntry, V3.SecretValueEntry>>,
  Assert<Same<Ours.SecretVersionsListEntry, V3.SecretVersionsListEntry>>,
  Assert<Same<Ours.ExternalSecretRotationMetadataItem, V3.ExternalSecretRotationMetadataItem>>,
  Assert<Same<Ours.APIErrorType, V3.APIErrorType>>,
  Assert<Same<Ours.ValidationErrorsEntry, V3.ValidationErrorsEntry>>,
];

/** What code reads off a modeled error in v3 reads the same off ours. */
interface ErrorFields {
  name: string;
  $fault: "client" | "server";
  Message?: string | undefined;
}
type ErrorFits<Our extends ErrorFields, Theirs extends ErrorFields> = Extends<
  Pick<Our, keyof ErrorFields>,
  Pick<Theirs, keyof ErrorFields>
>;
export type ErrorClasses = [
  Assert<ErrorFits<Errors.DecryptionFailure, V3.DecryptionFailure>>,
  Assert<ErrorFits<Errors.EncryptionFailure, V3.EncryptionFailure>>,
  Assert<ErrorFits<Errors.InternalServiceError, V3.InternalServiceError>>,
  Assert<ErrorFits<Errors.InvalidNextTokenException, V3.InvalidNextTokenException>>,
  Assert<ErrorFits<Errors.InvalidParameterException, V3.InvalidParameterException>>,
  Assert<ErrorFits<Errors.InvalidRequestException, V3.InvalidRequestException>>,
  Assert<ErrorFits<Errors.LimitExceededException, V3.LimitExceededException>>,
  Assert<ErrorFits<Errors.MalformedPolicyDocumentException, V3.MalformedPolicyDocumentException>>,
  Assert<ErrorFits<Errors.PreconditionNotMetException, V3.PreconditionNotMetException>>,
  Assert<ErrorFits<Errors.PublicPolicyException, V3.PublicPolicyException>>,
  Assert<ErrorFits<Errors.ResourceExistsException, V3.ResourceExistsException>>,
  Assert<ErrorFits<Errors.ResourceNotFoundException, V3.ResourceNotFoundException>>,
];

// What a method resolves to, `$metadata` included, fits v3's `XCommandOutput` whole (this
// project compiles with `exactOptionalPropertyTypes`, as a strict user may).
type WithMetadata<K extends keyof OperationTypes> = OperationTypes[K]["output"] & MetadataBearer;
export type WholeOutputs = [
  Assert<Extends<WithMetadata<"GetSecretValue">, V3.GetSecretValueCommandOutput>>,
  Assert<Extends<WithMetadata<"ListSecrets">, V3.ListSecretsCommandOutput>>,
  Assert<Extends<WithMetadata<"CreateSecret">, V3.CreateSecretCommandOutput>>,
  Assert<Extends<MetadataBearer["$metadata"], V3.GetSecretValueCommandOutput["$metadata"]>>,
];

// The checks can fail. Each line below is false, and tsc reports an unused @ts-expect-error if
// it ever turns true.
export type Differences = [
  // v3 types a required member as `T | undefined`; ours needs the value, so v3's raw type
  // does not fit until its required members are given (what `Given` does above).
  // @ts-expect-error SecretId: string | undefined does not fit SecretId: string
  Assert<Extends<V3.GetSecretValueCommandInput, Ours.GetSecretValueRequest>>,
  // On purpose: our requests also take a blob as a string (sent as UTF-8), v3's only Uint8Array.
  // @ts-expect-error SecretBinary: Uint8Array | string does not fit SecretBinary: Uint8Array
  Assert<Extends<Ours.CreateSecretRequest, V3.CreateSecretRequest>>,
  // A wrong type does not pass: a number is not a secret id.
  // @ts-expect-error SecretId: number does not fit SecretId: string
  Assert<Extends<{ SecretId: number }, Ours.GetSecretValueRequest>>,
];
