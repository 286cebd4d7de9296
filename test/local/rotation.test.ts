// Rotation in the emulator: RotateSecret runs the in-process handler registered for the
// secret's RotationLambdaARN through the four steps, the way a rotation Lambda is run; failures
// leave AWSPENDING behind; CancelRotateSecret; RotateImmediately false.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ResourceNotFoundException, type SecretsManager } from "../../src/index";
import {
  type RotationEvent,
  type RotationHandler,
  startLocalSecretsManager,
} from "../../src/local/index";
import {
  clientFor,
  failure,
  rejectsWith,
  TEST_CREDENTIALS,
  TIMEOUT,
  useEmulator,
} from "./emulator";

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db";

/**
 * A rotation function written the way AWS's rotation templates are: it checks the version the
 * service prepared, stores the new value under the token with AWSPENDING, and moves AWSCURRENT
 * in finishSecret.
 */
function templateHandler(
  events: RotationEvent[],
  newValue: string,
  failAt?: string,
): RotationHandler {
  return async (event, client) => {
    events.push(event);
    const { Step, SecretId, ClientRequestToken: token } = event;
    if (Step === failAt) throw new Error(`${Step} broke`);
    const described = await client.describeSecret({ SecretId });
    const stages = described.VersionIdsToStages?.[token];
    if (stages === undefined) throw new Error("the service prepared no version for the token");
    if (stages.includes("AWSCURRENT")) return;
    if (!stages.includes("AWSPENDING")) throw new Error("the version is not pending");
    switch (Step) {
      case "createSecret":
        await client.getSecretValue({ SecretId, VersionStage: "AWSCURRENT" });
        try {
          await client.getSecretValue({ SecretId, VersionId: token, VersionStage: "AWSPENDING" });
        } catch (error) {
          if (!(error instanceof ResourceNotFoundException)) throw error;
          await client.putSecretValue({
            SecretId,
            ClientRequestToken: token,
            SecretString: newValue,
            VersionStages: ["AWSPENDING"],
          });
        }
        return;
      case "setSecret":
      case "testSecret": {
        const pending = await client.getSecretValue({
          SecretId,
          VersionId: token,
          VersionStage: "AWSPENDING",
        });
        assert.equal(pending.SecretString, newValue);
        return;
      }
      case "finishSecret": {
        const current = Object.entries(described.VersionIdsToStages ?? {}).find(([, labels]) =>
          labels.includes("AWSCURRENT"),
        )?.[0];
        await client.updateSecretVersionStage({
          SecretId,
          VersionStage: "AWSCURRENT",
          MoveToVersionId: token,
          RemoveFromVersionId: current,
        });
      }
    }
  };
}

async function stagesOf(client: SecretsManager, secretId: string) {
  return (await client.describeSecret({ SecretId: secretId })).VersionIdsToStages ?? {};
}

describe("rotation", TIMEOUT, () => {
  const setup = useEmulator();

  test("RotateSecret runs the four steps in order and AWSCURRENT moves to the new version", async () => {
    const { client, local } = setup;
    const events: RotationEvent[] = [];
    local.setRotationHandler(LAMBDA, templateHandler(events, "new-password"));
    const created = await client.createSecret({ Name: "db", SecretString: "old-password" });
    const rotated = await client.rotateSecret({
      SecretId: "db",
      RotationLambdaARN: LAMBDA,
      RotationRules: { AutomaticallyAfterDays: 30 },
    });
    const token = rotated.VersionId as string;
    assert.deepEqual(
      events.map((event) => event.Step),
      ["createSecret", "setSecret", "testSecret", "finishSecret"],
    );
    assert.ok(events.every((event) => event.ClientRequestToken === token));
    assert.ok(events.every((event) => event.SecretId === created.ARN));

    const current = await client.getSecretValue({ SecretId: "db" });
    assert.equal(current.SecretString, "new-password");
    assert.equal(current.VersionId, token);
    const previous = await client.getSecretValue({ SecretId: "db", VersionStage: "AWSPREVIOUS" });
    assert.equal(previous.SecretString, "old-password");
    // AWSPENDING stays on the version that is now current: no rotation is in progress.
    assert.deepEqual(await stagesOf(client, "db"), {
      [created.VersionId as string]: ["AWSPREVIOUS"],
      [token]: ["AWSPENDING", "AWSCURRENT"],
    });

    const described = await client.describeSecret({ SecretId: "db" });
    assert.equal(described.RotationEnabled, true);
    assert.equal(described.RotationLambdaARN, LAMBDA);
    assert.deepEqual(described.RotationRules, { AutomaticallyAfterDays: 30 });
    assert.ok(described.LastRotatedDate instanceof Date);
    const days =
      ((described.NextRotationDate?.getTime() ?? 0) - (described.LastRotatedDate?.getTime() ?? 0)) /
      86_400_000;
    assert.equal(days, 30);

    // A second rotation reuses the stored function and rules.
    events.length = 0;
    const again = await client.rotateSecret({ SecretId: "db" });
    assert.equal(events.length, 4);
    assert.equal((await client.getSecretValue({ SecretId: "db" })).VersionId, again.VersionId);
  });

  test("a failing step leaves AWSPENDING, reports the step, and blocks other rotations", async () => {
    const { client, local } = setup;
    const events: RotationEvent[] = [];
    local.setRotationHandler(LAMBDA, templateHandler(events, "next", "setSecret"));
    const created = await client.createSecret({ Name: "db", SecretString: "old" });
    const token = "11111111-2222-3333-4444-555555555555";
    const error = await failure(
      client.rotateSecret({ SecretId: "db", RotationLambdaARN: LAMBDA, ClientRequestToken: token }),
    );
    assert.equal(error.name, "InvalidRequestException");
    assert.match(error.message, /setSecret/);
    assert.deepEqual(
      events.map((event) => event.Step),
      ["createSecret", "setSecret"],
    );
    assert.deepEqual(await stagesOf(client, "db"), {
      [created.VersionId as string]: ["AWSCURRENT"],
      [token]: ["AWSPENDING"],
    });
    assert.equal((await client.getSecretValue({ SecretId: "db" })).SecretString, "old");

    await rejectsWith(
      client.rotateSecret({ SecretId: "db", RotationLambdaARN: LAMBDA }),
      "InvalidRequestException",
    );

    // The same token again retries the unfinished rotation, now with a working function.
    events.length = 0;
    local.setRotationHandler(LAMBDA, templateHandler(events, "next"));
    await client.rotateSecret({ SecretId: "db", ClientRequestToken: token });
    assert.equal(events.length, 4);
    assert.equal((await client.getSecretValue({ SecretId: "db" })).SecretString, "next");
  });

  test("CancelRotateSecret turns rotation off and names the unfinished version", async () => {
    const { client, local } = setup;
    local.setRotationHandler(LAMBDA, templateHandler([], "x", "testSecret"));
    await client.createSecret({ Name: "db", SecretString: "old" });
    const token = "aaaaaaaa-2222-3333-4444-555555555555";
    await rejectsWith(
      client.rotateSecret({ SecretId: "db", RotationLambdaARN: LAMBDA, ClientRequestToken: token }),
      "InvalidRequestException",
    );
    const cancelled = await client.cancelRotateSecret({ SecretId: "db" });
    assert.equal(cancelled.VersionId, token);
    const described = await client.describeSecret({ SecretId: "db" });
    assert.equal(described.RotationEnabled, false);
    assert.equal(described.NextRotationDate, undefined);
    assert.equal(described.RotationLambdaARN, LAMBDA);
  });

  test("RotateImmediately false runs only testSecret, against a placeholder it removes", async () => {
    const { client, local } = setup;
    const events: RotationEvent[] = [];
    local.setRotationHandler(LAMBDA, (event) => {
      events.push(event);
    });
    const created = await client.createSecret({ Name: "db", SecretString: "old" });
    const rotated = await client.rotateSecret({
      SecretId: "db",
      RotationLambdaARN: LAMBDA,
      RotateImmediately: false,
      RotationRules: { ScheduleExpression: "rate(10 days)" },
    });
    assert.equal(rotated.VersionId, undefined);
    assert.deepEqual(
      events.map((event) => event.Step),
      ["testSecret"],
    );
    assert.deepEqual(await stagesOf(client, "db"), {
      [created.VersionId as string]: ["AWSCURRENT"],
    });
    const described = await client.describeSecret({ SecretId: "db" });
    assert.equal(described.RotationEnabled, true);
    assert.equal(described.LastRotatedDate, undefined);
    assert.ok(described.NextRotationDate instanceof Date);
  });

  test("no function configured is InvalidRequestException; none registered is AccessDeniedException", async () => {
    const { client } = setup;
    await client.createSecret({ Name: "db", SecretString: "old" });
    await rejectsWith(client.rotateSecret({ SecretId: "db" }), "InvalidRequestException");
    const error = await failure(
      client.rotateSecret({ SecretId: "db", RotationLambdaARN: `${LAMBDA}-unknown` }),
    );
    assert.equal(error.name, "AccessDeniedException");
    assert.equal((await client.describeSecret({ SecretId: "db" })).RotationEnabled, undefined);
  });

  test("rules with both AutomaticallyAfterDays and ScheduleExpression are InvalidParameterException", async () => {
    const { client, local } = setup;
    local.setRotationHandler(LAMBDA, () => {});
    await client.createSecret({ Name: "db", SecretString: "old" });
    await rejectsWith(
      client.rotateSecret({
        SecretId: "db",
        RotationLambdaARN: LAMBDA,
        RotationRules: { AutomaticallyAfterDays: 1, ScheduleExpression: "rate(1 days)" },
      }),
      "InvalidParameterException",
    );
  });
});

test(
  "handlers given at start run with a client signed with the emulator's credentials",
  TIMEOUT,
  async () => {
    const events: RotationEvent[] = [];
    const local = await startLocalSecretsManager({
      credentials: TEST_CREDENTIALS,
      rotationHandlers: { [LAMBDA]: templateHandler(events, "signed") },
    });
    const client = clientFor(local.endpoint);
    try {
      await client.createSecret({ Name: "db", SecretString: "old" });
      await client.rotateSecret({ SecretId: "db", RotationLambdaARN: LAMBDA });
      assert.equal(events.length, 4);
      assert.equal((await client.getSecretValue({ SecretId: "db" })).SecretString, "signed");
    } finally {
      await client.close();
      await local.close();
    }
  },
);
