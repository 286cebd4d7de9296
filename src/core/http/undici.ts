import type { Dispatcher } from "undici";
import { NetworkError, TimeoutError } from "../errors";
import type { HttpEngine, HttpEngineFactory, HttpRequest, HttpResponse } from "./types";

/**
 * The engine for busy services: an undici keep-alive pool, the fastest client here under
 * concurrency. undici is imported on the first request, not with this module, so a process
 * that uses the node engine (the default in AWS Lambda) never loads it; and only its pool and
 * request API are loaded, not the whole package (see `loadPoolOnly`).
 *
 * With `HTTPS_PROXY` / `HTTP_PROXY` set, requests go through undici's `EnvHttpProxyAgent`,
 * which also reads `NO_PROXY`. undici's own header and body timeouts are off: the transport
 * bounds each attempt with one abort signal, so there is a single place where a timeout fires.
 */
export const createUndiciEngine: HttpEngineFactory = (origin, options) => {
  let dispatcher: Promise<Pooled> | undefined;
  let closed = false;

  async function open(): Promise<Pooled> {
    const settings = {
      connect: { timeout: options.connectionTimeout },
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 4_000,
      ...(options.maxSockets === undefined ? {} : { connections: options.maxSockets }),
    };
    if (usesProxy(origin)) {
      const undici = await import("undici");
      const agent = new undici.EnvHttpProxyAgent(settings);
      return { dispatcher: agent, request: (request) => agent.request(request) };
    }
    const { Pool, request } = await loadPoolOnly();
    const pool = new Pool(origin, settings);
    return { dispatcher: pool, request: (options) => request.call(pool, options) };
  }

  async function send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    if (closed) throw new NetworkError("ERR_ENGINE_CLOSED", true);
    dispatcher ??= open();
    let responded = false;
    try {
      const response = await (await dispatcher).request({
        origin,
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body,
        signal,
      });
      responded = true;
      const body = await response.body.text();
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
    } catch (error) {
      throw translateError(error, signal, responded, options.connectionTimeout);
    }
  }

  return {
    send,
    close: async () => {
      closed = true;
      const pending = dispatcher;
      dispatcher = undefined;
      if (pending !== undefined) await (await pending).dispatcher.close();
    },
  } satisfies HttpEngine;
};

type RequestFunction = (options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

/** A dispatcher and the `request` API bound to it. */
interface Pooled {
  readonly dispatcher: Dispatcher;
  readonly request: RequestFunction;
}

interface PoolOnly {
  Pool: new (origin: URL, options: object) => Dispatcher;
  request: (
    this: Dispatcher,
    options: Dispatcher.RequestOptions,
  ) => Promise<Dispatcher.ResponseData>;
}

/**
 * undici's entry point loads everything it has (fetch, WebSocket, cookies, caches): about
 * 100 ms here, against 35 ms for the pool and the request API alone. These are internal paths,
 * so a missing one falls back to the entry point; the transport suite runs either way.
 */
async function loadPoolOnly(): Promise<PoolOnly> {
  // Non-literal specifiers: bundlers leave them to node, which resolves them in undici.
  const poolPath = "undici/lib/dispatcher/pool.js";
  const requestPath = "undici/lib/api/api-request.js";
  try {
    const [pool, request] = await Promise.all([import(poolPath), import(requestPath)]);
    const Pool = (pool.default ?? pool) as PoolOnly["Pool"];
    const requestFunction = (request.default ?? request) as PoolOnly["request"];
    if (typeof Pool === "function" && typeof requestFunction === "function") {
      return { Pool, request: requestFunction };
    }
  } catch {
    // undici moved its files: use the public entry point.
  }
  const undici = await import("undici");
  return { Pool: undici.Pool, request: undici.Pool.prototype.request as PoolOnly["request"] };
}

function usesProxy(origin: URL): boolean {
  const env = process.env;
  const names =
    origin.protocol === "https:"
      ? ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"]
      : ["http_proxy", "HTTP_PROXY"];
  return names.some((name) => (env[name] ?? "") !== "");
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>) {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function translateError(
  error: unknown,
  signal: AbortSignal,
  responded: boolean,
  connectMs: number,
) {
  if (signal.aborted) return signal.reason;
  const code = (error as { code?: unknown }).code;
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return new TimeoutError("connection", connectMs, { cause: error });
  }
  return new NetworkError(typeof code === "string" ? code : "UNKNOWN", !responded, error);
}
