/**
 * A scripted `node:http` server on 127.0.0.1 (port 0) for transport tests: each request gets
 * the next reply of the script, which can be a normal response or a fault (a reset socket, a
 * hang, a delay, arbitrary bytes). Every request is recorded. `close()` destroys every socket,
 * so a test never waits on a hung exchange.
 *
 * Connections stay alive between replies (node's default keep-alive), so a pooled client reuses
 * them; `RecordedRequest.connection` tells which connection a request came on.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type FaultReply =
  /** A normal response. An object body is sent as JSON (`application/x-amz-json-1.1`). */
  | { status: number; headers?: Record<string, string>; body?: string | object }
  /**
   * Destroys the socket: before anything is written, or after the headers and half the body
   * (the headers announce the full length, so the client sees a truncated body).
   */
  | { reset: "before-response" | "mid-response"; status?: number; body?: string | object }
  /** Never answers; `close()` releases it. */
  | { hang: true }
  | { delayMs: number; reply: FaultReply }
  /** Written to the socket as is (status line and headers included), then the socket is ended. */
  | { raw: string }
  /**
   * A body that does not end: `chunk` written again and again as fast as the client reads,
   * until the client closes the connection or `maxBytes` have gone (then the socket is
   * destroyed). Chunked, unless `declaredLength` sets a `Content-Length`.
   */
  | { flood: { status: number; chunk: string; maxBytes: number; declaredLength?: number } };

export type FaultScript =
  | readonly FaultReply[]
  /** Called once the request body has been read; `index` counts requests from 0. */
  | ((request: RecordedRequest, index: number) => FaultReply);

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
  /** Which connection (counted from 0, in order of arrival) carried the request. */
  connection: number;
  /** For a `flood` reply: body bytes written so far. */
  floodedBytes: number;
}

export interface FaultServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /**
   * Destroys the connections that have no request in flight, the way a server or a load
   * balancer silently drops idle keep-alive connections. Returns how many it dropped.
   */
  dropIdleConnections(): number;
  /** Destroys every connection, cancels pending delays and closes the server. */
  close(): Promise<void>;
}

/** The reply once a list script has run out: loud, so a test that sent too much notices. */
const EXHAUSTED: FaultReply = {
  status: 500,
  body: { __type: "FaultServerScriptExhausted", message: "no scripted reply left" },
};

export async function startFaultServer(script: FaultScript): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Map<Socket, { id: number; inFlight: number }>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;

  const server = createServer(async (req, res) => {
    const state = sockets.get(req.socket);
    if (state !== undefined) state.inFlight++;
    res.once("close", () => {
      if (state !== undefined) state.inFlight--;
    });

    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away mid-body: nothing to answer
    }
    const body = Buffer.concat(chunks).toString("utf8");
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body,
      json: parseJson(body),
      connection: state?.id ?? -1,
      floodedBytes: 0,
    };
    const index = requests.push(recorded) - 1;
    let reply: FaultReply | undefined;
    try {
      reply = typeof script === "function" ? script(recorded, index) : script[index];
    } catch (error) {
      reply = { status: 500, body: { __type: "FaultServerScriptError", message: String(error) } };
    }
    play(reply ?? EXHAUSTED, res, recorded);
  });

  function play(reply: FaultReply, res: ServerResponse, recorded: RecordedRequest): void {
    const socket = res.socket;
    if ("hang" in reply) return;
    if ("delayMs" in reply) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        play(reply.reply, res, recorded);
      }, reply.delayMs);
      timers.add(timer);
      return;
    }
    if ("raw" in reply) {
      socket?.end(reply.raw);
      return;
    }
    if ("flood" in reply) {
      flood(reply.flood, res, recorded);
      return;
    }
    if ("reset" in reply) {
      if (reply.reset === "before-response") {
        socket?.destroy();
        return;
      }
      const { headers, payload } = encode(reply.body ?? { message: "this body is cut short" });
      res.writeHead(reply.status ?? 200, { ...headers, "content-length": payload.length });
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => socket?.destroy());
      return;
    }
    const { headers, payload } = encode(reply.body ?? "");
    for (const [name, value] of Object.entries(reply.headers ?? {})) {
      headers[name.toLowerCase()] = value; // lower case, so a given header replaces a default one
    }
    res.writeHead(reply.status, { ...headers, "content-length": payload.length });
    res.end(payload);
  }

  server.on("connection", (socket: Socket) => {
    sockets.set(socket, { id: connections++, inFlight: 0 });
    socket.once("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port assigned");

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    dropIdleConnections() {
      let dropped = 0;
      for (const [socket, state] of sockets) {
        if (state.inFlight > 0) continue;
        socket.destroy();
        dropped++;
      }
      return dropped;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets.keys()) socket.destroy();
      return closed;
    },
  };
}

function flood(
  spec: { status: number; chunk: string; maxBytes: number; declaredLength?: number },
  res: ServerResponse,
  recorded: RecordedRequest,
): void {
  const chunk = Buffer.from(spec.chunk);
  res.writeHead(
    spec.status,
    spec.declaredLength === undefined ? {} : { "content-length": spec.declaredLength },
  );
  const pump = () => {
    while (!res.destroyed && recorded.floodedBytes < spec.maxBytes) {
      recorded.floodedBytes += chunk.length;
      if (!res.write(chunk)) return; // wait for 'drain'
    }
    if (!res.destroyed) res.socket?.destroy();
  };
  res.on("drain", pump);
  pump();
}

function encode(body: string | object): { headers: Record<string, string>; payload: Buffer } {
  if (typeof body === "string") return { headers: {}, payload: Buffer.from(body) };
  return {
    headers: { "content-type": "application/x-amz-json-1.1" },
    payload: Buffer.from(JSON.stringify(body)),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
