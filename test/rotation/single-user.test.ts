// Single-user rotation of a PostgreSQL password, run by the emulator's RotateSecret through the
// toolkit's handler against a real PostgreSQL server: the four steps, retried steps, a failing
// testSecret resumed with the same token, finishSecret repeated, a secret that does not match
// the schema, and errors that never show a password.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { inspect } from "node:util";
import { z } from "zod";
import type { PutSecretValueRequest } from "../../src/index";
import { createRotationHandler, type RotationEvent, singleUser } from "../../src/rotation/index";
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

describeWithPostgres(
  "single-user rotation against PostgreSQL",
  (postgres) => {
    const setup = useEmulator();
    let users = 0;

    /** A new database user with a password, and a secret holding both. */
    async function userWithSecret(options: { extra?: Record<string, unknown> } = {}) {
      users += 1;
      const username = `single_${users}`;
      const password = `initial-${randomUUID()}`;
      await createUser(postgres(), username, password);
      const created = await setup.client.createSecret({
        Name: `db/${username}`,
        SecretString: databaseSecret(postgres(), username, password, options.extra),
      });
      return { username, password, arn: created.ARN as string, first: created.VersionId as string };
    }

    const handlerFor = (options: Parameters<typeof postgresAdapter>[0] = {}) =>
      createRotationHandler(singleUser(postgresAdapter(options)), { client: setup.client });

    test(
      "RotateSecret runs the four steps: the new password works, the old one is refused",
      TIMEOUT,
      async () => {
        const { client, local } = setup;
        local.setRotationHandler(LAMBDA, handlerFor());
        const user = await userWithSecret({ extra: { note: "kept" } });

        const rotated = await client.rotateSecret({
          SecretId: user.arn,
          RotationLambdaARN: LAMBDA,
        });
        const token = rotated.VersionId as string;

        const current = await readVersion(client, user.arn);
        assert.equal(current.username, user.username);
        assert.equal(current.password.length, 32);
        assert.doesNotMatch(current.password, /[/@"'\\]/);
        assert.equal(current.note, "kept", "members the schema does not know are kept");
        await assertAccepted(postgres(), user.username, current.password);
        await assertRefused(postgres(), user.username, user.password);
        assert.deepEqual(await stagesOf(client, user.arn), {
          [user.first]: ["AWSPREVIOUS"],
          [token]: ["AWSCURRENT", "AWSPENDING"],
        });
        assert.equal((await readVersion(client, user.arn, "AWSPREVIOUS")).password, user.password);

        // The next rotation changes it again; the password of the first one stops working.
        await client.rotateSecret({ SecretId: user.arn });
        const next = await readVersion(client, user.arn);
        await assertAccepted(postgres(), user.username, next.password);
        await assertRefused(postgres(), user.username, current.password);
      },
    );

    test(
      "each step run twice: one pending value, one password change, AWSCURRENT moved once",
      TIMEOUT,
      async () => {
        const { client, local } = setup;
        const user = await userWithSecret();
        const pendingValues: string[] = [];
        const storedAfterSetSecret: string[] = [];
        local.setRotationHandler(
          LAMBDA,
          everyStepTwice(handlerFor(), async (event) => {
            if (event.Step === "createSecret") {
              const pending = await readVersion(
                client,
                user.arn,
                "AWSPENDING",
                event.ClientRequestToken,
              );
              pendingValues.push(pending.password);
            }
            if (event.Step === "setSecret") {
              storedAfterSetSecret.push(await storedPassword(postgres(), user.username));
            }
          }),
        );
        const rotated = await client.rotateSecret({
          SecretId: user.arn,
          RotationLambdaARN: LAMBDA,
        });

        assert.equal(pendingValues.length, 2);
        assert.equal(pendingValues[0], pendingValues[1], "the second createSecret kept the value");
        // A verifier has a random salt: a second ALTER ROLE would have stored a different one.
        assert.equal(storedAfterSetSecret.length, 2);
        assert.equal(storedAfterSetSecret[0], storedAfterSetSecret[1], "setSecret changed it once");
        assert.match(storedAfterSetSecret[0] ?? "", /^SCRAM-SHA-256\$4096:/);
        assert.deepEqual(await stagesOf(client, user.arn), {
          [user.first]: ["AWSPREVIOUS"],
          [rotated.VersionId as string]: ["AWSCURRENT", "AWSPENDING"],
        });
        const current = await readVersion(client, user.arn);
        assert.equal(current.password, pendingValues[0]);
        await assertAccepted(postgres(), user.username, current.password);
        await assertRefused(postgres(), user.username, user.password);
      },
    );

    test(
      "a failing testSecret leaves AWSCURRENT where it was; the next rotation resumes with the same token",
      TIMEOUT,
      async () => {
        const { client, local } = setup;
        const user = await userWithSecret();
        const handler = handlerFor();
        const token = randomUUID();
        const { serviceError, rotationError } = await failedRotation(
          setup,
          async (event) => {
            // The database refuses every login of this user from testSecret on (as when a
            // replica has not caught up with setSecret).
            if (event.Step === "testSecret") {
              await postgres().query(`ALTER ROLE ${user.username} NOLOGIN`);
            }
            await handler(event);
          },
          { SecretId: user.arn, ClientRequestToken: token },
        );
        assert.equal(rotationError.step, "testSecret");
        assert.equal(rotationError.secretId, user.arn);
        assert.match(rotationError.message, /refuses the AWSPENDING credentials/);
        const pending = await readVersion(client, user.arn, "AWSPENDING", token);
        for (const shown of [serviceError.message, inspect(rotationError)]) {
          assert.ok(!shown.includes(pending.password), "the new password is not shown");
          assert.ok(!shown.includes(user.password), "the old password is not shown");
        }
        assert.deepEqual(await stagesOf(client, user.arn), {
          [user.first]: ["AWSCURRENT"],
          [token]: ["AWSPENDING"],
        });
        assert.equal((await readVersion(client, user.arn)).password, user.password);
        const storedBefore = await storedPassword(postgres(), user.username);

        local.setRotationHandler(LAMBDA, handler);
        await postgres().query(`ALTER ROLE ${user.username} LOGIN`);
        const resumed = await client.rotateSecret({
          SecretId: user.arn,
          ClientRequestToken: token,
        });
        assert.equal(resumed.VersionId, token);
        const current = await readVersion(client, user.arn);
        assert.equal(current.password, pending.password, "createSecret kept the stored password");
        assert.equal(await storedPassword(postgres(), user.username), storedBefore, "set once");
        await assertAccepted(postgres(), user.username, current.password);
        assert.deepEqual(await stagesOf(client, user.arn), {
          [user.first]: ["AWSPREVIOUS"],
          [token]: ["AWSCURRENT", "AWSPENDING"],
        });
      },
    );

    test(
      "finishSecret repeated (and any step after the rotation finished) changes nothing",
      TIMEOUT,
      async () => {
        const { client, local } = setup;
        const handler = handlerFor();
        local.setRotationHandler(LAMBDA, handler);
        const user = await userWithSecret();
        const { VersionId } = await client.rotateSecret({
          SecretId: user.arn,
          RotationLambdaARN: LAMBDA,
        });
        const token = VersionId as string;
        // Without AWSPENDING (the label a service may clear once a rotation is done), the
        // version is only AWSCURRENT: a late step must still see the rotation as finished.
        await client.updateSecretVersionStage({
          SecretId: user.arn,
          VersionStage: "AWSPENDING",
          RemoveFromVersionId: token,
        });
        const stages = await stagesOf(client, user.arn);
        assert.deepEqual(stages[token], ["AWSCURRENT"]);
        const stored = await storedPassword(postgres(), user.username);
        const { Versions: versionsBefore = [] } = await client.listSecretVersionIds({
          SecretId: user.arn,
        });

        for (const Step of [
          "finishSecret",
          "finishSecret",
          "createSecret",
          "setSecret",
          "testSecret",
        ] as const) {
          await handler({ Step, SecretId: user.arn, ClientRequestToken: token });
        }
        assert.deepEqual(await stagesOf(client, user.arn), stages);
        assert.equal(await storedPassword(postgres(), user.username), stored);
        const { Versions: versionsAfter = [] } = await client.listSecretVersionIds({
          SecretId: user.arn,
        });
        assert.equal(versionsAfter.length, versionsBefore.length);
      },
    );

    test(
      "a secret that does not match the schema stops createSecret: nothing stored, nothing changed",
      TIMEOUT,
      async () => {
        const { client } = setup;
        const user = await userWithSecret({ extra: { port: "not-a-port" } });
        const token = randomUUID();
        const { rotationError } = await failedRotation(setup, handlerFor(), {
          SecretId: user.arn,
          ClientRequestToken: token,
        });
        assert.equal(rotationError.step, "createSecret");
        assert.match(rotationError.message, /does not match the schema/);
        assert.match(rotationError.message, /port: expected port number/);
        assert.ok(!inspect(rotationError).includes(user.password));
        // The service's placeholder got no value; the database kept its password.
        await assert.rejects(
          client.getSecretValue({
            SecretId: user.arn,
            VersionId: token,
            VersionStage: "AWSPENDING",
          }),
          (error: Error) => error.name === "ResourceNotFoundException",
        );
        await assertAccepted(postgres(), user.username, user.password);

        // The same with the caller's zod schema, here one that wants another database.
        const Orders = z.object({
          host: z.string(),
          port: z.number(),
          username: z.string(),
          password: z.string(),
          dbname: z.literal("orders"),
        });
        const typed = createRotationHandler(singleUser(postgresAdapter()), {
          client,
          schema: Orders,
        });
        const other = await userWithSecret();
        const typedFailure = await failedRotation(setup, typed, { SecretId: other.arn });
        assert.equal(typedFailure.rotationError.step, "createSecret");
        assert.match(
          typedFailure.rotationError.message,
          /dbname: is not one of the allowed values/,
        );
        await assertAccepted(postgres(), other.username, other.password);
      },
    );

    test("user names and passwords are quoted, not pasted into the SQL", TIMEOUT, async () => {
      const { client, local } = setup;
      // Passwords made only of quotes and backslashes, sent as literals (no verifier).
      const handler = createRotationHandler(singleUser(postgresAdapter({ hashPasswords: false })), {
        client,
        password: {
          ExcludeLowercase: true,
          ExcludeUppercase: true,
          ExcludeNumbers: true,
          ExcludeCharacters: "!#$%&()*+,-./:;<=>?@[]^_`{|}~",
        },
      });
      local.setRotationHandler(LAMBDA, handler);
      const username = `o'brien "app"; DROP ROLE postgres; --`;
      await createUser(postgres(), username, "initial-password");
      const { ARN } = await client.createSecret({
        Name: "db/quoted",
        SecretString: databaseSecret(postgres(), username, "initial-password"),
      });
      await client.rotateSecret({ SecretId: ARN as string, RotationLambdaARN: LAMBDA });
      const current = await readVersion(client, ARN as string);
      assert.match(current.password, /^['"\\]{32}$/);
      await assertAccepted(postgres(), username, current.password);
      await assertRefused(postgres(), username, "initial-password");
      assert.equal(await postgres().loginAs("postgres", postgres().superuser.password), "postgres");
    });

    test(
      "the new password never reaches the server's statement log: a SCRAM verifier is sent",
      TIMEOUT,
      async () => {
        const { client, local } = setup;
        const hashed = await userWithSecret();
        local.setRotationHandler(LAMBDA, handlerFor());
        await client.rotateSecret({ SecretId: hashed.arn, RotationLambdaARN: LAMBDA });
        const hashedPassword = (await readVersion(client, hashed.arn)).password;
        await assertAccepted(postgres(), hashed.username, hashedPassword);

        // The check can fail: with hashPasswords off the server logs the statement, password and all.
        const plain = await userWithSecret();
        local.setRotationHandler(
          LAMBDA,
          createRotationHandler(singleUser(postgresAdapter({ hashPasswords: false })), {
            client,
            password: { ExcludePunctuation: true },
          }),
        );
        await client.rotateSecret({ SecretId: plain.arn, RotationLambdaARN: LAMBDA });
        const plainPassword = (await readVersion(client, plain.arn)).password;

        const log = postgres().log();
        assert.match(
          log,
          new RegExp(`ALTER ROLE "${hashed.username}" WITH PASSWORD 'SCRAM-SHA-256\\$4096:`),
        );
        assert.ok(
          !log.includes(hashedPassword),
          "the hashed rotation's password is not in the log",
        );
        assert.ok(log.includes(plainPassword), "the server logs what it is sent");
      },
    );

    test(
      "an adapter error quoting the password is redacted in the RotationError and its cause",
      TIMEOUT,
      async () => {
        const { client } = setup;
        const user = await userWithSecret();
        const adapter = postgresAdapter();
        // A careless adapter that puts its SQL, password included, in its error message.
        const careless = createRotationHandler(
          singleUser({
            ...adapter,
            async setPassword(_as, name, password) {
              throw Object.assign(new Error(`ALTER ROLE ${name} PASSWORD '${password}' failed`), {
                code: "XX000",
                statement: `ALTER ROLE ${name} PASSWORD '${password}'`,
              });
            },
          }),
          { client },
        );
        const token = randomUUID();
        const { serviceError, rotationError } = await failedRotation(setup, careless, {
          SecretId: user.arn,
          ClientRequestToken: token,
        });
        const pending = await readVersion(client, user.arn, "AWSPENDING", token);
        assert.equal(rotationError.step, "setSecret");
        assert.match(
          rotationError.message,
          /\[XX000\]: ALTER ROLE single_\d+ PASSWORD '\[redacted\]' failed/,
        );
        const cause = rotationError.cause as Error & { code?: string };
        assert.equal(cause.code, "XX000");
        for (const shown of [serviceError.message, inspect(rotationError, { depth: 5 })]) {
          assert.ok(!shown.includes(pending.password), `no password in: ${shown}`);
        }
      },
    );

    test(
      "createSecret passes the event's RotationToken on to PutSecretValue",
      TIMEOUT,
      async () => {
        const { client, local } = setup;
        const user = await userWithSecret();
        const puts: PutSecretValueRequest[] = [];
        // The real client, with its PutSecretValue inputs recorded on the way through.
        const recording = new Proxy(client, {
          get(target, property) {
            if (property === "putSecretValue") {
              return (input: PutSecretValueRequest) => {
                puts.push(input);
                return target.putSecretValue(input);
              };
            }
            const value = Reflect.get(target, property, target);
            return typeof value === "function" ? value.bind(target) : value;
          },
        });
        const handler = createRotationHandler(singleUser(postgresAdapter()), { client: recording });
        const rotationToken = `${randomUUID()}-${randomUUID()}`;
        local.setRotationHandler(LAMBDA, (event: RotationEvent) =>
          handler({ ...event, RotationToken: rotationToken }),
        );
        await client.rotateSecret({ SecretId: user.arn, RotationLambdaARN: LAMBDA });
        assert.equal(puts.length, 1);
        assert.equal(puts[0]?.RotationToken, rotationToken);
        assert.deepEqual(puts[0]?.VersionStages, ["AWSPENDING"]);
      },
    );
  },
  { logStatements: true },
);
