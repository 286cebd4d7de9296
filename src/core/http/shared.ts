/**
 * What the node and undici engines do alike, written once: where a URL connects (its port,
 * its host without IPv6 brackets), how long an idle keep-alive connection stays open, how
 * response headers are flattened, and which errors a failed or closed engine gives. Which
 * proxy the environment names is decided in `./proxy`, for both engines too.
 */
import type { IncomingHttpHeaders } from "node:http";
import { NetworkError, TimeoutError } from "../errors";

/** Idle keep-alive connections are closed after this long. */
export const KEEP_ALIVE_IDLE_MS = 4_000;

/** The port `url` connects to: its own, or the default of its scheme. */
export function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === "https:" ? 443 : 80);
}

/** `url`'s host as sockets take it: an IPv6 address without the brackets URLs put around it. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** What an engine's errors say about where it connects. */
export interface Destination {
  /** `host:port`, and " through the proxy" when there is one. */
  readonly target: string;
  /** The connection timeout, in milliseconds. */
  readonly connectMs: number;
}

export function destinationOf(origin: URL, proxied: boolean, connectMs: number): Destination {
  const through = proxied ? " through the proxy" : "";
  return { target: `${origin.hostname}:${portOf(origin)}${through}`, connectMs };
}

/** What joins the values of a repeated header. */
const LIST_SEPARATOR = ", ";

/**
 * Response headers as `HttpResponse` carries them: names in lower case, a repeated header's
 * values joined with `, `. Takes node's raw list (name, value, name, value, ...), which keeps
 * every repeat (its `headers` drops some), or undici's record of lower-case names.
 */
export function flattenHeaders(
  headers: readonly string[] | IncomingHttpHeaders,
): Record<string, string> {
  const flat: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) {
      const name = (headers[index] as string).toLowerCase();
      if (name === "__proto__") continue;
      const value = headers[index + 1] as string;
      const previous = flat[name];
      flat[name] = previous === undefined ? value : `${previous}${LIST_SEPARATOR}${value}`;
    }
    return flat;
  }
  // undici's record holds each name once, with a repeated header's values in an array.
  for (const name in headers) {
    const value = (headers as IncomingHttpHeaders)[name];
    if (value === undefined || name === "__proto__") continue;
    flat[name] = typeof value === "string" ? value : value.join(LIST_SEPARATOR);
  }
  return flat;
}

/**
 * A connection failure of either engine as the transport's error: a `TimeoutError` when
 * connecting took too long, otherwise a `NetworkError` with the system or undici code.
 */
export function translateError(
  error: Error,
  responded: boolean,
  reusedConnection: boolean,
  destination: Destination,
): TimeoutError | NetworkError {
  if (error instanceof TimeoutError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return new TimeoutError("connection", destination.connectMs, { cause: error });
  }
  return new NetworkError(typeof code === "string" ? code : "UNKNOWN", !responded, error, {
    target: destination.target,
    reusedConnection,
  });
}

const ENGINE_CLOSED = "ERR_ENGINE_CLOSED";

/**
 * The failure of a request that came after its engine's `close()` (never sent), or that
 * `close()` stopped while it ran (with {@link engineClosedCause} as its cause).
 */
export function engineClosedError(beforeResponse: boolean, cause?: Error): NetworkError {
  return new NetworkError(ENGINE_CLOSED, beforeResponse, cause);
}

/** The low-level error of a closed engine, with the same code: what node's agent is told. */
export function engineClosedCause(): Error {
  return Object.assign(new Error("The HTTP engine was closed"), { code: ENGINE_CLOSED });
}
