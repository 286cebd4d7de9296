/**
 * The one interface between the transport and an HTTP engine. An engine talks to a single
 * origin and keeps its own connections; it knows nothing of AWS, signing or retries.
 */

export interface HttpRequest {
  readonly method: "POST";
  /** Path and query, for example `/`. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpEngineOptions {
  /** Milliseconds to wait for a TCP (and TLS) connection before giving up. */
  readonly connectionTimeout: number;
  /**
   * Most connections open to the origin at once; further requests wait for a free one.
   * @default Infinity
   */
  readonly maxSockets?: number | undefined;
}

export interface HttpEngine {
  /**
   * Sends one request and reads the whole response. Rejects with the signal's reason when the
   * signal fires, with `TimeoutError` when connecting takes too long, and with `NetworkError`
   * for any other connection failure.
   */
  send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse>;
  /** Closes every connection; requests still running fail. */
  close(): Promise<void>;
}

export type HttpEngineFactory = (origin: URL, options: HttpEngineOptions) => HttpEngine;
