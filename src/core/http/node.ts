/**
 * The engine for cold starts (AWS Lambda, CLIs, short jobs): node's own `http` / `https`
 * client with a keep-alive Agent. undici is faster under concurrency, but loading it and
 * compiling its WASM parser cost more than a Lambda invocation usually spends on HTTP; this
 * engine loads nothing outside node's built-ins, and loads those when the engine is made, not
 * when this module is imported (`process.getBuiltinModule`, node 20.16+).
 *
 * Timeouts: the connection timeout runs per new socket, from its creation until it is
 * connected (TCP, then TLS for https, and the proxy tunnel when there is one), so neither a
 * reused keep-alive socket nor time spent waiting for a free socket under `maxSockets` counts.
 * Everything after that is bounded by the exchange's deadline (`./deadline`), as with undici.
 *
 * Proxies: `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are honoured through CONNECT tunnels;
 * what exactly is supported is listed in `./proxy`.
 */
import type { Agent, IncomingMessage, RequestOptions } from "node:http";
import type { Socket } from "node:net";
import { AbortError, TimeoutError } from "../errors";
import { BodyCollector, DEFAULT_MAX_RESPONSE_BYTES } from "./body";
import { startDeadline } from "./deadline";
import { openTunnel, proxyFor } from "./proxy";
import {
  destinationOf,
  engineClosedCause,
  engineClosedError,
  flattenHeaders,
  hostOf,
  KEEP_ALIVE_IDLE_MS,
  portOf,
  translateError,
} from "./shared";
import type { HttpEngineFactory, HttpRequest, HttpResponse, SendOptions } from "./types";

export const createNodeEngine: HttpEngineFactory = (origin, options) => {
  const secure = origin.protocol === "https:";
  if (!secure && origin.protocol !== "http:") {
    throw new TypeError(`The node HTTP engine cannot reach a ${origin.protocol} origin`);
  }
  const http = process.getBuiltinModule(secure ? "node:https" : "node:http");
  const proxy = proxyFor(origin, process.env);
  const connectMs = options.connectionTimeout;
  const hostname = hostOf(origin);
  const port = portOf(origin);
  const destination = destinationOf(origin, proxy !== undefined, connectMs);
  const maxBodyBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const agent: Agent = new http.Agent({
    keepAlive: true,
    timeout: KEEP_ALIVE_IDLE_MS,
    ...(options.maxSockets !== undefined && { maxSockets: options.maxSockets }),
  });
  // Created by us and not yet handed to the agent: closed by close() along with the pool.
  const tunnels = new Set<Socket>();
  /** How to fail each request still running, for close(). */
  const running = new Set<() => void>();
  let closed = false;

  const createSocket = agent.createConnection.bind(agent);
  agent.createConnection = (socketOptions, onCreate) => {
    // After close() the agent may still try to connect for a request that was queued under
    // maxSockets when another's socket went away; that request has already failed.
    if (closed) {
      onCreate?.(engineClosedCause(), undefined as never);
      return undefined;
    }
    if (proxy === undefined) {
      const socket = createSocket(socketOptions) as Socket;
      socket.setNoDelay(true);
      limitConnecting(socket, secure ? "secureConnect" : "connect", connectMs);
      return socket;
    }
    // The agent accepts a socket made asynchronously through the callback. One timer bounds
    // the whole connection: to the proxy, the CONNECT exchange, then TLS to the origin.
    let timer: NodeJS.Timeout | undefined;
    let socket = openTunnel(proxy, `${origin.hostname}:${port}`, (error) => {
      tunnels.delete(socket);
      if (error !== undefined || !secure) {
        if (timer !== undefined) clearTimeout(timer);
        onCreate?.(error ?? null, socket);
        return;
      }
      socket = createSocket({ ...socketOptions, socket } as RequestOptions) as Socket;
      if (timer !== undefined) {
        const stop = () => clearTimeout(timer);
        socket.once("secureConnect", stop).once("close", stop);
      }
      onCreate?.(null, socket);
    });
    tunnels.add(socket);
    timer = connectionTimer(connectMs, () => socket.destroy(connectionTimeout(connectMs)));
    return undefined;
  };

  function send(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
    if (closed) return Promise.reject(engineClosedError(true));
    if (options.signal?.aborted) return Promise.reject(new AbortError(options.signal.reason));
    return new Promise((resolve, reject) => {
      const outgoing = http.request({
        agent,
        host: hostname,
        port,
        method: request.method,
        path: request.path,
        headers: request.headers,
      });
      let responded = false;
      let settled = false;
      const settle = () => {
        settled = true;
        running.delete(onClose);
        deadline.clear();
      };
      const fail = (error: unknown) => {
        if (settled) return;
        settle();
        // Destroys the socket too (a half-read response cannot be reused), which clears its
        // connection timer if it was still connecting.
        outgoing.destroy();
        reject(error);
      };
      // Rejects here rather than through the request's 'error' event: a request destroyed
      // while it waits for a socket emits nothing until a socket comes, which may be never.
      const deadline = startDeadline(options, fail);
      const onClose = () => fail(engineClosedError(!responded, engineClosedCause()));
      const onError = (error: Error) =>
        fail(translateError(error, responded, outgoing.reusedSocket, destination));
      running.add(onClose);
      outgoing.on("error", onError);
      outgoing.on("response", (response: IncomingMessage) => {
        responded = true;
        const status = response.statusCode ?? 0;
        const body = new BodyCollector(maxBodyBytes);
        const declared = body.checkDeclared(status, response.headers["content-length"]);
        if (declared !== undefined) return fail(declared);
        response.on("data", (chunk: Buffer) => {
          const tooLarge = body.add(status, chunk);
          if (tooLarge !== undefined) fail(tooLarge);
        });
        response.on("error", onError);
        response.on("close", () => {
          if (!response.complete)
            onError(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        });
        response.on("end", () => {
          if (settled) return;
          settle();
          resolve({ status, headers: flattenHeaders(response.rawHeaders), body: body.text() });
        });
      });
      outgoing.end(request.body);
    });
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    for (const fail of running) fail();
    for (const socket of tunnels) socket.destroy();
    const sockets = [...Object.values(agent.sockets), ...Object.values(agent.freeSockets)]
      .flat()
      .filter((socket) => socket !== undefined && !socket.closed);
    agent.destroy();
    await Promise.all(
      sockets.map((socket) => new Promise((resolve) => socket?.once("close", resolve))),
    );
  }

  return { send, close };
};

/**
 * Destroys `socket` with a TimeoutError unless it emits `ready` within `ms`; the timer goes
 * away as soon as the socket is ready or closed, whichever comes first.
 */
function limitConnecting(socket: Socket, ready: "connect" | "secureConnect", ms: number): void {
  const timer = connectionTimer(ms, () => socket.destroy(connectionTimeout(ms)));
  if (timer === undefined) return;
  const stop = () => {
    clearTimeout(timer);
    socket.off(ready, stop).off("close", stop);
  };
  socket.once(ready, stop).once("close", stop);
}

/** 0, a negative or a non-finite timeout means none, as in undici. */
function connectionTimer(ms: number, onTimeout: () => void): NodeJS.Timeout | undefined {
  return Number.isFinite(ms) && ms > 0 ? setTimeout(onTimeout, ms) : undefined;
}

function connectionTimeout(ms: number): TimeoutError {
  return new TimeoutError("connection", ms);
}
