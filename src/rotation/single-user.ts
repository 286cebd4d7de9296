/**
 * Single user: the user in the secret gets a new password. Between setSecret and the moment
 * clients read the new AWSCURRENT, connections opened with the old password are refused: fine
 * for clients that read the secret again on an authentication failure, otherwise prefer
 * {@link alternatingUsers}.
 */
import type { DatabaseCredentials, SingleUserAdapter } from "./credentials";
import { type RotationStrategy, StepFailure, sameServer } from "./strategy";

/** Rotation that changes the password of the secret's own user, as that user. */
export function singleUser<C extends DatabaseCredentials>(
  adapter: SingleUserAdapter<C>,
): RotationStrategy<C> {
  return {
    name: "single user",
    schema: adapter.schema,
    problemWith: () => undefined,
    pendingUsername: (current) => current.username,
    login: (credentials) => adapter.login(credentials),
    async setSecret({ current, pending, read, canLogIn }) {
      if (pending.username !== current.username) {
        throw new StepFailure("the AWSPENDING version names another user than AWSCURRENT");
      }
      if (!sameServer(current, pending)) {
        throw new StepFailure("the AWSPENDING version names another server than AWSCURRENT");
      }
      // The user logs in as itself: with AWSCURRENT, or, when an earlier rotation changed the
      // password and failed before finishSecret, with AWSPREVIOUS.
      const candidates = [current, await read("AWSPREVIOUS")];
      for (const as of candidates) {
        if (as === undefined || !(await canLogIn(as))) continue;
        await adapter.setPassword(as, pending.username, pending.password);
        return;
      }
      throw new StepFailure(
        "the database refuses AWSCURRENT and AWSPREVIOUS alike: cannot log in to change the password",
      );
    },
  };
}
