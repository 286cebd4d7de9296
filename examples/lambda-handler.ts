/**
 * An AWS Lambda handler that reads database credentials through a SecretCache.
 *
 * Built once per sandbox, outside the handler: the client, the cache and the schema. Each
 * invocation then costs a map lookup while the value is fresh; after the TTL, the first
 * invocation to ask fetches it again (Lambda freezes the process between invocations, so the
 * cache has no timers and refreshes on access).
 */

import { SecretCache, SecretsManager } from "secretsmanager-ts";
import { z } from "zod";

const DatabaseCredentials = z.object({
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  password: z.string(),
});

// Region and credentials come from the Lambda environment (AWS_REGION, AWS_ACCESS_KEY_ID, ...):
// no config file or provider chain is needed.
const client = new SecretsManager();
const secrets = new SecretCache({
  client,
  ttl: 5 * 60_000, // rotated credentials are picked up within five minutes
  refreshAhead: 30_000, // a warm sandbox refreshes before expiry instead of waiting on a miss
  maxStale: 10 * 60_000, // ride out a short Secrets Manager outage on the last good value
});

export async function handler(event: { orderId: string }) {
  const db = await secrets.getJson(
    process.env.DB_SECRET_ID ?? "prod/orders/db",
    DatabaseCredentials,
  );
  // db is typed: { host: string; port: number; username: string; password: string }
  return { orderId: event.orderId, database: `${db.host}:${db.port}` };
}
