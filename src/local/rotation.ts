/**
 * Rotation functions run in process. Where the service invokes a Lambda function, the emulator
 * calls the handler registered for the secret's RotationLambdaARN, with the same event a
 * rotation Lambda receives and a client pointed at the emulator:
 *
 * ```ts
 * async ({ Step, SecretId, ClientRequestToken }, client) => { ... }
 * ```
 *
 * The steps run one after another, each awaited: createSecret, setSecret, testSecret,
 * finishSecret. The first one that throws stops the rotation; what it left (typically the
 * AWSPENDING version) stays, as it does when a rotation Lambda fails.
 */
import { SecretsManager } from "../client";
import type { RotationEvent, RotationStep } from "../rotation/event";

// The event's canonical definition is the rotation toolkit's (`secretsmanager-ts/rotation`).
export type { RotationEvent, RotationStep };

export const ROTATION_STEPS: readonly RotationStep[] = [
  "createSecret",
  "setSecret",
  "testSecret",
  "finishSecret",
];

/** A rotation function: the in-process stand-in for a rotation Lambda. */
export type RotationHandler = (
  event: RotationEvent,
  client: SecretsManager,
) => Promise<void> | void;

/** A step threw: which one, and what it threw. */
export class RotationStepFailure extends Error {
  readonly step: RotationStep;

  constructor(step: RotationStep, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`The rotation function failed at step ${step}: ${reason}`, { cause });
    this.name = "RotationStepFailure";
    this.step = step;
  }
}

export interface RotationClientSettings {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export class RotationRunner {
  readonly #handlers = new Map<string, RotationHandler>();
  readonly #settings: () => RotationClientSettings;
  #client: SecretsManager | undefined;

  constructor(settings: () => RotationClientSettings, handlers?: Record<string, RotationHandler>) {
    this.#settings = settings;
    for (const [arn, handler] of Object.entries(handlers ?? {})) this.#handlers.set(arn, handler);
  }

  /** Registers (or, with `undefined`, removes) the handler for a rotation Lambda ARN. */
  set(lambdaArn: string, handler: RotationHandler | undefined): void {
    if (handler === undefined) this.#handlers.delete(lambdaArn);
    else this.#handlers.set(lambdaArn, handler);
  }

  get(lambdaArn: string): RotationHandler | undefined {
    return this.#handlers.get(lambdaArn);
  }

  /** Runs `steps` in order; throws {@link RotationStepFailure} at the first that fails. */
  async run(
    handler: RotationHandler,
    steps: readonly RotationStep[],
    secretArn: string,
    token: string,
  ): Promise<void> {
    const client = this.#clientFor();
    for (const step of steps) {
      try {
        await handler({ Step: step, SecretId: secretArn, ClientRequestToken: token }, client);
      } catch (error) {
        throw new RotationStepFailure(step, error);
      }
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
  }

  #clientFor(): SecretsManager {
    if (this.#client === undefined) {
      const { endpoint, region, credentials } = this.#settings();
      this.#client = new SecretsManager({ endpoint, region, credentials });
    }
    return this.#client;
  }
}
