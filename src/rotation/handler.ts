/**
 * The rotation protocol, as AWS's rotation templates run it. Secrets Manager invokes the
 * function once per step and may invoke a step again (a retry, or the next rotation resuming
 * with the same token), so every step first finds out what is already done:
 *
 * - every step: rotation must not be off; the token must be a version of the secret; a version
 *   that is already AWSCURRENT means the rotation finished (nothing to do); any other version
 *   that is not AWSPENDING is refused;
 * - createSecret: a value already stored under the token is kept; otherwise the AWSCURRENT value
 *   with a new password (and, for alternating users, the other user) is stored under the token
 *   with AWSPENDING;
 * - setSecret: nothing to do when the database accepts the pending credentials already;
 *   otherwise the strategy makes it accept them;
 * - testSecret: logs in with the pending credentials;
 * - finishSecret: moves AWSCURRENT to the token's version, naming the version it leaves
 *   (`RemoveFromVersionId`), which becomes AWSPREVIOUS.
 */
import { SecretsManager } from "../client";
import { ValidationError, type ValidationIssue } from "../core/errors";
import { ResourceNotFoundException } from "../generated/errors";
import type { GetRandomPasswordRequest } from "../generated/types";
import { readJson, type SecretSchema, type VersionSelector } from "../secret-value";
import { credentialsSchema, type DatabaseCredentials } from "./credentials";
import type { RotationEvent, RotationStep } from "./event";
import { Redactor } from "./redactor";
import { RotationError } from "./rotation-error";
import { type RotationStrategy, StepFailure } from "./strategy";

const AWSCURRENT = "AWSCURRENT";
const AWSPENDING = "AWSPENDING";
const STEPS: readonly RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

/**
 * Characters left out of generated passwords by default, as in AWS's templates: they break
 * connection strings, URLs and shell quoting.
 */
const EXCLUDED_CHARACTERS = `/@"'\\`;

/** The options of {@link createRotationHandler}. */
export interface RotationHandlerOptions<C extends DatabaseCredentials> {
  /**
   * The client the handler reads and writes the secret with. In tests, one pointed at the
   * emulator. The emulator also passes a client to the handlers it runs; this one is used.
   * @default a `new SecretsManager()` made at the first invocation (Region and credentials from
   * the Lambda environment) and kept
   */
  client?: SecretsManager | undefined;
  /**
   * Checks and types the secret's JSON (a zod schema, or anything with `parse`), as `getJson`
   * does; the adapter gets what it returns. A value that does not match fails the step with a
   * RotationError naming the member and the rule, never the value. Members the schema strips
   * are kept in the stored versions all the same.
   * @default the adapter's schema; without one, `username` and `password` are checked and the
   * other members passed through
   */
  schema?: SecretSchema<C> | undefined;
  /**
   * GetRandomPassword's options for new passwords, over the defaults.
   * @default { PasswordLength: 32, ExcludeCharacters: `/@"'\` }
   */
  password?: GetRandomPasswordRequest | undefined;
}

/** A rotation function: the Lambda handler Secrets Manager invokes once per step. */
export type RotationLambdaHandler = (event: RotationEvent) => Promise<void>;

/**
 * A rotation function for `strategy` ({@link singleUser} or {@link alternatingUsers} with your
 * database's adapter). It resolves when the step is done (or was done already) and rejects
 * with a {@link RotationError} naming the step and the secret otherwise.
 *
 * ```ts
 * export const handler = createRotationHandler(singleUser(postgresAdapter()));
 * ```
 */
export function createRotationHandler<C extends DatabaseCredentials>(
  strategy: RotationStrategy<C>,
  options: RotationHandlerOptions<C> = {},
): RotationLambdaHandler {
  const settings: RotationSettings<C> = {
    strategy,
    // Without any schema only what every strategy needs is checked: the documented default.
    schema: options.schema ?? strategy.schema ?? (credentialsSchema as SecretSchema<C>),
    password: { PasswordLength: 32, ExcludeCharacters: EXCLUDED_CHARACTERS, ...options.password },
  };
  let client = options.client;
  return async (event) => {
    checkEvent(event);
    client ??= new SecretsManager();
    await new Rotation(client, settings, event).run();
  };
}

interface RotationSettings<C extends DatabaseCredentials> {
  strategy: RotationStrategy<C>;
  schema: SecretSchema<C>;
  password: GetRandomPasswordRequest;
}

/** A version read: what the schema returned, and the JSON as stored. */
interface VersionRead<C> {
  value: C;
  json: Record<string, unknown>;
}

/** One invocation: one step of one rotation. */
class Rotation<C extends DatabaseCredentials> {
  readonly #client: SecretsManager;
  readonly #settings: RotationSettings<C>;
  readonly #step: RotationStep;
  readonly #secretId: string;
  readonly #token: string;
  readonly #rotationToken: string | undefined;
  readonly #redactor = new Redactor();
  #versions: Record<string, string[]> = {};

  constructor(client: SecretsManager, settings: RotationSettings<C>, event: RotationEvent) {
    this.#client = client;
    this.#settings = settings;
    this.#step = event.Step;
    this.#secretId = event.SecretId;
    this.#token = event.ClientRequestToken;
    this.#rotationToken = event.RotationToken;
  }

  async run(): Promise<void> {
    try {
      if (!(await this.#stillPending())) return;
      switch (this.#step) {
        case "createSecret":
          return await this.#createSecret();
        case "setSecret":
          return await this.#setSecret();
        case "testSecret":
          return await this.#testSecret();
        case "finishSecret":
          return await this.#finishSecret();
      }
    } catch (error) {
      throw this.#failure(error);
    }
  }

  /** The checks every step starts with; false when the rotation already finished. */
  async #stillPending(): Promise<boolean> {
    const described = await this.#client.describeSecret({ SecretId: this.#secretId });
    if (described.RotationEnabled === false) {
      throw new StepFailure("rotation is not enabled for the secret");
    }
    this.#versions = described.VersionIdsToStages ?? {};
    const stages = this.#versions[this.#token];
    if (stages === undefined) {
      throw new StepFailure(`the secret has no version ${this.#token} (the event's token)`);
    }
    if (stages.includes(AWSCURRENT)) return false;
    if (!stages.includes(AWSPENDING)) {
      throw new StepFailure(`version ${this.#token} is not AWSPENDING`);
    }
    return true;
  }

  async #createSecret(): Promise<void> {
    const { strategy, schema, password } = this.#settings;
    const current = await this.#require({ versionStage: AWSCURRENT });
    const problem = strategy.problemWith(current.json);
    if (problem !== undefined) throw new StepFailure(problem);
    // A retried step: the pending value is stored already, and must not change.
    if (await this.#exists({ versionId: this.#token, versionStage: AWSPENDING })) return;

    const { RandomPassword } = await this.#client.getRandomPassword(password);
    if (RandomPassword === undefined || RandomPassword === "") {
      throw new StepFailure("GetRandomPassword returned no password");
    }
    this.#redactor.add(RandomPassword);
    // Built from the JSON as stored, so that members the schema strips are kept.
    const next = JSON.stringify({
      ...current.json,
      username: strategy.pendingUsername(current.value),
      password: RandomPassword,
    });
    try {
      readJson(this.#secretId, { SecretString: next }, schema);
    } catch (error) {
      throw new StepFailure("the new value would not match the schema", { cause: error });
    }
    await this.#client.putSecretValue({
      SecretId: this.#secretId,
      ClientRequestToken: this.#token,
      SecretString: next,
      VersionStages: [AWSPENDING],
      ...(this.#rotationToken === undefined ? {} : { RotationToken: this.#rotationToken }),
    });
  }

  async #setSecret(): Promise<void> {
    const pending = await this.#require({ versionId: this.#token, versionStage: AWSPENDING });
    const canLogIn = (credentials: C) => this.#canLogIn(credentials);
    // Set by an earlier attempt of this step, or of this rotation.
    if (await canLogIn(pending.value)) return;
    const current = await this.#require({ versionStage: AWSCURRENT });
    await this.#settings.strategy.setSecret({
      current: current.value,
      pending: pending.value,
      currentJson: current.json,
      read: async (versionStage, secretId) => (await this.#read({ versionStage }, secretId))?.value,
      canLogIn,
    });
  }

  async #testSecret(): Promise<void> {
    const pending = await this.#require({ versionId: this.#token, versionStage: AWSPENDING });
    try {
      await this.#settings.strategy.login(pending.value);
    } catch (error) {
      throw new StepFailure("the database refuses the AWSPENDING credentials", { cause: error });
    }
  }

  async #finishSecret(): Promise<void> {
    const current = Object.keys(this.#versions).find((id) =>
      this.#versions[id]?.includes(AWSCURRENT),
    );
    await this.#client.updateSecretVersionStage({
      SecretId: this.#secretId,
      VersionStage: AWSCURRENT,
      MoveToVersionId: this.#token,
      ...(current === undefined ? {} : { RemoveFromVersionId: current }),
    });
  }

  async #canLogIn(credentials: C): Promise<boolean> {
    try {
      await this.#settings.strategy.login(credentials);
      return true;
    } catch {
      return false;
    }
  }

  /** A version of this secret (or of `secretId`), or `undefined` when it does not exist. */
  async #read(
    version: VersionSelector,
    secretId = this.#secretId,
  ): Promise<VersionRead<C> | undefined> {
    let json: Record<string, unknown> = {};
    const schema: SecretSchema<C> = {
      parse: (value) => {
        json = (typeof value === "object" && value !== null ? value : {}) as typeof json;
        // Remembered before the schema runs: whatever happens next must not show it.
        if (typeof json["password"] === "string") this.#redactor.add(json["password"]);
        return this.#settings.schema.parse(value);
      },
    };
    try {
      return { value: await this.#client.getJson(secretId, schema, version), json };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async #require(version: VersionSelector): Promise<VersionRead<C>> {
    const read = await this.#read(version);
    if (read === undefined) {
      const which = version.versionId === undefined ? "" : `${version.versionId} `;
      throw new StepFailure(`the secret has no value for version ${which}${version.versionStage}`);
    }
    return read;
  }

  async #exists(version: VersionSelector): Promise<boolean> {
    try {
      await this.#client.getSecretValue({
        SecretId: this.#secretId,
        VersionId: version.versionId,
        VersionStage: version.versionStage,
      });
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  }

  #failure(error: unknown): RotationError {
    if (error instanceof RotationError) return error;
    const redactor = this.#redactor;
    if (error instanceof StepFailure) {
      const { cause } = error;
      const reason =
        cause === undefined ? error.message : `${error.message} (${redactor.describe(cause)})`;
      return new RotationError(
        this.#step,
        this.#secretId,
        redactor.scrub(reason),
        cause === undefined ? undefined : { cause: redactor.safeCause(cause) },
      );
    }
    return new RotationError(this.#step, this.#secretId, redactor.describe(error), {
      cause: redactor.safeCause(error),
    });
  }
}

/** The event must be what Secrets Manager sends; anything else is refused before any call. */
function checkEvent(event: RotationEvent): void {
  // Typed as the service's event, but it comes from outside: checked as unknown data.
  const fields: Partial<Record<string, unknown>> =
    typeof event === "object" && event !== null ? { ...event } : {};
  const issues: ValidationIssue[] = [];
  if (!STEPS.includes(fields["Step"] as RotationStep)) {
    issues.push({ path: ["Step"], code: "enum", message: `must be one of ${STEPS.join(", ")}` });
  }
  for (const member of ["SecretId", "ClientRequestToken"]) {
    const value = fields[member];
    if (typeof value !== "string" || value === "") {
      issues.push({ path: [member], code: "required", message: "must be a non-empty string" });
    }
  }
  const rotationToken = fields["RotationToken"];
  if (rotationToken !== undefined && typeof rotationToken !== "string") {
    issues.push({
      path: ["RotationToken"],
      code: "type",
      message: "must be a string when present",
    });
  }
  if (issues.length > 0) throw new ValidationError(issues, "RotationEvent");
}
