import { BrandedError } from "../core/errors";
import type { RotationStep } from "./event";

/**
 * A rotation step failed, or refused to run. The message names the step, the secret and what
 * went wrong; it never carries a password, not even one an adapter's own error quoted (see
 * `Redactor`). Secrets Manager records the message in the function's logs and the rotation
 * stops at this step: AWSCURRENT stays where it was.
 */
export class RotationError extends BrandedError {
  /** @internal The `name`, and the brand `instanceof` checks across package copies. */
  static readonly kind: string = "RotationError";
  /** The step that failed. */
  readonly step: RotationStep;
  /** The secret, as the event named it (its ARN). */
  readonly secretId: string;

  constructor(step: RotationStep, secretId: string, reason: string, options?: { cause?: unknown }) {
    super(`Rotation of secret ${JSON.stringify(secretId)} failed at ${step}: ${reason}`, options);
    this.step = step;
    this.secretId = secretId;
  }
}
