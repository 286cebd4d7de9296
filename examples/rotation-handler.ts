/**
 * A rotation function for database credentials, one user changed in place: the four steps
 * Secrets Manager runs, written the way AWS's rotation templates write them.
 *
 * - createSecret: store new credentials (the current ones with a new random password) as the
 *   version named by the event's token, labelled AWSPENDING;
 * - setSecret: give the database user that password;
 * - testSecret: log in with it;
 * - finishSecret: move AWSCURRENT to the new version (AWSPREVIOUS follows to the old one).
 *
 * Secrets Manager retries a failed step and may call a step twice, so each step checks what is
 * already done before doing it. A step that throws stops the rotation: the new version keeps
 * AWSPENDING, AWSCURRENT stays where it was, and the next rotation with the same token resumes.
 *
 * The event and the client are what a rotation Lambda gets, so the same function runs in AWS and
 * against the emulator (`startLocalSecretsManager({ rotationHandlers })`). In the Lambda:
 *
 *   const client = new SecretsManager();
 *   const rotate = createRotationHandler(myDatabaseAdmin);
 *   export const handler = (event: RotationEvent) => rotate(event, client);
 */
import { ResourceNotFoundException, type SecretsManager } from "secretsmanager-ts";
import { z } from "zod";

export const DatabaseCredentials = z.object({
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  password: z.string(),
});
export type DatabaseCredentials = z.infer<typeof DatabaseCredentials>;

/** The event Secrets Manager sends a rotation function. */
export interface RotationEvent {
  Step: "createSecret" | "setSecret" | "testSecret" | "finishSecret";
  /** The secret's ARN. */
  SecretId: string;
  /** The id of the version this rotation creates. */
  ClientRequestToken: string;
}

/** What the rotation needs from the database, through your driver. */
export interface DatabaseAdmin {
  /** Opens a connection with these credentials and closes it; rejects if they are refused. */
  login(credentials: DatabaseCredentials): Promise<void>;
  /** Logged in as `as`, sets the password of `as.username` (`ALTER USER ... PASSWORD ...`). */
  changePassword(as: DatabaseCredentials, password: string): Promise<void>;
}

/** Characters left out of generated passwords: they break connection strings and shell quoting. */
const EXCLUDED_CHARACTERS = `/@"'\\`;

export function createRotationHandler(database: DatabaseAdmin) {
  return async function rotate(event: RotationEvent, client: SecretsManager): Promise<void> {
    const { Step, SecretId, ClientRequestToken: token } = event;

    // The checks every AWS template starts with: rotation is on, and the token names a
    // version that is pending, not one that is already current (a repeated finishSecret).
    const described = await client.describeSecret({ SecretId });
    if (described.RotationEnabled === false) throw new Error(`rotation is off for ${SecretId}`);
    const versions = described.VersionIdsToStages ?? {};
    const stages = versions[token];
    if (stages === undefined) throw new Error(`no version ${token} in ${SecretId}`);
    if (stages.includes("AWSCURRENT")) return;
    if (!stages.includes("AWSPENDING")) throw new Error(`version ${token} is not AWSPENDING`);

    const pending = { versionId: token, versionStage: "AWSPENDING" };
    switch (Step) {
      case "createSecret": {
        const current = await client.getJson(SecretId, DatabaseCredentials);
        try {
          await client.getSecretValue({ SecretId, VersionId: token, VersionStage: "AWSPENDING" });
          return; // a retried step: the new credentials are already stored
        } catch (error) {
          // Secrets Manager created the pending version without a value: reading it fails.
          if (!(error instanceof ResourceNotFoundException)) throw error;
        }
        const { RandomPassword } = await client.getRandomPassword({
          PasswordLength: 32,
          ExcludeCharacters: EXCLUDED_CHARACTERS,
        });
        if (RandomPassword === undefined) throw new Error("GetRandomPassword returned no password");
        await client.putSecretValue({
          SecretId,
          ClientRequestToken: token,
          SecretString: JSON.stringify({ ...current, password: RandomPassword }),
          VersionStages: ["AWSPENDING"],
        });
        return;
      }

      case "setSecret": {
        const next = await client.getJson(SecretId, DatabaseCredentials, pending);
        if (await canLogIn(database, next)) return; // already set by an earlier attempt
        const current = await client.getJson(SecretId, DatabaseCredentials);
        // Never send the new password to a host other than the one it is for.
        if (next.host !== current.host || next.username !== current.username) {
          throw new Error("the pending credentials name another host or user");
        }
        // Log in with AWSCURRENT; if that is refused (an earlier rotation set the password but
        // never finished), with AWSPREVIOUS.
        const previous = await readOptional(client, SecretId, "AWSPREVIOUS");
        for (const as of [current, previous]) {
          if (as !== undefined && (await canLogIn(database, as))) {
            await database.changePassword(as, next.password);
            return;
          }
        }
        throw new Error("neither AWSCURRENT nor AWSPREVIOUS can log in to the database");
      }

      case "testSecret": {
        // Throws when the database refuses the new password: the rotation stops here.
        await database.login(await client.getJson(SecretId, DatabaseCredentials, pending));
        return;
      }

      case "finishSecret": {
        const current = Object.keys(versions).find((id) => versions[id]?.includes("AWSCURRENT"));
        await client.updateSecretVersionStage({
          SecretId,
          VersionStage: "AWSCURRENT",
          MoveToVersionId: token,
          RemoveFromVersionId: current,
        });
        return;
      }
    }
  };
}

async function canLogIn(database: DatabaseAdmin, credentials: DatabaseCredentials) {
  try {
    await database.login(credentials);
    return true;
  } catch {
    return false;
  }
}

async function readOptional(client: SecretsManager, secretId: string, versionStage: string) {
  try {
    return await client.getJson(secretId, DatabaseCredentials, { versionStage });
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
