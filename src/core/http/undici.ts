import type { Dispatcher } from "undici";
import { AbortError, ConfigurationError } from "../errors";
import { BodyCollector, DEFAULT_MAX_RESPONSE_BYTES } from "./body";
import { startDeadline } from "./deadline";
import { type ProxySettings, proxyFor } from "./proxy";
import {
  type Destination,
  destinationOf,
  engineClosedError,
  flattenHeaders,
  KEEP_ALIVE_IDLE_MS,
  translateError,
} from "./shared";
import type {
  HttpEngine,
  HttpEngineOptions,
  HttpRequest,
  HttpResponse,
  SendOptions,
} from "./types";

/** An undici engine can open its pool ahead of the first request. */
export interface UndiciEngine extends HttpEngine {
  /** Loads undici and opens the pool; rejects when undici cannot be loaded. */
  prepare(): Promise<void>;
}

/**
 * undici by a specifier bundlers cannot follow: a literal `import("undici")` puts all of it
 * into every bundle of every program, which most never use (docs/performance.md). A bundled
 * program that wants undici keeps the package installed beside the bundle.
 */
const UNDICI = "undici";
const UNDICI_POOL = "undici/lib/dispatcher/pool.js";

type UndiciModule = typeof import("undici");

/**
 * The engine for busy services: an undici keep-alive pool, the fastest client here under
 * concurrency. undici is imported on the first request (or by `prepare`), not with this
 * module, so a process that stays on the node engine never loads it; and only its pool is
 * loaded, not the whole package (see `loadPool`).
 *
 * Requests go through `dispatch` with a small handler that collects the body, rather than
 * undici's `request()` API: that API wraps every response in a stream and listens on an abort
 * signal per request, which together cost about as much CPU as the rest of the exchange. When
 * the environment names a proxy for the origin (`proxyFor`, the node engine's rule too),
 * requests go through undici's `ProxyAgent`. undici's own header and body timeouts are off:
 * the exchange's deadline is the single place where a request timeout fires.
 */
export function createUndiciEngine(origin: URL, options: HttpEngineOptions): UndiciEngine {
  let dispatcher: Promise<Dispatcher> | undefined;
  let closed = false;
  const proxy = proxyFor(origin, process.env);
  const exchangeSettings: ExchangeSettings = {
    ...destinationOf(origin, proxy !== undefined, options.connectionTimeout),
    maxBodyBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    connections: { opened: false },
  };

  async function open(): Promise<Dispatcher> {
    const settings = {
      connect: { timeout: options.connectionTimeout },
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: KEEP_ALIVE_IDLE_MS,
      ...(options.maxSockets === undefined ? {} : { connections: options.maxSockets }),
    };
    const opened = await (proxy ? openProxyAgent(proxy, settings) : openPool(origin, settings));
    // undici writes a new connection's first request in the same turn as its 'connect' event,
    // so the next request to start after the event is the one on the new connection.
    opened.on("connect", () => {
      exchangeSettings.connections.opened = true;
    });
    return opened;
  }

  async function send(request: HttpRequest, sendOptions: SendOptions): Promise<HttpResponse> {
    if (closed) throw engineClosedError(true);
    dispatcher ??= open();
    const ready = await dispatcher;
    // Loading undici takes a while on the first request: the caller may have given up meanwhile.
    if (sendOptions.signal?.aborted === true) throw new AbortError(sendOptions.signal.reason);
    return exchange(ready, origin, request, sendOptions, exchangeSettings);
  }

  return {
    send,
    prepare: async () => {
      dispatcher ??= open();
      await dispatcher;
    },
    close: async () => {
      closed = true;
      const pending = dispatcher;
      dispatcher = undefined;
      // A pool that failed to open (undici missing) has nothing to close; its error was reported.
      const opened = await pending?.catch(() => undefined);
      await opened?.close();
    },
  };
}

async function openProxyAgent(proxy: ProxySettings, settings: object): Promise<Dispatcher> {
  const undici = await importUndici();
  // The credentials go as the header, never in a URL that undici's errors could quote.
  const { authorization: token } = proxy;
  return new undici.ProxyAgent({ ...settings, uri: proxy.origin, ...(token && { token }) });
}

async function openPool(origin: URL, settings: object): Promise<Dispatcher> {
  const Pool = await loadPool();
  return new Pool(origin, settings);
}

/** What every exchange of one engine shares. */
interface ExchangeSettings extends Destination {
  readonly maxBodyBytes: number;
  /** Set when a connection opens; the next request to start takes it (see `open`). */
  readonly connections: { opened: boolean };
}

/** One request through `dispatch`, the whole body collected, bounded by the deadline. */
function exchange(
  dispatcher: Dispatcher,
  origin: URL,
  request: HttpRequest,
  options: SendOptions,
  settings: ExchangeSettings,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let cancelled: Error | undefined;
    let settled = false;
    let reused = false;
    let status = 0;
    let headers: Record<string, string> = {};
    const body = new BodyCollector(settings.maxBodyBytes);
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      deadline.clear();
      outcome();
    };
    const cancel = (error: Error) => {
      cancelled = error;
      // Settle first: aborting calls onResponseError at once, with undici's own wrapping.
      settle(() => reject(error));
      // Aborting destroys the connection: a half-read response cannot be reused.
      controller?.abort(error);
    };
    const deadline = startDeadline(options, cancel);
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        reused = !settings.connections.opened;
        settings.connections.opened = false;
        if (cancelled !== undefined) started.abort(cancelled);
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode;
        headers = flattenHeaders(responseHeaders);
        const tooLarge = body.checkDeclared(status, headers["content-length"]);
        if (tooLarge !== undefined) cancel(tooLarge);
      },
      onResponseData(_controller, chunk) {
        const tooLarge = body.add(status, chunk);
        if (tooLarge !== undefined) cancel(tooLarge);
      },
      onResponseEnd() {
        settle(() => resolve({ status, headers, body: body.text() }));
      },
      onResponseError(_controller, error) {
        settle(() => reject(translateError(error, status !== 0, reused, settings)));
      },
    };
    try {
      dispatcher.dispatch(
        {
          origin,
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body,
        },
        handler,
      );
    } catch (error) {
      settle(() => reject(translateError(error as Error, false, false, settings)));
    }
  });
}

/**
 * undici's entry point loads everything it has (fetch, WebSocket, cookies, caches), several
 * times what the pool alone takes to load (docs/performance.md). This is an internal path, so
 * if undici moves it the engine falls back to the entry point; the transport suite runs either
 * way.
 */
async function loadPool(): Promise<new (origin: URL, options: object) => Dispatcher> {
  try {
    const pool = await import(UNDICI_POOL);
    const Pool = pool.default ?? pool;
    if (typeof Pool === "function") return Pool;
  } catch {
    // undici moved its files: use the public entry point.
  }
  return (await importUndici()).Pool;
}

/** undici's entry point, or a ConfigurationError saying it is not there (a bundle without it). */
async function importUndici(): Promise<UndiciModule> {
  try {
    return (await import(UNDICI)) as UndiciModule;
  } catch (error) {
    throw new ConfigurationError(
      'http: "undici" needs the undici package, which could not be loaded (a bundle that left it out? Install it beside the bundle, or use http: "node")',
      { cause: error },
    );
  }
}
