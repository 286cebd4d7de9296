/**
 * `secretsmanager-ts/rotation/postgres`: the database adapter for PostgreSQL, through `pg`
 * (node-postgres, an optional peer dependency: install it next to this package). Only this
 * entry loads `pg`, and only when it first connects.
 *
 * ```ts
 * import { alternatingUsers, createRotationHandler } from "secretsmanager-ts/rotation";
 * import { postgresAdapter } from "secretsmanager-ts/rotation/postgres";
 *
 * export const handler = createRotationHandler(alternatingUsers(postgresAdapter({ ssl: true })));
 * ```
 */
import type { ConnectionOptions } from "node:tls";
import type { Client as PgClient } from "pg";
import { ConfigurationError } from "../core/errors";
import type { SecretSchema } from "../secret-value";
import {
  asObject,
  credentialIssues,
  type DatabaseAdapter,
  type DatabaseCredentials,
  type SchemaIssue,
  schemaFailure,
} from "./credentials";
import { canVerifyOnClient, scramSha256Verifier } from "./scram-verifier";

/** A PostgreSQL secret, in AWS's JSON structure for database secrets. */
export interface PostgresCredentials extends DatabaseCredentials {
  /** The server's host name or address. */
  host: string;
  /** The server's port. @default 5432 */
  port?: number | undefined;
  /** The database to connect to. @default the adapter's `database` option */
  dbname?: string | undefined;
}

/** The options of {@link postgresAdapter}. */
export interface PostgresAdapterOptions {
  /**
   * TLS for every connection: `true` verifies the server against Node's CAs; pass
   * `tls.ConnectionOptions` (for example `{ ca }` with your provider's CA bundle) for more.
   * @default false
   */
  ssl?: boolean | ConnectionOptions | undefined;
  /**
   * How long to wait for a connection before failing, in milliseconds.
   * @default 5000
   */
  connectionTimeoutMillis?: number | undefined;
  /**
   * The database to connect to when the secret has no `dbname`.
   * @default "postgres"
   */
  database?: string | undefined;
  /**
   * Send the server a SCRAM-SHA-256 verifier made here instead of the new password, so that the
   * password never reaches the server's statement log or pg_stat_statements. `false` sends the
   * password and lets the server hash it as its `password_encryption` says. Passwords that are
   * not ASCII are always left to the server, whose SASLprep this adapter does not repeat.
   * @default true
   */
  hashPasswords?: boolean | undefined;
}

/** PostgreSQL truncates longer names (NAMEDATALEN - 1). */
const MAX_NAME_BYTES = 63;
/** SQLSTATE duplicate_object: a role created meanwhile by another session. */
const DUPLICATE_OBJECT = "42710";

/**
 * The adapter rotation strategies use to log in to PostgreSQL and change passwords. Every
 * call opens one connection and closes it. User names are quoted as identifiers and passwords
 * as literals by `pg`'s own escaping, never pasted in.
 */
export function postgresAdapter(
  options: PostgresAdapterOptions = {},
): DatabaseAdapter<PostgresCredentials> {
  const settings = checkOptions(options);

  async function withConnection<T>(
    credentials: PostgresCredentials,
    work: (connection: PgClient) => Promise<T>,
  ): Promise<T> {
    const { Client } = await loadPg();
    const connection = new Client({
      host: credentials.host,
      port: credentials.port ?? 5432,
      user: credentials.username,
      password: credentials.password,
      database: credentials.dbname ?? settings.database,
      ssl: settings.ssl,
      connectionTimeoutMillis: settings.connectionTimeoutMillis,
      application_name: "secretsmanager-ts rotation",
    });
    // A connection that breaks between queries emits 'error'; the pending call rejects anyway.
    connection.on("error", () => {});
    await connection.connect();
    try {
      return await work(connection);
    } finally {
      await connection.end().catch(() => {});
    }
  }

  async function passwordLiteral(connection: PgClient, password: string): Promise<string> {
    const sent =
      settings.hashPasswords && canVerifyOnClient(password)
        ? await scramSha256Verifier(password)
        : password;
    return connection.escapeLiteral(sent);
  }

  return {
    schema: postgresSchema,
    async login(credentials) {
      await withConnection(credentials, (connection) => connection.query("SELECT 1"));
    },
    async setPassword(as, user, password) {
      checkName("user", user);
      await withConnection(as, async (connection) => {
        const role = connection.escapeIdentifier(user);
        const literal = await passwordLiteral(connection, password);
        await connection.query(`ALTER ROLE ${role} WITH PASSWORD ${literal}`);
      });
    },
    async createUserLike(as, user, template) {
      checkName("user", user);
      checkName("template", template);
      await withConnection(as, async (connection) => {
        const found = await connection.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [user]);
        if ((found.rowCount ?? 0) > 0) return;
        const role = connection.escapeIdentifier(user);
        // A member of the template's role: it holds what the template holds, now and later.
        const member = `IN ROLE ${connection.escapeIdentifier(template)}`;
        try {
          await connection.query(`CREATE ROLE ${role} WITH LOGIN ${member}`);
        } catch (error) {
          if ((error as { code?: unknown }).code !== DUPLICATE_OBJECT) throw error;
        }
      });
    },
  };
}

/**
 * Checks a PostgreSQL secret: `host` (a non-empty string), `username`, `password`, and when
 * present `port` (a whole number from 1 to 65535, or such a number as text, which is read as
 * a number) and `dbname` (a string). Other members pass through.
 */
export const postgresSchema: SecretSchema<PostgresCredentials> = {
  parse(value) {
    const object = asObject(value);
    const issues: SchemaIssue[] = credentialIssues(object);
    const { host, port, dbname } = object;
    if (typeof host !== "string" || host === "") {
      issues.push({ path: ["host"], code: "invalid_type", expected: "string" });
    }
    const portNumber = typeof port === "string" && /^\d+$/.test(port) ? Number(port) : port;
    if (
      portNumber !== undefined &&
      !(
        Number.isInteger(portNumber) &&
        (portNumber as number) >= 1 &&
        (portNumber as number) <= 65535
      )
    ) {
      issues.push({ path: ["port"], code: "invalid_type", expected: "port number" });
    }
    if (dbname !== undefined && typeof dbname !== "string") {
      issues.push({ path: ["dbname"], code: "invalid_type", expected: "string" });
    }
    if (issues.length > 0) throw schemaFailure(issues);
    const credentials = { ...object } as unknown as PostgresCredentials;
    if (portNumber !== undefined) credentials.port = portNumber as number;
    return credentials;
  },
};

interface PostgresSettings {
  ssl: boolean | ConnectionOptions;
  connectionTimeoutMillis: number;
  database: string;
  hashPasswords: boolean;
}

function checkOptions(options: PostgresAdapterOptions): PostgresSettings {
  const { ssl = false, connectionTimeoutMillis = 5000, database = "postgres" } = options;
  const { hashPasswords = true } = options;
  if (!Number.isInteger(connectionTimeoutMillis) || connectionTimeoutMillis <= 0) {
    throw new ConfigurationError("connectionTimeoutMillis must be a whole number above 0");
  }
  if (typeof database !== "string" || database === "") {
    throw new ConfigurationError("database must be a non-empty string");
  }
  if (typeof ssl !== "boolean" && (typeof ssl !== "object" || ssl === null)) {
    throw new ConfigurationError("ssl must be a boolean or tls.ConnectionOptions");
  }
  if (typeof hashPasswords !== "boolean") {
    throw new ConfigurationError("hashPasswords must be a boolean");
  }
  return { ssl, connectionTimeoutMillis, database, hashPasswords };
}

function checkName(what: string, name: string): void {
  if (name === "" || Buffer.byteLength(name, "utf8") > MAX_NAME_BYTES) {
    throw new RangeError(
      `The ${what} name must be 1 to ${MAX_NAME_BYTES} bytes long (PostgreSQL truncates longer names)`,
    );
  }
}

let pgModule: Promise<typeof import("pg").default> | undefined;

/** `pg`, loaded at the first connection; a clear error when it is not installed. */
function loadPg(): Promise<typeof import("pg").default> {
  pgModule ??= import("pg").then(
    (module) => module.default,
    (error: unknown) => {
      pgModule = undefined;
      throw new ConfigurationError(
        "secretsmanager-ts/rotation/postgres needs the pg package: npm install pg",
        { cause: error },
      );
    },
  );
  return pgModule;
}
