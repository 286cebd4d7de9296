/**
 * An HTTP service that reads its database credentials from Secrets Manager.
 *
 * The credentials are a JSON secret (`{ host, port, username, password }`) checked by a zod
 * schema. They are read once at start-up, before the service listens, so a missing or malformed
 * secret stops the service at once instead of failing its first request. After that they come
 * from a SecretCache, and rotated credentials are picked up two ways:
 *
 * - on a schedule: the cache keeps a value for `ttl` and refreshes it in the background during
 *   the last `refreshAhead` milliseconds, so a request rarely waits on Secrets Manager. When the
 *   refreshed credentials differ from the ones the pool was opened with, the service opens a new
 *   pool with them and closes the old one;
 * - on an authentication failure: once a rotation has changed the password, the old one is
 *   refused before the TTL runs out. The service then forgets the cached secret, reads
 *   AWSCURRENT again and retries the query once with the new credentials.
 *
 * With one database user rotated in place (examples/rotation-handler.ts), there is a short
 * window between the rotation's setSecret and finishSecret steps where the database already
 * has the new password and AWSCURRENT still holds the old one; a new connection opened then
 * fails. AWS's "alternating users" strategy closes that window.
 *
 * Run it against the local emulator (AWS_* variables as in docs/local-emulator.md):
 *
 *   DB_SECRET_ID=prod/orders/db PORT=8080 node --import tsx examples/http-service.ts
 *
 * Tests call `startService` with their own client and a port of 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { SecretCache, type SecretCacheOptions, SecretsManager } from "secretsmanager-ts";
import { z } from "zod";

export const DatabaseCredentials = z.object({
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  password: z.string(),
});
export type DatabaseCredentials = z.infer<typeof DatabaseCredentials>;

/** The little the service needs from a database driver's connection pool. */
export interface Database {
  query(sql: string): Promise<unknown[]>;
  close(): Promise<void>;
}

/** Opens a pool with the given credentials (with `pg`: `new pg.Pool({ host, port, user, password })`). */
export type Connect = (credentials: DatabaseCredentials) => Promise<Database>;

export interface ServiceOptions {
  /** The client the credentials are read through; the caller owns it (and closes it). */
  client: SecretsManager;
  /** The secret holding the database credentials. */
  secretId: string;
  /**
   * The port to listen on; 0 picks a free one (read it from the returned `port`).
   * @default 8080
   */
  port?: number | undefined;
  /**
   * The address to listen on.
   * @default "127.0.0.1"
   */
  host?: string | undefined;
  /**
   * Opens a database pool. The default is a stand-in that answers every query with no rows:
   * replace it with your driver.
   */
  connect?: Connect | undefined;
  /** SecretCache options, on top of the defaults below (tests pass a clock as `now`). */
  cache?: Omit<SecretCacheOptions, "client"> | undefined;
}

export interface RunningService {
  /** `http://HOST:PORT` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, drops open connections and closes the database pool. */
  close(): Promise<void>;
}

/** Postgres answers a wrong password with SQLSTATE 28P01 (invalid_password); adapt to your driver. */
export function isAuthFailure(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "28P01";
}

const placeholderDatabase: Connect = async () => ({
  query: async () => [],
  close: async () => {},
});

function sameCredentials(a: DatabaseCredentials, b: DatabaseCredentials): boolean {
  return (
    a.host === b.host && a.port === b.port && a.username === b.username && a.password === b.password
  );
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { secretId } = options;
  const connect = options.connect ?? placeholderDatabase;
  const secrets = new SecretCache({
    client: options.client,
    ttl: 5 * 60_000, // rotated credentials are picked up within five minutes at the latest
    refreshAhead: 60_000, // the last minute refreshes in the background: no request waits
    maxStale: 10 * 60_000, // a short Secrets Manager outage is ridden out on the last good value
    ...options.cache,
  });

  type Pool = { readonly credentials: DatabaseCredentials; readonly database: Database };
  // Start-up: the first read and the first pool, before the service listens.
  const initial = await secrets.getJson(secretId, DatabaseCredentials);
  let active: Pool = { credentials: initial, database: await connect(initial) };
  let reopening: Promise<Pool> | undefined;

  /** The pool for the cached credentials, opening a new one (once) when they changed. */
  async function pool(): Promise<Pool> {
    const credentials = await secrets.getJson(secretId, DatabaseCredentials);
    if (sameCredentials(credentials, active.credentials)) return active;
    reopening ??= (async () => {
      try {
        const next: Pool = { credentials, database: await connect(credentials) };
        const previous = active;
        active = next;
        // Queries already running on the old pool finish; a real driver's end() waits for them.
        previous.database.close().catch(() => {});
        return next;
      } finally {
        reopening = undefined;
      }
    })();
    return reopening;
  }

  async function query(sql: string): Promise<unknown[]> {
    const used = await pool();
    try {
      return await used.database.query(sql);
    } catch (error) {
      if (!isAuthFailure(error)) throw error;
      // The password was rotated under us. Unless another request already switched pools,
      // forget the cached secret so that the next read asks Secrets Manager for AWSCURRENT.
      if (used === active) secrets.invalidate(secretId);
      const fresh = await pool();
      if (fresh === used) throw error; // Secrets Manager has nothing newer: a real auth problem
      return fresh.database.query(sql);
    }
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://service").pathname;
    if (request.method === "GET" && path === "/health") {
      return reply(response, 200, { status: "ok" });
    }
    if (request.method === "GET" && path === "/orders") {
      const orders = await query("SELECT id, status FROM orders ORDER BY id DESC LIMIT 20");
      return reply(response, 200, { orders });
    }
    return reply(response, 404, { error: "not found" });
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      // The error's name only: a driver's message can quote connection details.
      console.error(`request failed: ${(error as Error | null)?.name ?? typeof error}`);
      if (!response.headersSent) reply(response, 503, { error: "database unavailable" });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await active.database.close();
    },
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

// Run directly (not imported): region, credentials and endpoint come from the environment.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const client = new SecretsManager();
  const service = await startService({
    client,
    secretId: process.env.DB_SECRET_ID ?? "prod/orders/db",
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? "127.0.0.1",
  });
  console.log(`listening on ${service.url}`);
  const stop = () => {
    service
      .close()
      .then(() => client.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
