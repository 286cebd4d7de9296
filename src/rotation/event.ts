/**
 * The event Secrets Manager sends a rotation function. The emulator (`secretsmanager-ts/local`)
 * sends the same one, and re-exports these types from here.
 */

/** The four steps of a rotation, in the order the service runs them. */
export type RotationStep = "createSecret" | "setSecret" | "testSecret" | "finishSecret";

/** The event a rotation function receives, once per step. */
export interface RotationEvent {
  /** Which step to run. */
  Step: RotationStep;
  /** The secret's ARN. */
  SecretId: string;
  /** The id of the version the rotation creates (it carries AWSPENDING). */
  ClientRequestToken: string;
  /**
   * Sent by the service to rotation functions that may run under another account; createSecret
   * passes it on to PutSecretValue. Absent otherwise.
   */
  RotationToken?: string | undefined;
}
