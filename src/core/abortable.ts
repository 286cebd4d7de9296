/**
 * Waits that the caller's signal, or an attempt's deadline, cuts short: for the settings of the
 * first call, for credentials while signing, and between attempts.
 */
import { AbortError } from "./errors";
import { startDeadline } from "./http/deadline";
import type { SendOptions } from "./http/types";

/** Waits for `promise` unless the caller's signal fires first (then an `AbortError`). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new AbortError(signal.reason));
  return settledFirst(promise, (reject) => {
    const onAbort = () => reject(new AbortError(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    return () => signal.removeEventListener("abort", onAbort);
  });
}

/** Waits for `promise` unless the deadline passes or the caller's signal fires first. */
export function withinDeadline<T>(promise: Promise<T>, options: SendOptions): Promise<T> {
  return settledFirst(promise, (reject) => {
    const deadline = startDeadline(options, reject);
    return () => deadline.clear();
  });
}

/** Waits `ms`; rejects if the signal fires first (the transport reports that as `AbortError`). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  // Loaded on the first retry: most processes never wait between attempts.
  const { setTimeout: sleep } = process.getBuiltinModule("node:timers/promises");
  return sleep(ms, undefined, signal === undefined ? undefined : { signal });
}

/**
 * Settles as `promise` does, unless what `cutShort` starts rejects first; `cutShort` returns
 * the function that stops it, called once `promise` settles.
 */
function settledFirst<T>(
  promise: Promise<T>,
  cutShort: (reject: (error: unknown) => void) => () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const stop = cutShort(reject);
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}
