/**
 * Starts a private `moto_server` (https://github.com/getmoto/moto) per test file, with SigV4
 * signature checking on by default, and hands back an endpoint plus a working access key.
 *
 * How the key is made: moto checks signatures only once `INITIAL_NO_AUTH_ACTION_COUNT` actions
 * have run unauthenticated. We start it with a count of 3 and spend exactly those 3 actions on
 * IAM (CreateUser, PutUserPolicy with an allow-all policy, CreateAccessKey); every later
 * request must carry a valid signature from that key.
 *
 * Wire facts (moto 5.2.1, werkzeug 3.1), checked by test/moto/moto-helper.test.ts:
 * - moto routes a request on `127.0.0.1` by the service named in the Authorization header's
 *   credential scope (`Credential=AKID/date/region/SERVICE/aws4_request`). A request without an
 *   Authorization header falls through to S3, whatever its `X-Amz-Target` says. So the
 *   unauthenticated IAM calls carry a dummy Authorization header naming `iam`.
 * - Every response carries `Connection: close`: moto never keeps a connection alive.
 * - `POST /moto-api/reset` wipes every backend, IAM included, but does not reset moto's action
 *   counter, so with signatures on the old key is gone and no new one could be made. `reset()`
 *   below therefore also calls `POST /moto-api/reset-auth` (body: the count, as text/plain) and
 *   makes a fresh key: after a reset the credentials change (read `credentials` again).
 * - Neither `/moto-api/*` route counts as an action.
 */
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePort, watchServerProcess } from "./server-process";

export interface MotoOptions {
  /**
   * Make moto verify SigV4 signatures (after the 3 actions spent creating the access key).
   * @default true
   */
  signatureChecks?: boolean;
  /**
   * How long to wait for moto to answer before failing, in milliseconds.
   * @default 20000
   */
  startTimeoutMs?: number;
}

export interface MotoCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface MotoServer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly region: "us-east-1";
  /** The current access key. Replaced by `reset()`: read it again after a reset. */
  readonly credentials: MotoCredentials;
  /**
   * Wipes all of moto's state and makes a new access key (see the note at the top of this file).
   * Do not run it concurrently with other requests to this server: with signatures on, a
   * stray request could spend one of the unauthenticated actions the new key needs.
   */
  reset(): Promise<MotoCredentials>;
  /** Kills moto and waits until the process and its pipes are gone. Safe to call twice. */
  stop(): Promise<void>;
}

const REGION = "us-east-1";
const FREE_ACTIONS = 3;
const PORT_ATTEMPTS = 3;
const STDERR_KEPT = 16_000;
const NOT_FOUND =
  "moto_server not found on PATH; install moto[server] to run these tests " +
  '(pip install "moto[server]")';

/** Whether `moto_server` is an executable file somewhere on PATH. */
export function motoAvailable(): { ok: true } | { ok: false; reason: string } {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir === "") continue;
    try {
      accessSync(join(dir, "moto_server"), constants.X_OK);
      return { ok: true };
    } catch {
      // not in this directory
    }
  }
  return { ok: false, reason: NOT_FOUND };
}

/**
 * A `describe` whose tests share one moto server, started before the first test and stopped
 * after the last. Call the getter inside tests (not while declaring them).
 *
 * Without `moto_server`: the suite is skipped with the reason, except on CI
 * (`CI=true`), where it fails so that a broken CI image cannot pass silently.
 */
export function describeWithMoto(
  name: string,
  fn: (moto: () => MotoServer) => void,
  options: MotoOptions = {},
): void {
  const available = motoAvailable();
  if (!available.ok) {
    if (process.env["CI"] === "true") {
      describe(name, () => {
        it("needs moto_server", () => {
          throw new Error(`${available.reason} (CI=true, so this fails instead of skipping)`);
        });
      });
    } else {
      // A skipped leaf (not just a skipped suite) so that the run's summary counts it.
      describe(name, () => {
        it("needs moto_server", { skip: available.reason }, () => {});
      });
    }
    return;
  }
  describe(name, () => {
    let server: MotoServer | undefined;
    const timeout = (options.startTimeoutMs ?? 20_000) * PORT_ATTEMPTS + 5_000;
    before(
      async () => {
        server = await startMoto(options);
      },
      { timeout },
    );
    after(() => server?.stop(), { timeout: 10_000 });
    fn(() => {
      if (server === undefined) throw new Error("moto is not started yet (use it inside a test)");
      return server;
    });
  });
}

/** Starts moto on a free port and creates an access key. Stop it with `stop()`. */
export async function startMoto(options: MotoOptions = {}): Promise<MotoServer> {
  const signatureChecks = options.signatureChecks ?? true;
  const deadlineMs = options.startTimeoutMs ?? 20_000;
  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    const moto = spawnMoto(port, signatureChecks);
    try {
      await waitUntilReady(moto, port, deadlineMs);
    } catch (error) {
      await moto.stop();
      lastError = error;
      // Another process took the port between our probe and moto's bind: try another one.
      if (error instanceof PortTakenError) continue;
      throw error;
    }
    try {
      return await bootstrap(moto, `http://127.0.0.1:${port}`, signatureChecks);
    } catch (error) {
      await moto.stop();
      throw error;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {
  override name = "PortTakenError";
}

interface MotoProcess {
  /** Why the process is gone (exit code, signal or spawn error), once its pipes have closed. */
  ended(): string | undefined;
  /** The last few thousand characters moto wrote to stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

function spawnMoto(port: number, signatureChecks: boolean): MotoProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: "1" };
  delete env["INITIAL_NO_AUTH_ACTION_COUNT"];
  if (signatureChecks) env["INITIAL_NO_AUTH_ACTION_COUNT"] = String(FREE_ACTIONS);

  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // moto logs every request: only the tail of it is kept.
  const watched = watchServerProcess(child, { keptChars: STDERR_KEPT, signalOnExit: "SIGKILL" });
  return {
    ended: () => watched.ended(),
    output: () => watched.output(),
    // moto keeps nothing worth a graceful shutdown, and SIGTERM costs it ~300 ms.
    stop: () => watched.stop("SIGKILL"),
  };
}

async function waitUntilReady(moto: MotoProcess, port: number, deadlineMs: number) {
  // werkzeug prints this line once *it* holds the port. Waiting for it, rather than for any
  // answer on the port, keeps us from talking to someone else's server after losing the race.
  const banner = `Running on http://127.0.0.1:${port}`;
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const ended = moto.ended();
    if (ended !== undefined) {
      const output = moto.output();
      const message = `moto_server on port ${port} ended (${ended})`;
      if (/address already in use|is in use by another program/i.test(output)) {
        throw new PortTakenError(`${message}:\n${output}`);
      }
      throw new Error(`${message}:\n${output}`);
    }
    if (moto.output().includes(banner)) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/moto-api/`, {
          signal: AbortSignal.timeout(2_000),
        });
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // not answering yet
      }
    }
    await sleep(50);
  }
  throw new Error(
    `moto_server did not answer on port ${port} within ${deadlineMs} ms:\n${moto.output()}`,
  );
}

async function bootstrap(
  moto: MotoProcess,
  endpoint: string,
  signatureChecks: boolean,
): Promise<MotoServer> {
  let credentials = await createAccessKey(endpoint);
  let stopped = false;
  return {
    endpoint,
    region: REGION,
    get credentials() {
      return credentials;
    },
    async reset() {
      await motoApi(endpoint, "reset");
      if (signatureChecks) await motoApi(endpoint, "reset-auth", String(FREE_ACTIONS));
      credentials = await createAccessKey(endpoint);
      return credentials;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await moto.stop();
    },
  };
}

async function motoApi(endpoint: string, route: string, body?: string): Promise<void> {
  // reset-auth reads the raw body: a form content type would make flask swallow it.
  const init: RequestInit = { method: "POST", headers: { "content-type": "text/plain" } };
  if (body !== undefined) init.body = body;
  const response = await fetch(`${endpoint}/moto-api/${route}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`moto /moto-api/${route}: ${response.status} ${text}`);
}

const ALLOW_ALL = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});

/** Spends moto's three unauthenticated actions on making an allow-all access key. */
async function createAccessKey(endpoint: string): Promise<MotoCredentials> {
  const userName = "secretsmanager-ts-tests";
  await iam(endpoint, { Action: "CreateUser", UserName: userName });
  await iam(endpoint, {
    Action: "PutUserPolicy",
    UserName: userName,
    PolicyName: "allow-all",
    PolicyDocument: ALLOW_ALL,
  });
  const xml = await iam(endpoint, { Action: "CreateAccessKey", UserName: userName });
  const accessKeyId = xmlText(xml, "AccessKeyId");
  const secretAccessKey = xmlText(xml, "SecretAccessKey");
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error(`moto CreateAccessKey: no key in the response:\n${xml}`);
  }
  return Object.freeze({ accessKeyId, secretAccessKey });
}

async function iam(endpoint: string, params: Record<string, string>): Promise<string> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      // Not checked while moto still grants free actions; it only names the service to route to.
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/iam/aws4_request, " +
        "SignedHeaders=host, Signature=0",
    },
    body: new URLSearchParams({ ...params, Version: "2010-05-08" }).toString(),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`moto IAM ${params["Action"]}: ${response.status}:\n${text}`);
  }
  return text;
}

function xmlText(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
}
