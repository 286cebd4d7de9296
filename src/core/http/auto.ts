/**
 * The default engine: node's own client while the process is not busy, undici once it is.
 *
 * A CLI, a script or a Lambda invocation makes a few calls and exits: there, loading undici
 * and compiling its WASM parser cost more than they save, and keep the process alive after its
 * answer. A busy service makes many calls a second, where undici's pool spends less CPU per
 * call. So the engine starts on node's client and counts requests; once it has seen
 * {@link BUSY_REQUESTS} within {@link BUSY_WINDOW_MS} (sequential calls count as much as
 * concurrent ones), it loads undici and opens its pool in the background while requests go on
 * over node's client, and sends everything after that through undici. If undici cannot be
 * loaded (a bundle that left it out), it stays on node's client.
 */
import { createNodeEngine } from "./node";
import type { HttpEngine, HttpEngineOptions } from "./types";
import { createUndiciEngine, type UndiciEngine } from "./undici";

/** How many requests within {@link BUSY_WINDOW_MS} make a process busy. */
export const BUSY_REQUESTS = 32;
/** The window {@link BUSY_REQUESTS} are counted in, in milliseconds. */
export const BUSY_WINDOW_MS = 1_000;

/** The default engine, which can say which engine serves it now. */
export interface AutoEngine extends HttpEngine {
  /** The engine requests go through now. */
  readonly active: "node" | "undici";
}

/**
 * @param busyEngine Test seam: makes the engine for busy times (undici's, by default).
 */
export function createAutoEngine(
  origin: URL,
  options: HttpEngineOptions,
  busyEngine: (origin: URL, options: HttpEngineOptions) => UndiciEngine = createUndiciEngine,
): AutoEngine {
  // Both made now, from the same environment (the proxy variables): undici's loads nothing yet.
  const node = createNodeEngine(origin, options);
  const busy = busyEngine(origin, options);
  let undici: HttpEngine | undefined;
  let upgrade: Promise<void> | undefined;
  let windowStart = 0;
  let requests = 0;
  let closed = false;

  async function switchToUndici(): Promise<void> {
    try {
      await busy.prepare();
    } catch {
      // undici is not installed beside this code: node's client goes on serving.
      return;
    }
    if (!closed) undici = busy;
  }

  return {
    send(request, sendOptions) {
      if (undici !== undefined) return undici.send(request, sendOptions);
      if (upgrade === undefined) {
        const now = performance.now();
        if (now - windowStart >= BUSY_WINDOW_MS) {
          windowStart = now;
          requests = 0;
        }
        requests += 1;
        if (requests >= BUSY_REQUESTS) upgrade = switchToUndici();
      }
      return node.send(request, sendOptions);
    },
    async close() {
      closed = true;
      await upgrade;
      await Promise.all([node.close(), busy.close()]);
    },
    get active() {
      return undici === undefined ? "node" : "undici";
    },
  };
}
