/**
 * secretsmanager-ts, as users get it: the repository's build (`npm run build` → dist/), frozen
 * for the run by run.mjs into results/dist-snapshot/ (see lib/snapshot.mjs). Credentials come
 * from the environment, so the AWS provider chain is never imported.
 */
import { SecretsManager } from "../results/dist-snapshot/index.js";

export const label = "secretsmanager-ts";

export function connect(endpoint) {
  return new SecretsManager({ region: "us-east-1", endpoint });
}

export async function getSecretValue(client, id) {
  const output = await client.getSecretValue({ SecretId: id });
  return { name: output.Name, value: output.SecretString };
}

export async function listAll(client) {
  const entries = [];
  for await (const secret of client.paginateListSecrets({}, { pageSize: 100 }).items()) {
    entries.push(secret);
  }
  return entries;
}

export function close(client) {
  return client.close();
}
