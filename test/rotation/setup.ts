/**
 * What the rotation tests share: the Lambda ARN the emulator runs the handler under, database
 * users made by the superuser, secrets in AWS's JSON structure, and checks on labels and logins.
 */
import assert from "node:assert/strict";
import pg from "pg";
import {
  InvalidRequestException,
  type RotateSecretRequest,
  type SecretsManager,
} from "../../src/index";
import {
  RotationError,
  type RotationEvent,
  type RotationLambdaHandler,
} from "../../src/rotation/index";
import type { PostgresServer } from "../helpers/postgres";
import { failure, type Setup } from "../local/emulator";

export const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate-postgres";

/** PostgreSQL's SQLSTATE for a refused password. */
const INVALID_PASSWORD = "28P01";

/** Creates a login user with a password, as the superuser. */
export async function createUser(
  postgres: PostgresServer,
  username: string,
  password: string,
): Promise<void> {
  await postgres.query(
    `CREATE ROLE ${pg.escapeIdentifier(username)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`,
  );
}

/** A database secret's JSON, as RDS writes it, for a user of this server. */
export function databaseSecret(
  postgres: PostgresServer,
  username: string,
  password: string,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    engine: "postgres",
    host: postgres.host,
    port: postgres.port,
    dbname: "postgres",
    username,
    password,
    ...extra,
  });
}

/** The server refuses this password for this user. */
export async function assertRefused(
  postgres: PostgresServer,
  username: string,
  password: string,
): Promise<void> {
  await assert.rejects(postgres.loginAs(username, password), (error: { code?: string }) => {
    assert.equal(error.code, INVALID_PASSWORD, String(error));
    return true;
  });
}

/** The server accepts this password for this user. */
export async function assertAccepted(
  postgres: PostgresServer,
  username: string,
  password: string,
): Promise<void> {
  assert.equal(await postgres.loginAs(username, password), username);
}

/** What the server stores for a user's password (a SCRAM verifier, normally). */
export async function storedPassword(postgres: PostgresServer, username: string): Promise<string> {
  const rows = await postgres.query<{ rolpassword: string }>(
    "SELECT rolpassword FROM pg_authid WHERE rolname = $1",
    [username],
  );
  return rows[0]?.rolpassword ?? "";
}

/** Each version's labels, sorted, by version id. */
export async function stagesOf(
  client: SecretsManager,
  secretId: string,
): Promise<Record<string, string[]>> {
  const { VersionIdsToStages = {} } = await client.describeSecret({ SecretId: secretId });
  return Object.fromEntries(
    Object.entries(VersionIdsToStages).map(([id, stages]) => [id, [...stages].sort()]),
  );
}

/** A secret's version as JSON: by label, or by id and label. */
export async function readVersion(
  client: SecretsManager,
  secretId: string,
  versionStage = "AWSCURRENT",
  versionId?: string,
): Promise<Record<string, unknown> & { username: string; password: string }> {
  return client.getJson(
    secretId,
    { parse: (value) => value as Record<string, unknown> & { username: string; password: string } },
    { versionStage, versionId },
  );
}

/** Wraps a handler so that the emulator runs every step twice in a row. */
export function everyStepTwice(
  handler: (event: RotationEvent) => Promise<void>,
  afterEach: (event: RotationEvent, run: number) => Promise<void> = async () => {},
): (event: RotationEvent) => Promise<void> {
  return async (event) => {
    for (const run of [1, 2]) {
      await handler(event);
      await afterEach(event, run);
    }
  };
}

/**
 * Registers `handler` under {@link LAMBDA} and runs RotateSecret, which must fail: returns the
 * emulator's InvalidRequestException and the RotationError the handler threw (which the
 * emulator passes on only as text).
 */
export async function failedRotation(
  { client, local }: Setup,
  handler: RotationLambdaHandler,
  input: Omit<RotateSecretRequest, "RotationLambdaARN">,
): Promise<{ serviceError: Error; rotationError: RotationError }> {
  let thrown: unknown;
  local.setRotationHandler(LAMBDA, (event) =>
    handler(event).catch((error: unknown) => {
      thrown = error;
      throw error;
    }),
  );
  const serviceError = await failure(client.rotateSecret({ ...input, RotationLambdaARN: LAMBDA }));
  assert.ok(serviceError instanceof InvalidRequestException, String(serviceError));
  assert.ok(thrown instanceof RotationError, String(thrown));
  assert.ok(serviceError.message.includes(thrown.message), "the emulator repeats the message");
  return { serviceError, rotationError: thrown };
}
