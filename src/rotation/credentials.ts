/**
 * What a rotation reads from a secret and hands the database adapter: a JSON object with at
 * least `username` and `password`, as in AWS's JSON structure for database secrets (which adds
 * `host`, `port`, `dbname`, `engine`, and `masterarn` for alternating users).
 */
import type { SecretSchema } from "../secret-value";

/** The members every rotated secret has. */
export interface DatabaseCredentials {
  /** The database user. */
  username: string;
  /** Its password. */
  password: string;
}

/**
 * What a rotation needs from the database, through your driver. Every method opens its own
 * connection (with the credentials given) and closes it before resolving.
 */
export interface DatabaseAdapter<C extends DatabaseCredentials = DatabaseCredentials> {
  /** Logs in with `credentials`; rejects when the database refuses them. */
  login(credentials: C): Promise<void>;
  /** Logged in as `as`, sets the password of the database user `user` (`ALTER ROLE ... PASSWORD`). */
  setPassword(as: C, user: string, password: string): Promise<void>;
  /**
   * Logged in as `as`, creates the login user `user` with the privileges of `template`, unless
   * a user of that name exists already (then it does nothing). Alternating users only.
   */
  createUserLike(as: C, user: string, template: string): Promise<void>;
  /**
   * Checks and types the secrets this adapter reads (a database adapter knows which members
   * it connects with). Used when the handler is given no `schema`.
   * @default username and password checked, other members passed through unchecked
   */
  readonly schema?: SecretSchema<C> | undefined;
}

/** The part of a {@link DatabaseAdapter} that single-user rotation uses. */
export type SingleUserAdapter<C extends DatabaseCredentials = DatabaseCredentials> = Pick<
  DatabaseAdapter<C>,
  "login" | "setPassword" | "schema"
>;

/** One rule a value broke, shaped like a zod issue so that `getJson` reports it by path. */
export interface SchemaIssue {
  path: (string | number)[];
  code: string;
  expected?: string;
  origin?: string;
  minimum?: number;
}

/** The error a hand-written schema throws: `getJson` turns its issues into a SecretFormatError. */
export function schemaFailure(issues: SchemaIssue[]): Error {
  return Object.assign(new Error("The secret does not match the schema"), { issues });
}

/** The JSON value as an object, or the issue saying it is not one. */
export function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw schemaFailure([{ path: [], code: "invalid_type", expected: "object" }]);
  }
  return value as Record<string, unknown>;
}

/** Issues for `username` (a non-empty string) and `password` (a string). */
export function credentialIssues(object: Record<string, unknown>): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const { username, password } = object;
  if (typeof username !== "string") {
    issues.push({ path: ["username"], code: "invalid_type", expected: "string" });
  } else if (username === "") {
    issues.push({ path: ["username"], code: "too_small", origin: "string", minimum: 1 });
  }
  if (typeof password !== "string") {
    issues.push({ path: ["password"], code: "invalid_type", expected: "string" });
  }
  return issues;
}

/** The schema used when neither the handler nor the adapter brings one. */
export const credentialsSchema: SecretSchema<DatabaseCredentials> = {
  parse(value) {
    const object = asObject(value);
    const issues = credentialIssues(object);
    if (issues.length > 0) throw schemaFailure(issues);
    return object as unknown as DatabaseCredentials;
  },
};
