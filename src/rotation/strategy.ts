/**
 * A rotation strategy: the part of a rotation that differs between single-user and
 * alternating-users rotation. The handler runs the protocol (which version, which label, what
 * is already done) and calls the strategy for the rest.
 */
import type { SecretSchema } from "../secret-value";
import type { DatabaseCredentials } from "./credentials";

/** What setSecret hands a strategy. */
export interface SetSecretContext<C extends DatabaseCredentials> {
  /** The secret's AWSCURRENT value, checked by the schema. */
  readonly current: C;
  /** The AWSPENDING value createSecret stored, checked by the schema. The database refuses it so far. */
  readonly pending: C;
  /** The AWSCURRENT value as stored, members the schema leaves out included (`masterarn`). */
  readonly currentJson: Readonly<Record<string, unknown>>;
  /**
   * Reads the version with a label of this secret, or of another one (by ARN or name), checked
   * by the schema; `undefined` when there is no such version.
   */
  read(versionStage: string, secretId?: string): Promise<C | undefined>;
  /** Whether the database accepts these credentials. */
  canLogIn(credentials: C): Promise<boolean>;
}

/** A strategy, as {@link singleUser} and {@link alternatingUsers} make them. */
export interface RotationStrategy<C extends DatabaseCredentials> {
  /** For messages: `single user`, `alternating users`. */
  readonly name: string;
  /** The adapter's schema, if it has one. */
  readonly schema: SecretSchema<C> | undefined;
  /** What is wrong with the AWSCURRENT value for this strategy (a missing member), if anything. */
  problemWith(currentJson: Readonly<Record<string, unknown>>): string | undefined;
  /** The user the new version is for, given the current one. */
  pendingUsername(current: C): string;
  /** Logs in; rejects when the database refuses the credentials. */
  login(credentials: C): Promise<void>;
  /** Makes the database accept the pending credentials. */
  setSecret(context: SetSecretContext<C>): Promise<void>;
}

/**
 * A step cannot go on, for a reason the strategy or the protocol states; `cause` is the error
 * behind it, if any. The handler turns it into a RotationError.
 */
export class StepFailure extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = "StepFailure";
  }
}

/**
 * Whether two secrets name the same database server. Only `host` and `port` (the members of
 * AWS's JSON structure for database secrets) are compared, and only when present: a new
 * password must never be sent to another server than the one it is for.
 */
export function sameServer(a: DatabaseCredentials, b: DatabaseCredentials): boolean {
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  return left["host"] === right["host"] && String(left["port"]) === String(right["port"]);
}
