/** @aws-sdk/client-secrets-manager v3, used the way its documentation shows. */
import {
  GetSecretValueCommand,
  paginateListSecrets,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";

export const label = "@aws-sdk/client-secrets-manager";

export function connect(endpoint) {
  return new SecretsManagerClient({ region: "us-east-1", endpoint });
}

export async function getSecretValue(client, id) {
  const output = await client.send(new GetSecretValueCommand({ SecretId: id }));
  return { name: output.Name, value: output.SecretString };
}

export async function listAll(client) {
  const entries = [];
  for await (const page of paginateListSecrets({ client, pageSize: 100 }, {})) {
    for (const secret of page.SecretList ?? []) entries.push(secret);
  }
  return entries;
}

export function close(client) {
  client.destroy();
}
