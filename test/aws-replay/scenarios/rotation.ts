/**
 * RotateSecret. The recorded tests rotate with a Lambda function that does what AWS's rotation
 * template does; `templateRotation` below is the emulator's stand-in for it, registered under the
 * target's `rotationFunctionArn`.
 */
import { ResourceNotFoundException } from "../../../src/index";
import type { RotationHandler } from "../../../src/local/index";
import type { Replay, Scenario } from "../replay";
import { field } from "./steps";

const PREFIX = "TestSecretsManager::";

/**
 * A rotation function as AWS's template writes one, with a made-up new value: it checks the
 * version it is asked to rotate to is AWSPENDING; createSecret reads AWSCURRENT and stores the
 * new value under the token unless one is there already; finishSecret moves AWSCURRENT to the
 * token's version and takes AWSPENDING off it.
 */
export const templateRotation: RotationHandler = async (event, client) => {
  const { Step, SecretId, ClientRequestToken: token } = event;
  const described = await client.describeSecret({ SecretId });
  if (described.RotationEnabled !== true) throw new Error("rotation is not turned on");
  const versions = described.VersionIdsToStages ?? {};
  const stages = versions[token];
  if (stages === undefined) throw new Error("the version to rotate to has no label");
  if (stages.includes("AWSCURRENT")) return;
  if (!stages.includes("AWSPENDING")) throw new Error("the version to rotate to is not AWSPENDING");
  if (Step === "createSecret") {
    await client.getSecretValue({ SecretId, VersionStage: "AWSCURRENT" });
    try {
      await client.getSecretValue({ SecretId, VersionId: token, VersionStage: "AWSPENDING" });
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.putSecretValue({
      SecretId,
      ClientRequestToken: token,
      SecretString: `rotated-${token}`,
      VersionStages: ["AWSPENDING"],
    });
  } else if (Step === "finishSecret") {
    const current = Object.keys(versions).find((id) => versions[id]?.includes("AWSCURRENT"));
    await client.updateSecretVersionStage({
      SecretId,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: token,
      RemoveFromVersionId: current,
    });
    await client.updateSecretVersionStage({
      SecretId,
      VersionStage: "AWSPENDING",
      RemoveFromVersionId: token,
    });
  }
};

async function createRotatable(replay: Replay): Promise<string> {
  const name = replay.newName();
  await replay.call("CreateSecret", {
    Name: name,
    SecretString: "my_secret",
    Description: "testing rotation of secrets",
  });
  return name;
}

const rotateOnce = (immediately: "True" | "None"): Scenario => ({
  test: `${PREFIX}test_rotate_secret_with_lambda_success[${immediately}]`,
  async run(replay) {
    const name = await createRotatable(replay);
    replay.expect(
      "rotate_secret_immediately",
      await replay.call("RotateSecret", {
        SecretId: name,
        RotationRules: { AutomaticallyAfterDays: 1 },
        // `None`: left out, so the default (rotate now) applies.
        RotateImmediately: immediately === "True" ? true : undefined,
        RotationLambdaARN: replay.target.rotationFunctionArn,
      }),
    );
    replay.expect(
      "describe_secret_rotated",
      await replay.call("DescribeSecret", { SecretId: name }),
    );
    replay.expect(
      "list_secret_versions_rotated_1",
      await replay.call("ListSecretVersionIds", { SecretId: name }),
    );
  },
});

const rotateTwice: Scenario = {
  test: `${PREFIX}test_rotate_secret_multiple_times_with_lambda_success`,
  async run(replay) {
    const name = await createRotatable(replay);
    // The second rotation names nothing: the function and rules stored by the first apply.
    const inputs = [
      {
        RotationRules: { AutomaticallyAfterDays: 1 },
        RotateImmediately: true,
        RotationLambdaARN: replay.target.rotationFunctionArn,
      },
      {},
    ];
    for (const [index, input] of inputs.entries()) {
      const round = index + 1;
      replay.expect(
        `rotate_secret_immediately_${round}`,
        await replay.call("RotateSecret", { SecretId: name, ...input }),
      );
      replay.expect(
        `describe_secret_rotated_${round}`,
        await replay.call("DescribeSecret", { SecretId: name }),
      );
      replay.expect(
        `list_secret_versions_rotated_1_${round}`,
        await replay.call("ListSecretVersionIds", { SecretId: name }),
      );
      await replay.call("GetSecretValue", { SecretId: name });
    }
  },
};

/** Creates a secret, then asks to rotate it with `lambdaArn` (or none); returns the name. */
async function refusedRotation(replay: Replay, lambdaArn: string | undefined, key: string) {
  const name = replay.newName();
  const created = await replay.call("CreateSecret", { Name: name, SecretString: "init" });
  replay.expect("create_secret", created);
  replay.expect(
    key,
    await replay.call("RotateSecret", {
      SecretId: name,
      RotationRules: { AutomaticallyAfterDays: 1 },
      RotationLambdaARN: lambdaArn,
    }),
  );
  return field(created, "Name");
}

const rotateWithUnusableFunction: Scenario = {
  test: `${PREFIX}test_rotate_secret_invalid_lambda_arn`,
  async run(replay) {
    const arn = `arn:aws:lambda:${replay.target.region}:123456789012:function:rotate_secret_invalid_lambda_arn`;
    const name = await refusedRotation(replay, arn, "rotate_secret_invalid_arn_exc");
    replay.expect("describe_secret", await replay.call("DescribeSecret", { SecretId: name }));
  },
};

const rotateWithoutFunction: Scenario = {
  test: `${PREFIX}test_first_rotate_secret_with_missing_lambda_arn`,
  async run(replay) {
    const name = await refusedRotation(replay, undefined, "rotate_secret_no_arn_exc");
    replay.expect("describe_secret", await replay.call("DescribeSecret", { SecretId: name }));
  },
};

export const ROTATION_SCENARIOS: readonly Scenario[] = [
  rotateOnce("True"),
  rotateOnce("None"),
  rotateTwice,
  rotateWithUnusableFunction,
  rotateWithoutFunction,
];
