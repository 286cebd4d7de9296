/**
 * A small HTTP/1.1 server over node:net, for the fake service only. node:http's server costs
 * about as much CPU per request as the fastest client measured here, so with 16 requests in
 * flight it, not the client, would set the pace; this one parses just what a request to an
 * AWS JSON service needs (request line, headers, a Content-Length or chunked body), keeps
 * connections alive, and writes each response with one writev.
 *
 * handler(request, body) returns `{ status, headers: [name, value][], body: Buffer }`;
 * request is `{ method, url, rawHeaders, headers }` (headers: lower-case name → value,
 * repeated ones joined with ", ", as node:http does).
 */
import { createServer } from "node:net";

const CRLFCRLF = Buffer.from("\r\n\r\n");
const MAX_HEAD = 16 * 1024;
const MAX_BODY = 1024 * 1024;
const REASONS = {
  100: "Continue",
  200: "OK",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  413: "Payload Too Large",
  500: "Internal Server Error",
};

let dateSecond = 0;
let dateText = "";
function httpDate() {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

class BadRequest extends Error {}

function parseHead(text) {
  const lines = text.split("\r\n");
  const [method, url, version] = lines[0].split(" ");
  if (version !== "HTTP/1.1" && version !== "HTTP/1.0")
    throw new BadRequest(`bad request line ${lines[0]}`);
  const rawHeaders = [];
  const headers = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(":");
    if (colon <= 0) throw new BadRequest("bad header line");
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    rawHeaders.push(name, value);
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return { method, url, version, rawHeaders, headers };
}

/** Decodes a complete chunked body at `start`; undefined when more bytes are needed. */
function readChunked(buffer, start) {
  const parts = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at, "latin1");
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(buffer.latin1Slice(at, lineEnd).split(";")[0], 16);
    if (!Number.isFinite(size) || size < 0) throw new BadRequest("bad chunk size");
    at = lineEnd + 2;
    if (size === 0) {
      const end = buffer.indexOf(CRLFCRLF, at - 2);
      if (end === -1) return undefined;
      return { body: Buffer.concat(parts), end: end + 4 };
    }
    if (buffer.length < at + size + 2) return undefined;
    parts.push(buffer.subarray(at, at + size));
    at += size + 2;
  }
}

/** `onBadRequest(message)` hears about requests that could not be parsed (answered with 400). */
export function createHttp1Server(handler, { onBadRequest = () => {} } = {}) {
  const sockets = new Set();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.setKeepAlive(true);
    let pending = Buffer.alloc(0);
    let continued = false;

    const respond = (response, close) => {
      let head = `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? "Unknown"}\r\nDate: ${httpDate()}\r\nContent-Length: ${response.body.length}\r\n`;
      for (const [name, value] of response.headers) head += `${name}: ${value}\r\n`;
      head += close
        ? "Connection: close\r\n\r\n"
        : "Connection: keep-alive\r\nKeep-Alive: timeout=60\r\n\r\n";
      socket.cork();
      socket.write(head, "latin1");
      socket.write(response.body);
      socket.uncork();
      if (close) socket.end();
    };

    socket.on("data", (chunk) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      try {
        for (;;) {
          const headEnd = pending.indexOf(CRLFCRLF);
          if (headEnd === -1) {
            if (pending.length > MAX_HEAD) throw new BadRequest("request head too large");
            return;
          }
          const request = parseHead(pending.latin1Slice(0, headEnd));
          const bodyStart = headEnd + 4;
          let body;
          let end;
          if (/chunked/i.test(request.headers["transfer-encoding"] ?? "")) {
            const chunked = readChunked(pending, bodyStart);
            if (chunked === undefined) {
              if (pending.length > MAX_BODY) throw new BadRequest("body too large");
              return;
            }
            ({ body, end } = chunked);
          } else {
            const length = Number(request.headers["content-length"] ?? 0);
            if (!Number.isInteger(length) || length < 0 || length > MAX_BODY)
              throw new BadRequest("bad content-length");
            if (pending.length < bodyStart + length) {
              if (request.headers.expect?.toLowerCase() === "100-continue" && !continued) {
                continued = true;
                socket.write("HTTP/1.1 100 Continue\r\n\r\n");
              }
              return;
            }
            body = pending.subarray(bodyStart, bodyStart + length);
            end = bodyStart + length;
          }
          continued = false;
          pending = end === pending.length ? Buffer.alloc(0) : pending.subarray(end);
          const close =
            request.headers.connection?.toLowerCase() === "close" || request.version === "HTTP/1.0";
          respond(handler(request, body), close);
          if (close) return;
        }
      } catch (error) {
        const message = error instanceof BadRequest ? error.message : "internal error";
        onBadRequest(message);
        respond(
          { status: 400, headers: [["Content-Type", "text/plain"]], body: Buffer.from(message) },
          true,
        );
        pending = Buffer.alloc(0);
      }
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
  });
  server.closeAllConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return server;
}
