// The protocol checks every step starts with, against the emulator: events that are not what
// the service sends, rotation turned off, a token that is no version or not AWSPENDING, and
// the default schema. None of these may reach the database, so the adapter fails if called.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { SecretsManager, ValidationError } from "../../src/index";
import {
  alternatingUsers,
  createRotationHandler,
  type DatabaseAdapter,
  RotationError,
  type RotationEvent,
  singleUser,
} from "../../src/rotation/index";
import { TEST_CREDENTIALS, TIMEOUT, useEmulator } from "../local/emulator";
import { LAMBDA, stagesOf } from "./setup";

const untouchable: DatabaseAdapter = {
  login: async () => assert.fail("the database was reached"),
  setPassword: async () => assert.fail("the database was reached"),
  createUserLike: async () => assert.fail("the database was reached"),
};

const VALUE = JSON.stringify({ host: "db.internal", port: 5432, username: "app", password: "p" });

/** The RotationError a handler rejects with. */
async function rotationError(promise: Promise<void>): Promise<RotationError> {
  const error = await promise.then(
    () => assert.fail("the handler resolved"),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof RotationError, String(error));
  return error;
}

describe("the rotation protocol's checks", TIMEOUT, () => {
  const setup = useEmulator();

  /** A secret whose rotation failed at createSecret: its token's version is AWSPENDING, empty. */
  async function unfinishedRotation(value = VALUE) {
    const { client, local } = setup;
    const created = await client.createSecret({ Name: `db/${randomUUID()}`, SecretString: value });
    const token = randomUUID();
    local.setRotationHandler(LAMBDA, () => {
      throw new Error("not now");
    });
    await assert.rejects(
      client.rotateSecret({
        SecretId: created.ARN as string,
        RotationLambdaARN: LAMBDA,
        ClientRequestToken: token,
      }),
    );
    return { arn: created.ARN as string, first: created.VersionId as string, token };
  }

  test("an event that is not the service's is a ValidationError naming the member; nothing is sent", async () => {
    const { local } = setup;
    let requests = 0;
    const client = new SecretsManager({
      endpoint: local.endpoint,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
      onRequest: () => {
        requests += 1;
      },
    });
    try {
      const handler = createRotationHandler(singleUser(untouchable), { client });
      const bad = { Step: "rotate", SecretId: "", RotationToken: 7 } as unknown as RotationEvent;
      const error = await handler(bad).then(
        () => assert.fail("the handler resolved"),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof ValidationError, String(error));
      assert.deepEqual(
        error.issues.map((issue) => issue.path.join(".")),
        ["Step", "SecretId", "ClientRequestToken", "RotationToken"],
      );
      assert.match(error.message, /Step: must be one of createSecret, setSecret, testSecret/);
      await assert.rejects(handler(undefined as unknown as RotationEvent), ValidationError);
      assert.equal(requests, 0);
    } finally {
      await client.close();
    }
  });

  test("rotation turned off: every step refuses", async () => {
    const { client } = setup;
    const { arn, token } = await unfinishedRotation();
    await client.cancelRotateSecret({ SecretId: arn });
    const handler = createRotationHandler(singleUser(untouchable), { client });
    const error = await rotationError(
      handler({ Step: "createSecret", SecretId: arn, ClientRequestToken: token }),
    );
    assert.equal(error.step, "createSecret");
    assert.equal(error.secretId, arn);
    assert.equal(
      error.message,
      `Rotation of secret ${JSON.stringify(arn)} failed at createSecret: rotation is not enabled for the secret`,
    );
  });

  test("a token that is no version of the secret, or one not AWSPENDING, is refused", async () => {
    const { client } = setup;
    const { arn, first, token } = await unfinishedRotation();
    const handler = createRotationHandler(singleUser(untouchable), { client });

    const unknown = randomUUID();
    const missing = await rotationError(
      handler({ Step: "setSecret", SecretId: arn, ClientRequestToken: unknown }),
    );
    assert.match(missing.message, new RegExp(`has no version ${unknown}`));

    // Finish the rotation by hand: the first version becomes AWSPREVIOUS, neither current nor pending.
    await client.putSecretValue({
      SecretId: arn,
      ClientRequestToken: token,
      SecretString: VALUE,
      VersionStages: ["AWSPENDING"],
    });
    await client.updateSecretVersionStage({
      SecretId: arn,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: token,
      RemoveFromVersionId: first,
    });
    const previous = await rotationError(
      handler({ Step: "finishSecret", SecretId: arn, ClientRequestToken: first }),
    );
    assert.match(previous.message, new RegExp(`version ${first} is not AWSPENDING`));
    // Nothing moved: the refused step did not touch the labels.
    assert.deepEqual(await stagesOf(client, arn), {
      [first]: ["AWSPREVIOUS"],
      [token]: ["AWSCURRENT", "AWSPENDING"],
    });
  });

  test("without a schema, username and password are checked and other members kept", async () => {
    const { client } = setup;
    const handler = createRotationHandler(singleUser(untouchable), { client });
    const broken = await unfinishedRotation(JSON.stringify({ user: "app", password: 5 }));
    const error = await rotationError(
      handler({ Step: "createSecret", SecretId: broken.arn, ClientRequestToken: broken.token }),
    );
    assert.match(error.message, /username: expected string/);
    assert.match(error.message, /password: expected string/);

    const fine = await unfinishedRotation(
      JSON.stringify({ username: "app", password: "p", engine: "custom", options: { a: 1 } }),
    );
    await handler({ Step: "createSecret", SecretId: fine.arn, ClientRequestToken: fine.token });
    const pending = JSON.parse(
      (
        await client.getSecretValue({
          SecretId: fine.arn,
          VersionId: fine.token,
          VersionStage: "AWSPENDING",
        })
      ).SecretString ?? "",
    );
    assert.deepEqual(
      { ...pending, password: "" },
      {
        username: "app",
        password: "",
        engine: "custom",
        options: { a: 1 },
      },
    );
    assert.equal(pending.password.length, 32);
  });

  test("setSecret refuses a pending version for another user or server: no password is sent", async () => {
    const { client } = setup;
    const sent: string[] = [];
    // A database that refuses every login, so setSecret gets as far as choosing what to change.
    const refusing: DatabaseAdapter = {
      login: async () => {
        throw Object.assign(new Error("password authentication failed"), { code: "28P01" });
      },
      setPassword: async (_as, user) => {
        sent.push(user);
      },
      createUserLike: async () => assert.fail("not used by single user"),
    };
    const handler = createRotationHandler(singleUser(refusing), { client });
    const current = JSON.parse(VALUE);
    for (const [pending, reason] of [
      [{ ...current, username: "intruder" }, /names another user than AWSCURRENT/],
      [{ ...current, host: "db.elsewhere" }, /names another server than AWSCURRENT/],
      [current, /refuses AWSCURRENT and AWSPREVIOUS alike/],
    ] as const) {
      const { arn, token } = await unfinishedRotation();
      await client.putSecretValue({
        SecretId: arn,
        ClientRequestToken: token,
        SecretString: JSON.stringify(pending),
        VersionStages: ["AWSPENDING"],
      });
      const error = await rotationError(
        handler({ Step: "setSecret", SecretId: arn, ClientRequestToken: token }),
      );
      assert.equal(error.step, "setSecret");
      assert.match(error.message, reason);
    }
    assert.deepEqual(sent, []);
  });

  test("password options go to GetRandomPassword over the defaults", async () => {
    const { client } = setup;
    const handler = createRotationHandler(alternatingUsers(untouchable), {
      client,
      password: { PasswordLength: 12, ExcludePunctuation: true },
    });
    const { arn, token } = await unfinishedRotation(
      JSON.stringify({ username: "app", password: "p", masterarn: "arn:master" }),
    );
    await handler({ Step: "createSecret", SecretId: arn, ClientRequestToken: token });
    const pending = JSON.parse(
      (await client.getSecretValue({ SecretId: arn, VersionId: token, VersionStage: "AWSPENDING" }))
        .SecretString ?? "",
    );
    assert.equal(pending.username, "app_clone");
    assert.match(pending.password, /^[A-Za-z0-9]{12}$/);
  });
});
