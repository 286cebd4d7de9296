/**
 * Proves test/helpers/fault-server.ts, and records how clients see each fault (undici 7,
 * node 20):
 * - reset before the response: undici `SocketError` UND_ERR_SOCKET "other side closed" from
 *   `request()`; fetch rejects `TypeError: fetch failed` with that error as `cause`.
 * - reset mid-response: the status and headers arrive, then reading the body fails with the same
 *   UND_ERR_SOCKET "other side closed" (fetch: `TypeError: terminated`, same cause).
 * - raw bytes that break HTTP: undici `HTTPParserError`.
 * - an idle keep-alive connection dropped by the server: undici notices and reconnects; node's
 *   http Agent reuses the dead socket when the next request follows in the same tick and fails
 *   with ECONNRESET "socket hang up".
 */
import assert from "node:assert/strict";
import { Agent, request as httpRequest } from "node:http";
import { type TestContext, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, errors } from "undici";
import { type FaultScript, type FaultServer, startFaultServer } from "../helpers/fault-server";

const TIMEOUT = { timeout: 5_000 };

/** A fault server and a keep-alive undici client for it, both closed after the test. */
async function setup(t: TestContext, script: FaultScript): Promise<[FaultServer, Client]> {
  const server = await startFaultServer(script);
  const client = new Client(server.url);
  t.after(async () => {
    await client.destroy();
    await server.close();
  });
  return [server, client];
}

const SOCKET_CLOSED = { name: "SocketError", code: "UND_ERR_SOCKET", message: "other side closed" };

function post(client: Client, body = "{}") {
  return client.request({ method: "POST", path: "/", body });
}

test(
  "scripted statuses, headers and bodies, in order, on one kept-alive connection",
  TIMEOUT,
  async (t) => {
    const [server, client] = await setup(t, [
      { status: 500, body: { __type: "InternalServiceError", message: "boom" } },
      {
        status: 200,
        headers: { "X-Amzn-RequestId": "req-2", "Content-Type": "application/json" },
        body: { Name: "db" },
      },
      { status: 204 },
    ]);

    const first = await post(client);
    assert.equal(first.statusCode, 500);
    assert.equal(first.headers["content-type"], "application/x-amz-json-1.1");
    assert.deepEqual(await first.body.json(), { __type: "InternalServiceError", message: "boom" });

    const second = await post(client);
    assert.equal(second.statusCode, 200);
    assert.equal(second.headers["x-amzn-requestid"], "req-2");
    assert.equal(second.headers["content-type"], "application/json", "replaces the JSON default");
    assert.equal(await second.body.text(), '{"Name":"db"}');

    const third = await post(client);
    assert.equal(third.statusCode, 204);
    assert.equal(await third.body.text(), "");

    assert.deepEqual(
      server.requests.map((request) => request.connection),
      [0, 0, 0],
    );
  },
);

test("records method, url, headers, body and parsed JSON", TIMEOUT, async (t) => {
  const [server, client] = await setup(t, [{ status: 200 }, { status: 200 }]);
  await (
    await client.request({
      method: "POST",
      path: "/some/path?x=1",
      headers: { "x-amz-target": "secretsmanager.ListSecrets" },
      body: '{"MaxResults":5}',
    })
  ).body.text();
  await (await post(client, "not json")).body.text();

  const [json, text] = server.requests;
  assert.equal(json?.method, "POST");
  assert.equal(json?.url, "/some/path?x=1");
  assert.equal(json?.headers["x-amz-target"], "secretsmanager.ListSecrets");
  assert.equal(json?.body, '{"MaxResults":5}');
  assert.deepEqual(json?.json, { MaxResults: 5 });
  assert.equal(text?.body, "not json");
  assert.equal(text?.json, undefined);
});

test("a function script sees each request and its index", TIMEOUT, async (t) => {
  const seen: number[] = [];
  const [server, client] = await setup(t, (request, index) => {
    seen.push(index);
    return { status: 200, body: { echo: request.json, index } };
  });
  const response = await post(client, '{"a":1}');
  assert.deepEqual(await response.body.json(), { echo: { a: 1 }, index: 0 });
  await (await post(client)).body.text();
  assert.deepEqual(seen, [0, 1]);
  assert.equal(server.requests.length, 2);
});

test("an exhausted script answers a loud 500", TIMEOUT, async (t) => {
  const [, client] = await setup(t, []);
  const response = await post(client);
  assert.equal(response.statusCode, 500);
  assert.deepEqual(await response.body.json(), {
    __type: "FaultServerScriptExhausted",
    message: "no scripted reply left",
  });
});

test("reset before the response: the request fails, other side closed", TIMEOUT, async (t) => {
  const [server, client] = await setup(t, [{ reset: "before-response" }, { status: 200 }]);
  await assert.rejects(post(client), SOCKET_CLOSED);
  assert.equal(server.requests.length, 1);

  // The client reconnects for the next request.
  assert.equal((await post(client)).statusCode, 200);
  assert.deepEqual(
    server.requests.map((request) => request.connection),
    [0, 1],
  );
});

test("reset before the response, seen through fetch", TIMEOUT, async (t) => {
  const server = await startFaultServer([{ reset: "before-response" }]);
  t.after(() => server.close());
  const failure = await fetch(server.url, { method: "POST", body: "{}" }).catch(
    (error: unknown) => error,
  );
  assert.ok(failure instanceof TypeError);
  assert.equal(failure.message, "fetch failed");
  assert.ok(failure.cause instanceof errors.SocketError);
  assert.equal(failure.cause.code, "UND_ERR_SOCKET");
});

test("reset mid-response: headers arrive, the body fails", TIMEOUT, async (t) => {
  const body = { SecretString: "x".repeat(1000) };
  const [, client] = await setup(t, [{ reset: "mid-response", status: 200, body }]);
  const response = await post(client);
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers["content-length"], String(JSON.stringify(body).length));
  await assert.rejects(response.body.text(), SOCKET_CLOSED);
});

test("raw bytes: a truncated JSON body, and a broken status line", TIMEOUT, async (t) => {
  const [, client] = await setup(t, [
    // Framed by Connection: close, so the client accepts the cut-off JSON as the whole body.
    {
      raw:
        "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\n" +
        'connection: close\r\n\r\n{"Name":"tr',
    },
    // Announces more than it sends.
    { raw: 'HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n{"Name":"tr' },
    { raw: "garbage\r\n\r\n" },
  ]);

  const truncated = await post(client);
  assert.equal(truncated.statusCode, 200);
  const text = await truncated.body.text();
  assert.equal(text, '{"Name":"tr');
  assert.throws(() => JSON.parse(text), SyntaxError);

  const short = await post(client);
  assert.equal(short.statusCode, 200);
  await assert.rejects(short.body.text(), SOCKET_CLOSED);

  await assert.rejects(post(client), errors.HTTPParserError);
});

test("a hang lasts until close(), which releases it", TIMEOUT, async (t) => {
  const server = await startFaultServer([{ hang: true }]);
  const client = new Client(server.url);
  t.after(() => client.destroy());

  let settled = false;
  const pending = post(client).finally(() => {
    settled = true;
  });
  await sleep(200);
  assert.equal(settled, false);
  assert.equal(server.requests.length, 1);
  assert.equal(
    server.dropIdleConnections(),
    0,
    "a connection with a request in flight is not idle",
  );

  const started = Date.now();
  await server.close();
  await assert.rejects(pending, SOCKET_CLOSED);
  assert.ok(Date.now() - started < 1_000);
});

test("a delay postpones the reply; close() cancels a pending delay", TIMEOUT, async (t) => {
  const server = await startFaultServer([
    { delayMs: 150, reply: { status: 200, body: "late" } },
    { delayMs: 60_000, reply: { status: 200 } },
  ]);
  const client = new Client(server.url);
  t.after(() => client.destroy());

  const started = Date.now();
  const response = await post(client);
  assert.equal(await response.body.text(), "late");
  assert.ok(Date.now() - started >= 140, `answered after ${Date.now() - started} ms`);

  const pending = post(client);
  await sleep(50);
  await server.close();
  await assert.rejects(pending, SOCKET_CLOSED);
  // Had the 60 s timer survived close(), this file's process would not exit on its own.
});

test("dropIdleConnections(): undici reconnects on a new connection", TIMEOUT, async (t) => {
  const [server, client] = await setup(t, () => ({ status: 200, body: "ok" }));
  await (await post(client)).body.text();
  await (await post(client)).body.text();
  assert.equal(server.dropIdleConnections(), 1);
  await sleep(20); // let the client see the close
  assert.equal(await (await post(client)).body.text(), "ok");
  assert.deepEqual(
    server.requests.map((request) => request.connection),
    [0, 0, 1],
  );
});

test(
  "dropIdleConnections(): node's Agent writes on the dropped socket, ECONNRESET",
  TIMEOUT,
  async (t) => {
    const server = await startFaultServer(() => ({ status: 200, body: "ok" }));
    const agent = new Agent({ keepAlive: true });
    t.after(async () => {
      agent.destroy();
      await server.close();
    });
    const send = () =>
      new Promise<string>((resolve, reject) => {
        const request = httpRequest(server.url, { agent, method: "POST" }, (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("end", () => resolve(text));
          response.on("error", reject);
        });
        request.on("error", reject);
        request.end("{}");
      });

    assert.equal(await send(), "ok");
    await sleep(10); // the socket goes back to the agent's free list
    assert.equal(server.dropIdleConnections(), 1);
    // Same tick: the agent has not read the server's FIN yet and reuses the socket.
    await assert.rejects(send(), { code: "ECONNRESET", message: "socket hang up" });
    assert.equal(
      server.requests.length,
      1,
      "the reused socket's request never reached the handler",
    );
  },
);
