/**
 * Alternating users, AWS's scheme: two database users take turns. The first rotation creates
 * `<username>_clone` with the privileges of the secret's user; each rotation then gives the
 * user that is not current a new password and makes it current. The password that just changed
 * is never the one clients hold, so no connection is refused while they catch up.
 *
 * The users are created and their passwords changed by a superuser, whose secret the rotated
 * secret names under `masterarn` (its ARN).
 */
import type { DatabaseAdapter, DatabaseCredentials } from "./credentials";
import { type RotationStrategy, StepFailure, sameServer } from "./strategy";

const CLONE_SUFFIX = "_clone";

/** Rotation that alternates between the secret's user and `<username>_clone`. */
export function alternatingUsers<C extends DatabaseCredentials>(
  adapter: DatabaseAdapter<C>,
): RotationStrategy<C> {
  return {
    name: "alternating users",
    schema: adapter.schema,
    problemWith(currentJson) {
      const masterArn = currentJson["masterarn"];
      return typeof masterArn === "string" && masterArn !== ""
        ? undefined
        : "the secret has no masterarn (the ARN of the superuser's secret), which alternating users need";
    },
    pendingUsername: ({ username }) =>
      username.endsWith(CLONE_SUFFIX)
        ? username.slice(0, -CLONE_SUFFIX.length)
        : `${username}${CLONE_SUFFIX}`,
    login: (credentials) => adapter.login(credentials),
    async setSecret({ current, pending, currentJson, read }) {
      const masterArn = currentJson["masterarn"] as string;
      const master = await read("AWSCURRENT", masterArn);
      if (master === undefined) {
        throw new StepFailure("the superuser's secret (masterarn) has no AWSCURRENT version");
      }
      if (!sameServer(master, current) || !sameServer(pending, current)) {
        throw new StepFailure(
          "the superuser's secret or the AWSPENDING version names another server than AWSCURRENT",
        );
      }
      try {
        await adapter.login(master);
      } catch (error) {
        throw new StepFailure("the database refuses the superuser's credentials", {
          cause: error,
        });
      }
      await adapter.createUserLike(master, pending.username, current.username);
      await adapter.setPassword(master, pending.username, pending.password);
    },
  };
}
