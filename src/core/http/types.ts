/**
 * The one interface between the transport and an HTTP engine. An engine talks to a single
 * origin and keeps its own connections; it knows nothing of AWS, signing or retries.
 */

/** One request as an engine sends it. */
export interface HttpRequest {
  /** Always `POST` for this service. */
  readonly method: "POST";
  /** Path and query, for example `/`. */
  readonly path: string;
  /** Headers as signed (names in any case; HTTP treats them alike). */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body. */
  readonly body: string;
}

/** One whole response as an engine returns it. */
export interface HttpResponse {
  /** The HTTP status code. */
  readonly status: number;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body, decoded as UTF-8. */
  readonly body: string;
}

/** The connection settings the client passes to an engine factory. */
export interface HttpEngineOptions {
  /** Milliseconds to wait for a TCP (and TLS) connection before giving up. */
  readonly connectionTimeout: number;
  /**
   * Most connections open to the origin at once; further requests wait for a free one.
   * @default Infinity
   */
  readonly maxSockets?: number | undefined;
  /**
   * Most bytes a response body may have. An engine stops reading and closes the connection as
   * soon as a body (or its `Content-Length`) crosses it, and fails with `ResponseTooLargeError`.
   * @default 16 MiB
   */
  readonly maxResponseBytes?: number | undefined;
}

/** How one exchange may end early. */
export interface SendOptions {
  /**
   * Milliseconds the whole exchange may take, connecting included; then the engine fails with
   * `TimeoutError` (phase `"request"`).
   */
  readonly timeout: number;
  /** The caller's signal: when it fires, the engine fails with `AbortError` (its `cause` the reason). */
  readonly signal?: AbortSignal | undefined;
}

/** Sends requests to one origin over connections it keeps. */
export interface HttpEngine {
  /**
   * Sends one request and reads the whole response. Rejects with `TimeoutError` when the
   * timeout passes (phase `"connection"` when connecting took too long), `AbortError` when the
   * signal fires, `ResponseTooLargeError` when the body crosses `maxResponseBytes`, and
   * `NetworkError` for any other connection failure. Leaves no timer or listener behind.
   */
  send(request: HttpRequest, options: SendOptions): Promise<HttpResponse>;
  /** Closes every connection; requests still running fail. */
  close(): Promise<void>;
}

/** Makes an engine for an origin: the `http` option accepts one to replace the built-in engines. */
export type HttpEngineFactory = (origin: URL, options: HttpEngineOptions) => HttpEngine;
