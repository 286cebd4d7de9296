/**
 * Proxies from the environment, the same on every engine: one rule (src/core/http/proxy.ts)
 * decides whether and through what a request is proxied, so a client that starts on node's
 * client and moves to undici keeps its proxy. Against a CONNECT proxy and a server, both on
 * 127.0.0.1.
 */
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { inspect } from "node:util";
import { ConfigurationError, NetworkError } from "../../src/core/errors";
import { type AutoEngine, BUSY_REQUESTS, createAutoEngine } from "../../src/core/http/auto";
import { createNodeEngine } from "../../src/core/http/node";
import type { HttpEngine, HttpEngineFactory, HttpRequest } from "../../src/core/http/types";
import { createUndiciEngine } from "../../src/core/http/undici";
import { classifyFailure } from "../../src/core/retry";
import { SecretsManager } from "../../src/index";
import { type ConnectProxy, connectHeaders, startConnectProxy } from "../helpers/connect-proxy";
import { type FaultServer, startFaultServer } from "../helpers/fault-server";

const POST: HttpRequest = { method: "POST", path: "/", headers: {}, body: "{}" };
const OPTIONS = { timeout: 10_000 };
const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`;

const engines: [string, HttpEngineFactory][] = [
  ["node:http", createNodeEngine],
  ["undici", createUndiciEngine],
];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function okServer(): Promise<FaultServer> {
  const server = await startFaultServer(() => ({ status: 200, body: "ok" }));
  cleanups.push(() => server.close());
  return server;
}

async function proxyServer(mode: "tunnel" | "refuse"): Promise<ConnectProxy> {
  const proxy = await startConnectProxy(mode);
  cleanups.push(() => proxy.close());
  return proxy;
}

/** Runs `make` while `env` is in process.env: engines read it when they are made. */
function withEnv<T>(env: Record<string, string>, make: () => T): T {
  Object.assign(process.env, env);
  try {
    return make();
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
  }
}

function engineWithEnv(factory: HttpEngineFactory, url: string, env: Record<string, string>) {
  const engine: HttpEngine = withEnv(env, () =>
    factory(new URL(url), { connectionTimeout: 2_000 }),
  );
  cleanups.unshift(() => engine.close());
  return engine;
}

for (const [engineName, factory] of engines) {
  describe(`proxies on ${engineName}`, { timeout: 20_000 }, () => {
    test("a value without a scheme is an http:// proxy, with Basic auth; tunnels are reused", async () => {
      const server = await okServer();
      const proxy = await proxyServer("tunnel");
      const origin = new URL(server.url);
      const engine = engineWithEnv(factory, server.url, {
        HTTP_PROXY: `me:p%40ss@127.0.0.1:${proxy.port}`,
      });
      for (let sent = 0; sent < 3; sent++) {
        assert.equal((await engine.send(POST, OPTIONS)).body, "ok");
      }
      // undici may open a second connection for a request sent as the first one ends.
      assert.ok(proxy.heads.length >= 1 && proxy.heads.length < 3, inspect(proxy.heads));
      for (const head of proxy.heads) {
        assert.equal(head.split("\r\n")[0], `CONNECT ${origin.host} HTTP/1.1`);
        assert.equal(connectHeaders(head)["proxy-authorization"], basic("me:p@ss"));
      }
      // Every connection the server saw came through a tunnel.
      const connections = new Set(server.requests.map((request) => request.connection));
      assert.equal(connections.size, proxy.heads.length);
      // The credentials are for the proxy only.
      assert.equal(server.requests[0]?.headers["proxy-authorization"], undefined);
    });

    test("the proxy's password is left in no RegExp static after a call, nor after a failed one", async () => {
      // Reading the proxy URL runs a regular expression over it (proxy.ts): the client clears
      // the legacy statics at the end of every call, whichever engine read it.
      const server = await startFaultServer(() => ({ status: 200, body: { Name: "n" } }));
      cleanups.push(() => server.close());
      const proxy = await proxyServer("tunnel");
      const password = "Pr0xyPassw0rd-residue";
      const http = engineName === "undici" ? "undici" : "node";
      const statics = RegExp as unknown as Record<string, unknown>;
      const leaked = () =>
        ["input", "lastMatch", "leftContext", "rightContext", "lastParen", "$1", "$2"].filter(
          (name) => String(statics[name] ?? "").includes(password),
        );
      for (const value of [
        `http://me:${password}@127.0.0.1:${proxy.port}`,
        `socks5://me:${password}@127.0.0.1:${proxy.port}`,
      ]) {
        const client = new SecretsManager({
          region: "us-east-1",
          endpoint: server.url,
          http,
          credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "not-a-secret" },
          maxAttempts: 1,
        });
        cleanups.unshift(() => client.close());
        process.env.HTTP_PROXY = value;
        await client
          .getSecretValue({ SecretId: "x" })
          .catch(() => undefined)
          .finally(() => delete process.env.HTTP_PROXY);
        assert.deepEqual(leaked(), [], value.split(":")[0]);
      }
      assert.equal(proxy.heads.length, 1, "the http proxy was used; the socks one refused");
    });

    test("NO_PROXY: a matching origin connects directly", async () => {
      const server = await okServer();
      const proxy = await proxyServer("tunnel");
      const engine = engineWithEnv(factory, server.url, {
        HTTP_PROXY: proxy.url,
        NO_PROXY: "example.com *.internal, 127.0.0.1",
      });
      assert.equal((await engine.send(POST, OPTIONS)).body, "ok");
      assert.equal(proxy.heads.length, 0);
    });

    test("a proxy that refuses the tunnel: a NetworkError before the response, not retried", async () => {
      const proxy = await proxyServer("refuse");
      const engine = engineWithEnv(factory, "http://127.0.0.1:9", {
        HTTP_PROXY: `http://me:hunter2@127.0.0.1:${proxy.port}`,
      });
      const failure = await engine.send(POST, OPTIONS).catch((error: unknown) => error);
      assert.ok(failure instanceof NetworkError, inspect(failure));
      assert.equal(failure.beforeResponse, true);
      assert.equal(classifyFailure(failure), "fatal");
      const shown = inspect(failure, { depth: 10, showHidden: true });
      assert.ok(!shown.includes("hunter2"), shown);
      assert.ok(!shown.includes(Buffer.from("me:hunter2").toString("base64")), shown);
    });

    test("a SOCKS or malformed proxy fails the first call, naming the variable only", async () => {
      const cases = [
        [
          "socks5://alice:Pr0xyPassw0rd@127.0.0.1:1080",
          /HTTPS_PROXY: only http: and https: proxies are supported, not socks5:/,
        ],
        ["http://alice:Pr0xyPassw0rd@proxy.invalid:31x8", /HTTPS_PROXY is not a valid proxy URL/],
      ] as const;
      for (const [value, message] of cases) {
        const client = new SecretsManager({
          region: "us-east-1",
          // An https endpoint, so that HTTPS_PROXY applies; nothing is sent.
          endpoint: "https://127.0.0.1:9",
          http: engineName === "undici" ? "undici" : "node",
          credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "not-a-secret" },
          maxAttempts: 1,
        });
        cleanups.unshift(() => client.close());
        // The engine is made at the first call, and reads the environment then.
        process.env.HTTPS_PROXY = value;
        const failure = await client
          .getSecretValue({ SecretId: "x" })
          .catch((error: unknown) => error)
          .finally(() => delete process.env.HTTPS_PROXY);
        assert.ok(failure instanceof ConfigurationError, inspect(failure));
        assert.match(failure.message, message);
        const shown = `${inspect(failure, { depth: 10, showHidden: true })}${JSON.stringify(failure)}`;
        assert.ok(!shown.includes("Pr0xyPassw0rd"), shown);
      }
    });
  });
}

describe("proxies on the default engine", { timeout: 20_000 }, () => {
  test("a busy client moves to undici and keeps going through the same proxy", async () => {
    const server = await okServer();
    const proxy = await proxyServer("tunnel");
    const engine = withEnv({ HTTP_PROXY: `me:pw@127.0.0.1:${proxy.port}` }, () =>
      createAutoEngine(new URL(server.url), { connectionTimeout: 2_000 }),
    ) as AutoEngine;
    cleanups.unshift(() => engine.close());
    // Bounded: the switch happens in the background, after BUSY_REQUESTS within a second.
    const deadline = Date.now() + 10_000;
    let sent = 0;
    while (engine.active === "node" && sent < 2_000 && Date.now() < deadline) {
      assert.equal((await engine.send(POST, OPTIONS)).body, "ok");
      sent += 1;
    }
    assert.equal(engine.active, "undici", `still on node's client after ${sent} requests`);
    assert.ok(sent >= BUSY_REQUESTS);
    assert.equal((await engine.send(POST, OPTIONS)).body, "ok");
    // One tunnel per engine, both with the credentials; no request reached the server directly.
    assert.equal(proxy.heads.length, 2);
    for (const head of proxy.heads) {
      assert.equal(connectHeaders(head)["proxy-authorization"], basic("me:pw"));
    }
    assert.equal(new Set(server.requests.map((request) => request.connection)).size, 2);
  });
});
