/**
 * What only the node engine does, against real servers on 127.0.0.1: keep-alive reuse and
 * `maxSockets`, node's view of a dropped idle socket, cleanup after an abort or a connection
 * timeout, `close()`, and CONNECT tunnels through a local proxy. The shared behaviour (retries,
 * faults, timeouts through the transport) is in transport.test.ts, which runs every engine.
 *
 * A TCP connect to a loopback port always succeeds at once, so the connection timeout is
 * driven by TLS instead: an https origin served by a TCP server that accepts and never
 * answers leaves the handshake pending for as long as the test wants. The plain-TCP path goes
 * through the same timer code with `connect` in place of `secureConnect`.
 */
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { createServer as createNetServer, type Socket } from "node:net";
import { afterEach, describe, test } from "node:test";
import { inspect } from "node:util";
import { AbortError, NetworkError, TimeoutError } from "../../src/core/errors";
import { createNodeEngine } from "../../src/core/http/node";
import { proxyFor } from "../../src/core/http/proxy";
import type {
  HttpEngine,
  HttpEngineFactory,
  HttpEngineOptions,
  HttpRequest,
} from "../../src/core/http/types";
import { classifyFailure } from "../../src/core/retry";
import { type ConnectProxy, startConnectProxy } from "../helpers/connect-proxy";
import { type FaultScript, type FaultServer, startFaultServer } from "../helpers/fault-server";

// The engine reads these when it is made; a developer's own proxy must not capture loopback.
const PROXY_VARIABLES = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"];
for (const name of [...PROXY_VARIABLES, "no_proxy", "NO_PROXY"]) delete process.env[name];

// Compile-time check: the node engine fits wherever an engine factory is expected.
const factory: HttpEngineFactory = createNodeEngine;

const POST: HttpRequest = {
  method: "POST",
  path: "/",
  headers: { "content-type": "application/x-amz-json-1.1" },
  body: "{}",
};
const never = () => ({ timeout: 60_000 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function engineFor(url: string, options: Partial<HttpEngineOptions> = {}): HttpEngine {
  const engine = factory(new URL(url), { connectionTimeout: 2_000, ...options });
  cleanups.unshift(() => engine.close());
  return engine;
}

/** Makes the engine while `env` is in process.env; the engine reads it only then. */
function engineWithEnv(url: string, env: Record<string, string>, connectionTimeout = 2_000) {
  Object.assign(process.env, env);
  try {
    return engineFor(url, { connectionTimeout });
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
  }
}

async function faultServer(script: FaultScript): Promise<FaultServer> {
  const server = await startFaultServer(script);
  cleanups.push(() => server.close());
  return server;
}

/** A TCP server that accepts and never writes: a TLS handshake against it never completes. */
async function silentServer() {
  const sockets = new Set<Socket>();
  const firstBytes: Buffer[] = [];
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once("data", (chunk: Buffer) => firstBytes.push(chunk));
    socket.on("error", () => {});
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port, sockets, firstBytes };
}

/** Handles that keep the process alive; connections in use and pending timers among them. */
function activeCount(kind: "TCPSocketWrap" | "Timeout"): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
}

/** Waits (up to a second) for the sockets and timers to be back to what they were. */
async function assertReleased(baseline: { sockets: number; timers: number }) {
  for (let waited = 0; waited < 1_000; waited += 10) {
    if (
      activeCount("TCPSocketWrap") <= baseline.sockets &&
      activeCount("Timeout") <= baseline.timers
    )
      return;
    await sleep(10);
  }
  assert.fail(`left behind: ${inspect(process.getActiveResourcesInfo())}`);
}

/** The engine fails an aborted exchange with AbortError, the signal's reason as its cause. */
function assertAborted(failure: unknown, reason: unknown) {
  assert.ok(failure instanceof AbortError, inspect(failure));
  assert.equal(failure.cause, reason);
}

const snapshot = () => ({ sockets: activeCount("TCPSocketWrap"), timers: activeCount("Timeout") });

describe("node engine: requests and responses", { timeout: 20_000 }, () => {
  test("sends method, path, headers and body; reads status, headers and body", async () => {
    const server = await faultServer([
      {
        raw:
          "HTTP/1.1 201 Created\r\nX-Amzn-RequestId: req-1\r\nX-Repeated: a\r\nx-repeated: b\r\n" +
          "Content-Type: text/plain\r\nContent-Length: 8\r\nConnection: close\r\n\r\n\ufeffhello",
      },
    ]);
    const engine = engineFor(server.url);
    const response = await engine.send(
      { method: "POST", path: "/p?q=1", headers: { "x-amz-target": "t.Op" }, body: '{"é":1}' },
      never(),
    );
    const [request] = server.requests;
    assert.equal(request?.method, "POST");
    assert.equal(request?.url, "/p?q=1");
    assert.equal(request?.headers["x-amz-target"], "t.Op");
    assert.equal(request?.headers["content-length"], String(Buffer.byteLength('{"é":1}')));
    assert.equal(request?.body, '{"é":1}');
    assert.equal(response.status, 201);
    assert.equal(response.headers["x-amzn-requestid"], "req-1");
    assert.equal(response.headers["x-repeated"], "a, b");
    assert.equal(response.headers["content-type"], "text/plain");
    assert.equal(response.body, "hello", "the UTF-8 byte-order mark is skipped, as undici does");
  });

  test("a multi-byte character split across two chunks is decoded whole", async () => {
    const payload = Buffer.from(JSON.stringify({ SecretString: "päss-€-😀" }));
    const server = createHttpServer((_request, response) => {
      response.writeHead(200, { "content-length": payload.length });
      response.write(payload.subarray(0, 20)); // inside the "€"
      setTimeout(() => response.end(payload.subarray(20)), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const { port } = server.address() as { port: number };
    const response = await engineFor(`http://127.0.0.1:${port}`).send(POST, never());
    assert.deepEqual(JSON.parse(response.body), { SecretString: "päss-€-😀" });
  });

  test("an empty body is the empty string", async () => {
    const server = await faultServer([{ status: 204 }]);
    const response = await engineFor(server.url).send(POST, never());
    assert.equal(response.status, 204);
    assert.equal(response.body, "");
  });
});

describe("node engine: keep-alive", { timeout: 20_000 }, () => {
  test("sequential requests reuse one connection", async () => {
    const server = await faultServer(() => ({ status: 200, body: "ok" }));
    const engine = engineFor(server.url);
    for (let i = 0; i < 6; i++) assert.equal((await engine.send(POST, never())).body, "ok");
    assert.deepEqual(
      server.requests.map((request) => request.connection),
      [0, 0, 0, 0, 0, 0],
    );
  });

  test("maxSockets bounds the connections; requests beyond it wait their turn", async () => {
    const slow: FaultScript = () => ({ delayMs: 30, reply: { status: 200, body: "ok" } });
    const bounded = await faultServer(slow);
    const one = engineFor(bounded.url, { maxSockets: 1 });
    await Promise.all([1, 2, 3].map(() => one.send(POST, never())));
    assert.deepEqual(new Set(bounded.requests.map((request) => request.connection)), new Set([0]));

    const unbounded = await faultServer(slow);
    const many = engineFor(unbounded.url);
    await Promise.all([1, 2, 3].map(() => many.send(POST, never())));
    assert.equal(new Set(unbounded.requests.map((request) => request.connection)).size, 3);
  });

  test("maxSockets: a request waiting for a socket can be aborted, or failed by close()", async () => {
    const server = await faultServer([
      { delayMs: 50, reply: { status: 200, body: "first" } },
      { status: 200, body: "third" },
      { hang: true },
    ]);
    const engine = engineFor(server.url, { maxSockets: 1 });
    const first = engine.send(POST, never());
    const controller = new AbortController();
    const second = engine.send(POST, { timeout: 60_000, signal: controller.signal });
    controller.abort("not waiting");
    assertAborted(await second.catch((error: unknown) => error), "not waiting");
    assert.equal((await first).body, "first");
    // The socket the aborted request was waiting for serves the next one.
    assert.equal((await engine.send(POST, never())).body, "third");
    assert.deepEqual(
      server.requests.map((request) => request.connection),
      [0, 0],
    );

    const hung = engine.send(POST, never()).catch((error: unknown) => error);
    const queued = engine.send(POST, never()).catch((error: unknown) => error);
    while (server.requests.length < 3) await sleep(5);
    await engine.close();
    for (const failure of [await hung, await queued]) {
      assert.ok(failure instanceof NetworkError, inspect(failure));
      assert.equal(failure.code, "ERR_ENGINE_CLOSED");
    }
    await sleep(20);
    assert.equal(server.requests.length, 3, "nothing sent after close()");
    assert.equal(server.dropIdleConnections(), 0, "no connection opened after close()");
  });

  test("an idle connection dropped by the server: a stale-connection error, or a new connection", async () => {
    const server = await faultServer(() => ({ status: 200, body: "ok" }));
    const engine = engineFor(server.url);
    await engine.send(POST, never());
    await sleep(10); // the socket is back in the agent's free list
    assert.equal(server.dropIdleConnections(), 1);
    // Sent in the same tick: node has not read the FIN yet and writes on the dead socket.
    const outcome = await engine.send(POST, never()).catch((error: unknown) => error);
    if (outcome instanceof Error) {
      assert.ok(outcome instanceof NetworkError, inspect(outcome));
      assert.equal(outcome.code, "ECONNRESET");
      assert.equal(outcome.beforeResponse, true);
      assert.equal(classifyFailure(outcome), "stale-connection", "the transport retries at once");
    } else {
      assert.equal((outcome as { status: number }).status, 200);
    }
    // Either way the next request gets a fresh connection.
    assert.equal((await engine.send(POST, never())).body, "ok");
    assert.equal(server.requests.at(-1)?.connection, 1);
  });
});

describe("node engine: failures", { timeout: 20_000 }, () => {
  test("a refused connection: NetworkError ECONNREFUSED before the response", async () => {
    const server = await startFaultServer([]);
    await server.close();
    const failure = await engineFor(server.url)
      .send(POST, never())
      .catch((error: unknown) => error);
    assert.ok(failure instanceof NetworkError);
    assert.equal(failure.code, "ECONNREFUSED");
    assert.equal(failure.beforeResponse, true);
  });

  test("a reset after the headers: NetworkError ECONNRESET, not before the response", async () => {
    const server = await faultServer([{ reset: "mid-response", status: 200 }]);
    const failure = await engineFor(server.url)
      .send(POST, never())
      .catch((error: unknown) => error);
    assert.ok(failure instanceof NetworkError);
    assert.equal(failure.code, "ECONNRESET");
    assert.equal(failure.beforeResponse, false);
  });

  test("a broken status line: NetworkError with node's parser code", async () => {
    const server = await faultServer([{ raw: "garbage\r\n\r\n" }]);
    const failure = await engineFor(server.url)
      .send(POST, never())
      .catch((error: unknown) => error);
    assert.ok(failure instanceof NetworkError);
    assert.match(failure.code, /^HPE_/);
    assert.equal(classifyFailure(failure), "fatal");
  });

  test("abort while waiting for the response: the reason, and no socket or timer left", async () => {
    const server = await faultServer([{ hang: true }, { status: 200, body: "ok" }]);
    const engine = engineFor(server.url);
    const baseline = snapshot();
    const controller = new AbortController();
    const pending = engine.send(POST, { timeout: 60_000, signal: controller.signal });
    while (server.requests.length === 0) await sleep(5);
    const reason = new Error("caller gave up");
    controller.abort(reason);
    assertAborted(await pending.catch((error: unknown) => error), reason);
    await assertReleased(baseline);
    // The aborted connection is gone, not returned to the pool.
    assert.equal((await engine.send(POST, never())).body, "ok");
    assert.deepEqual(
      server.requests.map((request) => request.connection),
      [0, 1],
    );
  });

  test("abort halfway through the body: the reason, and the connection is closed", async () => {
    let serverSocket: Socket | undefined;
    const server = createHttpServer((request, response) => {
      serverSocket = request.socket;
      response.writeHead(200, { "content-length": 100 });
      response.write("x".repeat(50)); // and never the rest
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const { port } = server.address() as { port: number };
    const engine = engineFor(`http://127.0.0.1:${port}`);
    const baseline = snapshot();
    const controller = new AbortController();
    const pending = engine.send(POST, { timeout: 60_000, signal: controller.signal });
    while (serverSocket === undefined) await sleep(5);
    await sleep(20);
    controller.abort("stop");
    assertAborted(await pending.catch((error: unknown) => error), "stop");
    await assertReleased(baseline);
    assert.equal(serverSocket.destroyed, true);
  });

  test("connection timeout: TimeoutError('connection'), the socket closed, no timer left", async () => {
    const silent = await silentServer();
    const engine = engineFor(`https://127.0.0.1:${silent.port}`, { connectionTimeout: 100 });
    const baseline = snapshot();
    const started = performance.now();
    const failure = await engine.send(POST, never()).catch((error: unknown) => error);
    const elapsed = performance.now() - started;
    assert.ok(failure instanceof TimeoutError, inspect(failure));
    assert.equal(failure.phase, "connection");
    assert.equal(failure.timeout, 100);
    assert.ok(elapsed >= 95 && elapsed < 2_000, `after ${elapsed} ms`);
    assert.equal(classifyFailure(failure), "timeout");
    await assertReleased(baseline);
    assert.equal(silent.sockets.size, 0, "the server saw the connection closed");
  });

  test("abort while connecting: the reason, and the connection timer is cleared", async () => {
    const silent = await silentServer();
    const engine = engineFor(`https://127.0.0.1:${silent.port}`, { connectionTimeout: 60_000 });
    const baseline = snapshot();
    const controller = new AbortController();
    const pending = engine.send(POST, { timeout: 60_000, signal: controller.signal });
    while (silent.sockets.size === 0) await sleep(5);
    controller.abort("stop");
    assertAborted(await pending.catch((error: unknown) => error), "stop");
    // A 60 s timer left running would show here, and would keep this process alive.
    await assertReleased(baseline);
  });

  test("close(): running requests fail, pooled connections close, later sends fail", async () => {
    const server = await faultServer([
      { delayMs: 20, reply: { status: 200, body: "ok" } },
      { delayMs: 20, reply: { status: 200, body: "ok" } },
      { hang: true },
    ]);
    const engine = engineFor(server.url);
    await Promise.all([engine.send(POST, never()), engine.send(POST, never())]);
    const running = engine.send(POST, never()).catch((error: unknown) => error);
    while (server.requests.length < 3) await sleep(5);
    await engine.close();
    const failure = await running;
    assert.ok(failure instanceof NetworkError, inspect(failure));
    assert.equal(failure.code, "ERR_ENGINE_CLOSED");
    assert.equal(server.dropIdleConnections(), 0, "no connection left open");
    const later = await engine.send(POST, never()).catch((error: unknown) => error);
    assert.ok(later instanceof NetworkError);
    assert.equal(later.code, "ERR_ENGINE_CLOSED");
    await engine.close();
  });
});

async function connectProxy(mode: "tunnel" | "refuse" | "silent"): Promise<ConnectProxy> {
  const proxy = await startConnectProxy(mode);
  cleanups.push(() => proxy.close());
  return proxy;
}

describe("node engine: proxies", { timeout: 20_000 }, () => {
  test("which proxy the environment selects, and NO_PROXY", () => {
    const https = new URL("https://secretsmanager.us-east-1.amazonaws.com");
    const http = new URL("http://localhost:4566");
    const cases: [string, URL, Record<string, string>, string | undefined][] = [
      ["nothing set", https, {}, undefined],
      ["HTTPS_PROXY for https", https, { HTTPS_PROXY: "http://p:3128" }, "p:3128"],
      [
        "https_proxy wins over HTTPS_PROXY",
        https,
        { https_proxy: "http://a:1", HTTPS_PROXY: "http://b:2" },
        "a:1",
      ],
      ["https falls back to HTTP_PROXY", https, { HTTP_PROXY: "http://p:8080" }, "p:8080"],
      [
        "an empty HTTPS_PROXY falls back too",
        https,
        { HTTPS_PROXY: "", HTTP_PROXY: "http://p:1" },
        "p:1",
      ],
      ["http ignores HTTPS_PROXY", http, { HTTPS_PROXY: "http://p:3128" }, undefined],
      ["http uses HTTP_PROXY", http, { HTTP_PROXY: "http://p:3128" }, "p:3128"],
      ["no scheme means http", https, { HTTPS_PROXY: "p:3128" }, "p:3128"],
      ["default port", https, { HTTPS_PROXY: "http://p" }, "p:80"],
      ["NO_PROXY *", https, { HTTPS_PROXY: "http://p:1", NO_PROXY: "*" }, undefined],
      [
        "NO_PROXY suffix",
        https,
        { HTTPS_PROXY: "http://p:1", NO_PROXY: "example.com,.amazonaws.com" },
        undefined,
      ],
      [
        "NO_PROXY *.suffix",
        https,
        { HTTPS_PROXY: "http://p:1", NO_PROXY: "*.amazonaws.com" },
        undefined,
      ],
      ["NO_PROXY exact host", http, { HTTP_PROXY: "http://p:1", no_proxy: "localhost" }, undefined],
      ["NO_PROXY other port", http, { HTTP_PROXY: "http://p:1", NO_PROXY: "localhost:80" }, "p:1"],
      [
        "NO_PROXY same port",
        http,
        { HTTP_PROXY: "http://p:1", NO_PROXY: "localhost:4566" },
        undefined,
      ],
      [
        "NO_PROXY not a suffix of a label",
        https,
        { HTTPS_PROXY: "http://p:1", NO_PROXY: "zonaws.com" },
        "p:1",
      ],
    ];
    for (const [name, origin, env, expected] of cases) {
      const proxy = proxyFor(origin, env);
      assert.equal(proxy && `${proxy.host}:${proxy.port}`, expected, name);
    }
    const withAuth = proxyFor(https, { HTTPS_PROXY: "https://us%40er:p%3Ass@[::1]:8443" });
    assert.deepEqual(withAuth, {
      host: "::1",
      port: 8443,
      secure: true,
      authorization: `Basic ${Buffer.from("us@er:p:ss").toString("base64")}`,
      origin: "https://[::1]:8443",
    });
  });

  test("an unsupported proxy scheme or a broken URL fails loudly, without echoing it", () => {
    const origin = new URL("https://example.com");
    assert.throws(
      () => proxyFor(origin, { HTTPS_PROXY: "socks5://u:secret@p:1080" }),
      (error) => {
        assert.match(
          String(error),
          /HTTPS_PROXY: only http: and https: proxies are supported, not socks5:/,
        );
        assert.ok(!String(error).includes("secret"));
        return true;
      },
    );
    assert.throws(
      () => proxyFor(origin, { HTTPS_PROXY: "http://u:secret@p:99999" }),
      (error) => {
        assert.match(String(error), /HTTPS_PROXY is not a valid proxy URL/);
        assert.ok(!String(error).includes("secret"));
        return true;
      },
    );
  });

  test("an http origin through a CONNECT tunnel, with Basic auth; the tunnel is reused", async () => {
    const server = await faultServer(() => ({ status: 200, body: "ok" }));
    const proxy = await connectProxy("tunnel");
    const origin = new URL(server.url);
    const engine = engineWithEnv(server.url, {
      HTTP_PROXY: `http://me:p%40ss@127.0.0.1:${proxy.port}`,
    });
    assert.equal((await engine.send(POST, never())).body, "ok");
    assert.equal((await engine.send(POST, never())).body, "ok");
    assert.equal(proxy.heads.length, 1, "one tunnel for both requests");
    assert.equal(
      proxy.heads[0],
      `CONNECT ${origin.host} HTTP/1.1\r\nHost: ${origin.host}\r\n` +
        `Proxy-Authorization: Basic ${Buffer.from("me:p@ss").toString("base64")}\r\n\r\n`,
    );
    assert.deepEqual(
      server.requests.map((request) => request.connection),
      [0, 0],
    );
    assert.equal(server.requests[0]?.headers.host, origin.host, "the request itself is unchanged");
  });

  test("NO_PROXY: a matching origin connects directly", async () => {
    const server = await faultServer(() => ({ status: 200, body: "ok" }));
    const proxy = await connectProxy("tunnel");
    const engine = engineWithEnv(server.url, {
      HTTP_PROXY: proxy.url,
      NO_PROXY: "example.com, 127.0.0.1",
    });
    assert.equal((await engine.send(POST, never())).body, "ok");
    assert.equal(proxy.heads.length, 0);
  });

  test("a proxy that refuses the tunnel: NetworkError ERR_PROXY_TUNNEL, no credentials shown", async () => {
    const proxy = await connectProxy("refuse");
    const engine = engineWithEnv("http://127.0.0.1:9", {
      HTTP_PROXY: `http://me:hunter2@127.0.0.1:${proxy.port}`,
    });
    const failure = await engine.send(POST, never()).catch((error: unknown) => error);
    assert.ok(failure instanceof NetworkError, inspect(failure));
    assert.equal(failure.code, "ERR_PROXY_TUNNEL");
    assert.equal(failure.beforeResponse, true);
    assert.match(String((failure.cause as Error).message), /HTTP 407/);
    assert.ok(!inspect(failure, { depth: 5 }).includes("hunter2"));
    assert.ok(
      !inspect(failure, { depth: 5 }).includes(Buffer.from("me:hunter2").toString("base64")),
    );
  });

  test("a proxy that never answers: TimeoutError('connection'), no timer left", async () => {
    const proxy = await connectProxy("silent");
    const engine = engineWithEnv("http://127.0.0.1:9", { HTTP_PROXY: proxy.url }, 100);
    const baseline = snapshot();
    const failure = await engine.send(POST, never()).catch((error: unknown) => error);
    assert.ok(failure instanceof TimeoutError, inspect(failure));
    assert.equal(failure.phase, "connection");
    assert.equal(proxy.heads.length, 1);
    await assertReleased(baseline);
  });

  test("an https origin through the tunnel: TLS starts inside it, under the same timeout", async () => {
    const silent = await silentServer();
    const proxy = await connectProxy("tunnel");
    const engine = engineWithEnv(
      `https://127.0.0.1:${silent.port}`,
      { HTTPS_PROXY: proxy.url },
      300,
    );
    const failure = await engine.send(POST, never()).catch((error: unknown) => error);
    assert.ok(failure instanceof TimeoutError, inspect(failure));
    assert.equal(failure.timeout, 300);
    assert.equal(proxy.heads[0]?.split("\r\n")[0], `CONNECT 127.0.0.1:${silent.port} HTTP/1.1`);
    // 0x16: a TLS handshake record, the ClientHello, arrived at the origin through the proxy.
    assert.equal(silent.firstBytes[0]?.[0], 0x16);
  });
});
