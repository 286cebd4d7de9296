/**
 * `npm run demo`: a tour of the client through its public API, against the embedded emulator
 * (no AWS account, no network). `npm run demo -- --endpoint http://127.0.0.1:4566` runs the
 * same tour against another endpoint (moto, LocalStack) with test credentials.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  ResourceExistsException,
  ResourceNotFoundException,
  SecretCache,
  SecretsManager,
  ValidationError,
} from "../src/index";
import { type RotationHandler, startLocalSecretsManager } from "../src/local/index";

const ROTATION_LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:demo-rotation";

/** A rotation function, written as AWS's rotation templates are: four steps on AWSPENDING. */
const rotate: RotationHandler = async ({ Step, SecretId, ClientRequestToken }, client) => {
  if (Step === "createSecret") {
    const current = JSON.parse(await client.getString(SecretId));
    const { RandomPassword } = await client.getRandomPassword({
      PasswordLength: 24,
      ExcludePunctuation: true,
    });
    await client.putSecretValue({
      SecretId,
      ClientRequestToken,
      SecretString: JSON.stringify({ ...current, password: RandomPassword }),
      VersionStages: ["AWSPENDING"],
    });
  } else if (Step === "finishSecret") {
    const described = await client.describeSecret({ SecretId });
    const currentVersion = Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) =>
      stages.includes("AWSCURRENT"),
    )?.[0];
    if (currentVersion === ClientRequestToken) return;
    await client.updateSecretVersionStage({
      SecretId,
      VersionStage: "AWSCURRENT",
      MoveToVersionId: ClientRequestToken,
      ...(currentVersion === undefined ? {} : { RemoveFromVersionId: currentVersion }),
    });
  }
  // setSecret would change the database password and testSecret would log in with it.
};

function step(title: string) {
  console.log(`\n== ${title}`);
}

async function tour(client: SecretsManager, canRotate: boolean) {
  const prefix = `demo/${randomUUID().slice(0, 8)}`;

  step("Create a string secret and read it back");
  const created = await client.createSecret({
    Name: `${prefix}/api-key`,
    SecretString: "sk-demo-123",
  });
  console.log(`created ${created.Name} (${created.ARN})`);
  const apiKey = await client.getString(`${prefix}/api-key`);
  console.log(`getString -> ${apiKey.length} characters (values are not printed)`);

  step("A JSON secret, checked and typed by a zod schema");
  const Database = z.object({
    host: z.string(),
    port: z.number(),
    username: z.string(),
    password: z.string(),
  });
  await client.createSecret({
    Name: `${prefix}/db`,
    SecretString: JSON.stringify({
      host: "db.internal",
      port: 5432,
      username: "app",
      password: "initial",
    }),
  });
  const db = await client.getJson(`${prefix}/db`, Database);
  console.log(`getJson -> host ${db.host}, port ${db.port}, user ${db.username}`);

  step("A binary secret round-trips as bytes");
  await client.createSecret({
    Name: `${prefix}/cert`,
    SecretBinary: new Uint8Array([0, 1, 2, 254, 255]),
  });
  const bytes = await client.getBinary(`${prefix}/cert`);
  console.log(`getBinary -> Uint8Array of ${bytes.length} bytes: [${[...bytes].join(", ")}]`);

  step("Put a new version: AWSCURRENT moves, the old value becomes AWSPREVIOUS");
  await client.putSecretValue({ SecretId: `${prefix}/api-key`, SecretString: "sk-demo-456" });
  const versions = await client.listSecretVersionIds({ SecretId: `${prefix}/api-key` });
  for (const version of versions.Versions ?? []) {
    console.log(`version ${version.VersionId}: ${(version.VersionStages ?? []).join(", ")}`);
  }

  step("Paginate: 7 more secrets, listed 3 per page");
  for (let i = 0; i < 7; i++) {
    await client.createSecret({ Name: `${prefix}/batch/${i}`, SecretString: `value-${i}` });
  }
  let page = 0;
  for await (const listing of client.paginateListSecrets(
    { Filters: [{ Key: "name", Values: [`${prefix}/batch/`] }] },
    { pageSize: 3 },
  )) {
    page += 1;
    console.log(
      `page ${page}: ${(listing.SecretList ?? []).map((entry) => entry.Name).join(", ")}`,
    );
  }

  step("Catch error classes");
  try {
    await client.getSecretValue({ SecretId: `${prefix}/does-not-exist` });
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      console.log(`ResourceNotFoundException (request id ${error.$metadata.requestId})`);
    } else throw error;
  }
  try {
    await client.createSecret({ Name: `${prefix}/api-key`, SecretString: "again" });
  } catch (error) {
    if (error instanceof ResourceExistsException)
      console.log("ResourceExistsException on a duplicate name");
    else throw error;
  }
  try {
    await client.getSecretValue({ SecretId: "" });
  } catch (error) {
    if (error instanceof ValidationError)
      console.log(`ValidationError before sending: ${error.issues[0]?.message}`);
    else throw error;
  }

  step("Cache reads with SecretCache");
  const cache = new SecretCache({ client, ttl: 60_000 });
  const first = await cache.getJson(`${prefix}/db`, Database);
  const again = await cache.getJson(`${prefix}/db`, Database);
  console.log(`two getJson calls, one request: same object -> ${first === again}`);

  if (canRotate) {
    step("Rotate with a local rotation handler");
    await client.rotateSecret({
      SecretId: `${prefix}/db`,
      RotationLambdaARN: ROTATION_LAMBDA,
      RotationRules: { AutomaticallyAfterDays: 30 },
    });
    const rotated = await client.getJson(`${prefix}/db`, Database);
    console.log(`password changed by the handler: ${rotated.password !== db.password}`);
    const described = await client.describeSecret({ SecretId: `${prefix}/db` });
    console.log(
      `RotationEnabled ${described.RotationEnabled}, every ${described.RotationRules?.AutomaticallyAfterDays} days`,
    );
  }

  step("Clean up");
  const names = [
    `${prefix}/api-key`,
    `${prefix}/db`,
    `${prefix}/cert`,
    ...Array.from({ length: 7 }, (_, i) => `${prefix}/batch/${i}`),
  ];
  for (const name of names) {
    await client.deleteSecret({ SecretId: name, ForceDeleteWithoutRecovery: true });
  }
  console.log(`deleted ${names.length} secrets`);
}

async function main() {
  const endpointFlag = process.argv.indexOf("--endpoint");
  const external = endpointFlag === -1 ? undefined : process.argv[endpointFlag + 1];
  const credentials = { accessKeyId: "demo", secretAccessKey: "demo-secret-key" };
  if (external !== undefined) {
    console.log(`Touring ${external}`);
    const client = new SecretsManager({
      endpoint: external,
      region: process.env.AWS_REGION ?? "us-east-1",
      credentials,
    });
    try {
      await tour(client, false);
    } finally {
      await client.close();
    }
    return;
  }
  const local = await startLocalSecretsManager({
    credentials,
    rotationHandlers: { [ROTATION_LAMBDA]: rotate },
  });
  console.log(
    `Embedded Secrets Manager emulator at ${local.endpoint} (requests are SigV4-checked)`,
  );
  const client = new SecretsManager({
    endpoint: local.endpoint,
    region: local.region,
    credentials,
  });
  try {
    await tour(client, true);
  } finally {
    await client.close();
    await local.close();
  }
  console.log("\nDone.");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
