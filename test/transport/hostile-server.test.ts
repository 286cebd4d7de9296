/**
 * Issue 14: the client against endpoints that misbehave on purpose, on both engines. An
 * endless body, a proxy that echoes the request (secret value included) into its error, a
 * Retry-After to honour, a server that resets new connections, a deeply nested body and a
 * refused port. What must hold: memory stays bounded, no secret text reaches an error
 * (message, inspect, stack, JSON) or a log line, no RegExp static keeps a body, a payload or a
 * credential, and the retry rules hold.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { after, afterEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import {
  AbortError,
  NetworkError,
  ResponseTooLargeError,
  SecretsManager,
  type SecretsManagerOptions,
} from "../../src/index";
import { type LocalSecretsManager, startLocalSecretsManager } from "../../src/local/index";
import { type FaultReply, type FaultServer, startFaultServer } from "../helpers/fault-server";

const ENGINES = ["undici", "node"] as const;
const TIMEOUT = { timeout: 60_000 };
const CREDENTIALS = {
  accessKeyId: "AKIDHOSTILETEST",
  secretAccessKey: `sk-${randomBytes(18).toString("hex")}`,
  sessionToken: `tok-${randomBytes(24).toString("hex")}`,
};

/** A secret value no test text could contain by chance. */
function secretMarker(): string {
  return `s3cret-${randomBytes(12).toString("hex")}`;
}

const OK_SECRET = (name: string, value: string): FaultReply => ({
  status: 200,
  body: {
    ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}`,
    Name: name,
    SecretString: value,
  },
});

let servers: FaultServer[] = [];
let clients: SecretsManager[] = [];
afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
  clients = [];
  servers = [];
});

async function serve(script: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> {
  const server = await startFaultServer(script);
  servers.push(server);
  return server;
}

function clientOf(
  engine: (typeof ENGINES)[number],
  endpoint: string,
  options: SecretsManagerOptions = {},
): SecretsManager {
  const client = new SecretsManager({
    endpoint,
    region: "us-east-1",
    credentials: CREDENTIALS,
    http: engine,
    ...options,
  });
  clients.push(client);
  return client;
}

async function failureOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, inspect(error));
    return error as Error & Record<string, unknown>;
  }
  assert.fail("expected the call to fail");
}

/** Every way an error is commonly printed or shipped to a log. */
function renderings(error: Error): string[] {
  const cause = (error as { cause?: unknown }).cause;
  return [
    error.message,
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
    error.stack ?? "",
    JSON.stringify(error),
    cause === undefined ? "" : inspect(cause, { depth: 10, showHidden: true }),
  ];
}

/** A logger that keeps every line at every level. */
function recordingLogger() {
  const lines: string[] = [];
  const keep = (...parts: unknown[]) => {
    lines.push(parts.map((part) => (typeof part === "string" ? part : inspect(part))).join(" "));
  };
  return { lines, logger: { debug: keep, info: keep, warn: keep, error: keep } };
}

const LEGACY_STATICS = [
  "input",
  "$_",
  "lastMatch",
  "$&",
  "lastParen",
  "$+",
  "leftContext",
  "$`",
  "rightContext",
  "$'",
  "$1",
  "$2",
  "$3",
  "$4",
  "$5",
  "$6",
  "$7",
  "$8",
  "$9",
] as const;

/** Asserts no legacy RegExp static holds any of `secrets` (or a long piece of one). */
function assertNoRegExpResidue(secrets: readonly string[], when: string): void {
  const statics = RegExp as unknown as Record<string, unknown>;
  for (const name of LEGACY_STATICS) {
    const value = String(statics[name] ?? "");
    for (const secret of secrets) {
      assert.ok(!value.includes(secret), `${when}: RegExp.${name} holds a secret`);
      if (value.length >= 12) {
        assert.ok(!secret.includes(value), `${when}: RegExp.${name} holds part of a secret`);
      }
    }
  }
}

for (const engine of ENGINES) {
  describe(`hostile endpoints, ${engine} engine: response size`, TIMEOUT, () => {
    test("an endless 200 body: ResponseTooLargeError at the limit, the connection closed, not retried", async () => {
      const server = await serve([
        {
          flood: { status: 200, chunk: '{"SecretString":"'.padEnd(4096, "a"), maxBytes: 512 << 20 },
        },
      ]);
      const client = clientOf(engine, server.url, { maxResponseBytes: 64 * 1024 });
      const failure = await failureOf(client.getSecretValue({ SecretId: "flood" }));
      assert.ok(failure instanceof ResponseTooLargeError, inspect(failure));
      assert.equal(failure.limit, 64 * 1024);
      assert.equal(failure.status, 200);
      assert.match(failure.message, /larger than maxResponseBytes \(65536 bytes\)/);
      assert.equal(server.requests.length, 1, "not retried");
      // The client closed the connection: the flood stopped far short of its 512 MiB.
      const flooded = server.requests[0]?.floodedBytes ?? 0;
      assert.ok(flooded < 64 << 20, `the server wrote ${flooded} bytes`);
    });

    test("an endless 500 body is cut off too, and not retried although a 500 would be", async () => {
      const server = await serve([
        { flood: { status: 500, chunk: "<html>".padEnd(4096, "x"), maxBytes: 512 << 20 } },
      ]);
      const client = clientOf(engine, server.url, { maxResponseBytes: 32 * 1024 });
      const failure = await failureOf(client.getSecretValue({ SecretId: "flood" }));
      assert.ok(failure instanceof ResponseTooLargeError, inspect(failure));
      assert.equal(failure.status, 500);
      assert.equal(server.requests.length, 1);
    });

    test("a Content-Length over the limit fails at the headers, before the body is read", async () => {
      const server = await serve([
        {
          flood: {
            status: 200,
            chunk: "a".repeat(1024),
            maxBytes: 64 << 20,
            declaredLength: 1 << 30,
          },
        },
      ]);
      const client = clientOf(engine, server.url);
      const failure = await failureOf(client.getSecretValue({ SecretId: "declared" }));
      assert.ok(failure instanceof ResponseTooLargeError, inspect(failure));
      assert.equal(failure.limit, 16 * 1024 * 1024, "the default limit");
      assert.equal(server.requests.length, 1);
    });

    test("the default limit keeps a child process's peak memory bounded", async () => {
      const server = await serve([
        { flood: { status: 200, chunk: '{"a":"'.padEnd(65536, "b"), maxBytes: 1 << 30 } },
      ]);
      const fixture = fileURLToPath(new URL("./fixtures/flood-client.ts", import.meta.url));
      // Asynchronous: the flooding server lives in this process and must keep writing.
      const child = await new Promise<{ stdout: string; stderr: string; error: Error | null }>(
        (resolve) => {
          execFile(
            process.execPath,
            ["--import", "tsx", fixture],
            {
              env: { ...process.env, FLOOD_URL: server.url, FLOOD_ENGINE: engine },
              timeout: 45_000,
              maxBuffer: 1 << 20,
            },
            (error, stdout, stderr) => resolve({ stdout, stderr, error }),
          );
        },
      );
      assert.equal(child.error, null, child.stderr);
      const report = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as {
        outcome: string;
        peakRssBytes: number;
      };
      assert.equal(report.outcome, "ResponseTooLargeError");
      // A bare child with tsx peaks near 100 MB; the 1 GiB body would take it past 1 GB.
      assert.ok(report.peakRssBytes < 300 * 1024 * 1024, `peak RSS ${report.peakRssBytes} bytes`);
      assert.ok((server.requests[0]?.floodedBytes ?? 0) < 256 << 20, "the flood was cut off");
    });
  });

  describe(`hostile endpoints, ${engine} engine: secrets in errors and logs`, TIMEOUT, () => {
    const echoes: [string, (body: string) => FaultReply][] = [
      [
        "400 text/plain echoing the request",
        (body) => ({ status: 400, headers: { "content-type": "text/plain" }, body }),
      ],
      [
        "403 JSON with the request as its message",
        (body) => ({ status: 403, body: { message: body } }),
      ],
      [
        "403 XML with the request as its Message",
        (body) => ({
          status: 403,
          headers: { "content-type": "text/xml" },
          body: `<ErrorResponse><Error><Message>${body}</Message></Error></ErrorResponse>`,
        }),
      ],
      [
        "400 with an unknown code and the request as its message",
        (body) => ({ status: 400, body: { __type: "ProxyEcho", message: body } }),
      ],
      [
        "400 with the request as its code",
        (body) => ({ status: 400, headers: { "x-amzn-errortype": body }, body: "" }),
      ],
      [
        "503 whose body is an output with no __type",
        (body) => ({
          status: 503,
          body: { Name: "n", SecretString: JSON.parse(body).SecretString },
        }),
      ],
      [
        "200 cut short after the secret",
        (body) => ({
          raw: `HTTP/1.1 200 OK\r\ncontent-length: 9999\r\n\r\n{"SecretString":${JSON.stringify(JSON.parse(body).SecretString)}`,
        }),
      ],
    ];
    for (const [name, reply] of echoes) {
      test(name, async () => {
        const secret = secretMarker();
        const server = await serve((request) => reply(request.body));
        const { lines, logger } = recordingLogger();
        const client = clientOf(engine, server.url, { logger, maxAttempts: 2 });
        const failure = await failureOf(
          client.createSecret({ Name: "echo", SecretString: secret }),
        );
        assert.ok(server.requests[0]?.body.includes(secret), "the request did carry the secret");
        for (const text of [...renderings(failure), ...lines]) {
          assert.ok(!text.includes(secret), `secret text in: ${text.slice(0, 300)}`);
          assert.ok(!text.includes(CREDENTIALS.secretAccessKey), "no secret key");
        }
        assert.ok(failure.message.length <= 700, `message of ${failure.message.length} characters`);
        assertNoRegExpResidue(
          [secret, CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken],
          name,
        );
      });
    }
  });

  describe(`hostile endpoints, ${engine} engine: no RegExp residue`, TIMEOUT, () => {
    let local: LocalSecretsManager | undefined;
    after(async () => local?.close());

    test("after every operation that carries a secret or a credential", async () => {
      local ??= await startLocalSecretsManager();
      const client = clientOf(engine, local.endpoint);
      const secrets = [CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken];
      const value = () => {
        const secret = secretMarker();
        secrets.push(secret);
        return JSON.stringify({ username: "app", password: secret });
      };
      const check = (when: string) => assertNoRegExpResidue(secrets, when);

      const name = `residue-${engine}`;
      await client.createSecret({ Name: name, SecretString: value() });
      check("CreateSecret");
      await client.putSecretValue({ SecretId: name, SecretString: value() });
      check("PutSecretValue");
      await client.updateSecret({ SecretId: name, SecretString: value() });
      check("UpdateSecret");
      await client.getSecretValue({ SecretId: name });
      check("GetSecretValue");
      await client.getJson(name, { parse: (json) => json as { password: string } });
      check("getJson");
      await client.batchGetSecretValue({ SecretIdList: [name] });
      check("BatchGetSecretValue");
      const { RandomPassword } = await client.getRandomPassword({ PasswordLength: 40 });
      assert.ok(RandomPassword !== undefined && RandomPassword.length === 40);
      secrets.push(RandomPassword);
      check("GetRandomPassword");
      await client.createSecret({ Name: `${name}-binary`, SecretBinary: Buffer.from(value()) });
      check("CreateSecret with SecretBinary");
      await failureOf(client.createSecret({ Name: name, SecretString: value() }));
      check("a failed CreateSecret");
    });

    test("after a body that a regular expression could have matched", async () => {
      const secret = secretMarker();
      // Leading white space and a null: the paths that used to scan the body.
      const server = await serve([
        { status: 200, body: `  {"Name":"n","SecretString":"${secret}","VersionStages":null}` },
      ]);
      const client = clientOf(engine, server.url);
      const output = await client.getSecretValue({ SecretId: "n" });
      assert.equal(output.SecretString, secret);
      assertNoRegExpResidue(
        [secret, CREDENTIALS.secretAccessKey, CREDENTIALS.sessionToken],
        "GetSecretValue",
      );
    });
  });

  describe(`hostile endpoints, ${engine} engine: Retry-After`, TIMEOUT, () => {
    test("503 with Retry-After: 1 waits at least a second before the retry", async () => {
      const arrivals: number[] = [];
      const server = await serve((_request, index) => {
        arrivals.push(performance.now());
        return index === 0
          ? { status: 503, headers: { "retry-after": "1" }, body: "" }
          : OK_SECRET("n", "v");
      });
      const client = clientOf(engine, server.url, { maxAttempts: 2 });
      const output = await client.getSecretValue({ SecretId: "n" });
      assert.equal(output.$metadata.attempts, 2);
      assert.equal(server.requests.length, 2);
      const gap = (arrivals[1] ?? 0) - (arrivals[0] ?? 0);
      assert.ok(gap >= 950, `retried after ${gap} ms`);
      assert.ok((output.$metadata.totalRetryDelay ?? 0) >= 1000);
    });

    test("throttling with Retry-After as an HTTP date is honoured too", async () => {
      const arrivals: number[] = [];
      const server = await serve((_request, index) => {
        arrivals.push(performance.now());
        if (index > 0) return OK_SECRET("n", "v");
        return {
          status: 400,
          // Two seconds ahead: an HTTP date has whole seconds, so at least one remains.
          headers: { "retry-after": new Date(Date.now() + 2000).toUTCString() },
          body: { __type: "ThrottlingException", message: "Rate exceeded" },
        };
      });
      const client = clientOf(engine, server.url, { maxAttempts: 2 });
      await client.getSecretValue({ SecretId: "n" });
      const gap = (arrivals[1] ?? 0) - (arrivals[0] ?? 0);
      assert.ok(gap >= 900, `retried after ${gap} ms`);
    });

    test("a long Retry-After is cut short by the caller's signal", async () => {
      const server = await serve([{ status: 503, headers: { "retry-after": "3600" }, body: "" }]);
      const client = clientOf(engine, server.url);
      const started = performance.now();
      const failure = await failureOf(
        client.getSecretValue({ SecretId: "n" }, { signal: AbortSignal.timeout(300) }),
      );
      assert.ok(failure instanceof AbortError, inspect(failure));
      assert.equal(server.requests.length, 1);
      assert.ok(performance.now() - started < 10_000, "did not wait for the Retry-After");
    });
  });

  describe(`hostile endpoints, ${engine} engine: connections and bodies`, TIMEOUT, () => {
    test("a server that resets every new connection gets no free retry: maxAttempts 1 sends once", async () => {
      const server = await serve([{ reset: "before-response" }, { reset: "before-response" }]);
      const client = clientOf(engine, server.url, { maxAttempts: 1 });
      const failure = await failureOf(client.getSecretValue({ SecretId: "n" }));
      assert.ok(failure instanceof NetworkError, inspect(failure));
      assert.equal(failure.reusedConnection, false);
      assert.equal(server.requests.length, 1);
    });

    test("a deeply nested but valid 1 MB body is accepted", async () => {
      const depth = 200_000;
      const nested = `${'{"a":'.repeat(depth)}null${"}".repeat(depth)}`;
      const server = await serve([
        {
          status: 200,
          body: `{"Name":"deep","SecretString":"v","Extra":${nested}}`,
        },
      ]);
      const client = clientOf(engine, server.url);
      const output = await client.getSecretValue({ SecretId: "deep" });
      assert.equal(output.Name, "deep");
      assert.equal(output.SecretString, "v");
    });

    test("a refused connection names the host and port", async () => {
      const server = await serve([]);
      const { port } = new URL(server.url);
      await server.close();
      servers = servers.filter((entry) => entry !== server);
      const client = clientOf(engine, server.url, { maxAttempts: 1 });
      const failure = await failureOf(client.getSecretValue({ SecretId: "n" }));
      assert.ok(failure instanceof NetworkError, inspect(failure));
      assert.equal(failure.code, "ECONNREFUSED");
      assert.match(failure.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    });
  });
}
