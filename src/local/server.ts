/**
 * The HTTP side of the emulator: a `node:http` server speaking the service's JSON 1.1 protocol.
 *
 * - `POST /` with `X-Amz-Target: secretsmanager.<Operation>`; the body is the input as JSON,
 *   blobs in base64. A missing or unknown target is UnknownOperationException.
 * - Answers are `application/x-amz-json-1.1`, timestamps in epoch seconds, blobs in base64, and
 *   carry `x-amzn-RequestId`. Errors are `{"__type": code, "Message": text}` (`message` for the
 *   codes the model does not declare; see `errorBody`) with the status the service uses: 400 for
 *   what the request got wrong, 500 for InternalServiceError.
 * - A body that is not a JSON object is SerializationException; one larger than
 *   {@link MAX_BODY_BYTES} is RequestEntityTooLargeException (413), read to its end first so the
 *   client sees the answer rather than a reset connection.
 * - Nothing a request does stops the server: every failure becomes an answer.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeBody, encodeBody } from "../core/wire";
import { type OperationName, operations } from "../generated/operations";
import { errorBody, fail, ProtocolCode, ServiceError } from "./errors";
import type { SignedRequest } from "./signature";

/**
 * The largest request body accepted. A secret value is at most 64 KiB (a string of 65,536
 * characters may take several times that once JSON-escaped), so 1 MiB leaves room to spare.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this much, an oversized body is no longer read to its end: the connection is dropped. */
const MAX_DRAIN_BYTES = 64 * MAX_BODY_BYTES;

export interface ServerHooks {
  /** Returns an error to refuse the request with; `undefined` lets it through. */
  authenticate?: ((request: SignedRequest) => ServiceError | undefined) | undefined;
  /** Runs an operation; returns its output (dates as `Date`, blobs as `Uint8Array`). */
  invoke: (operation: OperationName, input: object) => Promise<object>;
}

export interface ServerOptions {
  host: string;
  port: number;
}

export interface RunningServer {
  /** `http://HOST:PORT` */
  readonly endpoint: string;
  readonly port: number;
  /** Stops listening and drops every connection, idle or busy. */
  close(): Promise<void>;
}

const byTarget = new Map(Object.values(operations).map((spec) => [spec.target, spec]));

export async function startServer(
  hooks: ServerHooks,
  options: ServerOptions,
): Promise<RunningServer> {
  const server = createServer((request, response) => {
    handle(hooks, request, response).catch(() => {
      // Writing the answer failed (the client went away): nothing left to tell anyone.
      response.destroy();
    });
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handle(
  hooks: ServerHooks,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  const body = await readBody(request);
  if (body === "too-large") {
    const error = new ServiceError(
      ProtocolCode.tooLarge,
      `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
      413,
    );
    sendError(response, requestId, error, true);
    return;
  }
  if (body === "dropped") {
    request.socket.destroy();
    return;
  }
  try {
    const refusal = hooks.authenticate?.({
      method: request.method ?? "POST",
      url: request.url ?? "/",
      headers: request.headers,
      body,
    });
    if (refusal !== undefined) throw refusal;
    const target = request.headers["x-amz-target"];
    if (typeof target !== "string" || target === "") {
      throw new ServiceError(ProtocolCode.unknownOperation, "The request has no X-Amz-Target.");
    }
    const spec = byTarget.get(target);
    if (spec === undefined) {
      throw new ServiceError(
        ProtocolCode.unknownOperation,
        "X-Amz-Target names no operation of this service.",
      );
    }
    let input: object;
    try {
      input = decodeBody(body.toString("utf8"), spec.input);
    } catch {
      throw fail.serialization("The request body is not a JSON object of the operation's input.");
    }
    const output = await hooks.invoke(spec.name as OperationName, input);
    send(response, requestId, 200, encodeBody(output, spec.output), false);
  } catch (error) {
    sendError(response, requestId, asServiceError(error), false);
  }
}

function asServiceError(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return fail.internal(`The emulator failed while handling the request (${detail}).`);
}

/** The whole body; `"too-large"` past the limit (read to its end), `"dropped"` far past it. */
function readBody(request: IncomingMessage): Promise<Buffer | "too-large" | "dropped"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        request.removeAllListeners("data");
        request.pause();
        resolve("dropped");
      } else if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? "too-large" : Buffer.concat(chunks)));
    request.on("error", () => resolve("dropped"));
  });
}

function sendError(
  response: ServerResponse,
  requestId: string,
  error: ServiceError,
  closeConnection: boolean,
): void {
  const body = errorBody(error);
  response.setHeader("x-amzn-ErrorType", error.code);
  send(response, requestId, error.status, body, closeConnection);
}

function send(
  response: ServerResponse,
  requestId: string,
  status: number,
  body: string,
  closeConnection: boolean,
): void {
  const bytes = Buffer.from(body, "utf8");
  response.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": bytes.length,
    "x-amzn-RequestId": requestId,
    ...(closeConnection ? { connection: "close" } : {}),
  });
  response.end(bytes);
}
