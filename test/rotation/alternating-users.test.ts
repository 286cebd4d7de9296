// Alternating-users rotation against a real PostgreSQL server, run by the emulator's
// RotateSecret: the superuser named by `masterarn` creates `<user>_clone` once, with the
// user's privileges, and the two users take turns; both keep working across rotations.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { alternatingUsers, createRotationHandler } from "../../src/rotation/index";
import { postgresAdapter } from "../../src/rotation/postgres";
import { describeWithPostgres } from "../helpers/postgres";
import { TIMEOUT, useEmulator } from "../local/emulator";
import {
  assertAccepted,
  assertRefused,
  createUser,
  databaseSecret,
  everyStepTwice,
  failedRotation,
  LAMBDA,
  readVersion,
  stagesOf,
  storedPassword,
} from "./setup";

describeWithPostgres("alternating-users rotation against PostgreSQL", (postgres) => {
  const setup = useEmulator();
  let users = 0;

  /** The superuser's secret, then a user with a table it may read and a secret naming both. */
  async function userWithSecret(extra: Record<string, unknown> = {}) {
    const { client } = setup;
    users += 1;
    const username = `alt_${users}`;
    const password = `initial-${randomUUID()}`;
    const { superuser } = postgres();
    const master = await client.createSecret({
      Name: `db/master-${users}`,
      SecretString: databaseSecret(postgres(), superuser.username, superuser.password),
    });
    await createUser(postgres(), username, password);
    await postgres().query(`CREATE TABLE ${username}_orders (id int)`);
    await postgres().query(`INSERT INTO ${username}_orders VALUES (7)`);
    await postgres().query(`GRANT SELECT ON ${username}_orders TO ${username}`);
    const created = await client.createSecret({
      Name: `db/${username}`,
      SecretString: databaseSecret(postgres(), username, password, {
        masterarn: master.ARN,
        ...extra,
      }),
    });
    return { username, password, arn: created.ARN as string, first: created.VersionId as string };
  }

  const handler = () =>
    createRotationHandler(alternatingUsers(postgresAdapter()), { client: setup.client });

  /** Reads the user's table with these credentials: the password works and the privilege is held. */
  async function assertCanRead(username: string, password: string, table: string) {
    const rows = await postgres().queryAs<{ id: number }>(
      username,
      password,
      `SELECT id FROM ${table}`,
    );
    assert.deepEqual(rows, [{ id: 7 }]);
  }

  test(
    "the first rotation creates <user>_clone with the user's privileges; the old user still works",
    TIMEOUT,
    async () => {
      const { client, local } = setup;
      local.setRotationHandler(LAMBDA, handler());
      const user = await userWithSecret();
      const clone = `${user.username}_clone`;

      const first = await client.rotateSecret({ SecretId: user.arn, RotationLambdaARN: LAMBDA });
      const current = await readVersion(client, user.arn);
      assert.equal(current.username, clone);
      assert.equal(
        current.masterarn,
        (await readVersion(client, user.arn, "AWSPREVIOUS")).masterarn,
      );
      await assertAccepted(postgres(), clone, current.password);
      await assertAccepted(postgres(), user.username, user.password);
      await assertCanRead(clone, current.password, `${user.username}_orders`);
      const member = await postgres().query<{ roles: string[] }>(
        "SELECT array_agg(b.rolname)::text[] AS roles FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member JOIN pg_roles b ON b.oid = m.roleid WHERE a.rolname = $1",
        [clone],
      );
      assert.deepEqual(member[0]?.roles, [user.username]);
      assert.deepEqual(await stagesOf(client, user.arn), {
        [user.first]: ["AWSPREVIOUS"],
        [first.VersionId as string]: ["AWSCURRENT", "AWSPENDING"],
      });

      // Second rotation: back to the user, with a new password; the clone keeps its own.
      await client.rotateSecret({ SecretId: user.arn });
      const second = await readVersion(client, user.arn);
      assert.equal(second.username, user.username);
      await assertCanRead(user.username, second.password, `${user.username}_orders`);
      await assertRefused(postgres(), user.username, user.password);
      await assertCanRead(clone, current.password, `${user.username}_orders`);

      // Third: the clone again; the user's password from the second rotation keeps working.
      await client.rotateSecret({ SecretId: user.arn });
      const third = await readVersion(client, user.arn);
      assert.equal(third.username, clone);
      await assertCanRead(clone, third.password, `${user.username}_orders`);
      await assertRefused(postgres(), clone, current.password);
      await assertCanRead(user.username, second.password, `${user.username}_orders`);
    },
  );

  test("each step run twice: the clone created once, its password set once", TIMEOUT, async () => {
    const { client, local } = setup;
    const user = await userWithSecret();
    const clone = `${user.username}_clone`;
    const stored: string[] = [];
    local.setRotationHandler(
      LAMBDA,
      everyStepTwice(handler(), async (event) => {
        if (event.Step === "setSecret") stored.push(await storedPassword(postgres(), clone));
      }),
    );
    const rotated = await client.rotateSecret({ SecretId: user.arn, RotationLambdaARN: LAMBDA });
    assert.equal(stored.length, 2);
    assert.equal(stored[0], stored[1], "the second setSecret changed nothing");
    const current = await readVersion(client, user.arn);
    await assertAccepted(postgres(), clone, current.password);
    assert.deepEqual(await stagesOf(client, user.arn), {
      [user.first]: ["AWSPREVIOUS"],
      [rotated.VersionId as string]: ["AWSCURRENT", "AWSPENDING"],
    });
  });

  test(
    "a secret without masterarn stops createSecret before anything is stored",
    TIMEOUT,
    async () => {
      const { client } = setup;
      const user = await userWithSecret({ masterarn: undefined });
      const token = randomUUID();
      const { rotationError } = await failedRotation(setup, handler(), {
        SecretId: user.arn,
        ClientRequestToken: token,
      });
      assert.equal(rotationError.step, "createSecret");
      assert.match(rotationError.message, /no masterarn/);
      await assert.rejects(
        readVersion(client, user.arn, "AWSPENDING", token),
        (error: Error) => error.name === "ResourceNotFoundException",
      );
    },
  );

  test(
    "a superuser secret for another server is refused: no user created, no password sent",
    TIMEOUT,
    async () => {
      const { client } = setup;
      const elsewhere = await client.createSecret({
        Name: "db/master-elsewhere",
        SecretString: JSON.stringify({
          host: "db.elsewhere.internal",
          port: 5432,
          username: "postgres",
          password: postgres().superuser.password,
        }),
      });
      const user = await userWithSecret({ masterarn: elsewhere.ARN });
      const { rotationError } = await failedRotation(setup, handler(), { SecretId: user.arn });
      assert.equal(rotationError.step, "setSecret");
      assert.match(rotationError.message, /another server/);
      const roles = await postgres().query("SELECT 1 FROM pg_roles WHERE rolname = $1", [
        `${user.username}_clone`,
      ]);
      assert.equal(roles.length, 0);
      assert.equal((await readVersion(client, user.arn)).username, user.username);
    },
  );
});
