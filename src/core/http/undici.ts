import { Pool } from "undici";
import { NetworkError, TimeoutError } from "../errors";
import type { HttpEngine, HttpEngineFactory, HttpRequest, HttpResponse } from "./types";

/**
 * The engine for busy services: an undici keep-alive pool, the fastest client here under
 * concurrency. Undici's own header and body timeouts are off: the transport bounds each
 * attempt with one abort signal, so there is a single place where a timeout fires.
 */
export const createUndiciEngine: HttpEngineFactory = (origin, options) => {
  const pool = new Pool(origin, {
    connect: { timeout: options.connectionTimeout },
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 4_000,
  });

  async function send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    let responded = false;
    try {
      const response = await pool.request({
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
      await pool.close();
    },
  } satisfies HttpEngine;
};

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
