/**
 * The end of one HTTP exchange, for engines: a timer for the attempt's timeout and, when the
 * caller passed one, a listener on its signal. Both call `cancel` once with the error the
 * exchange must fail with; `clear()` removes both when the exchange ends first. Engines own
 * this instead of receiving an AbortSignal per attempt: an AbortController and an EventTarget
 * listener for every request cost more than the rest of an engine's work.
 */
import { AbortError, TimeoutError } from "../errors";
import type { SendOptions } from "./types";

export interface Deadline {
  clear(): void;
}

export function startDeadline(options: SendOptions, cancel: (error: Error) => void): Deadline {
  const { signal, timeout } = options;
  let ended = false;
  const timer = setTimeout(() => {
    clear();
    cancel(new TimeoutError("request", timeout));
  }, timeout);
  const onAbort = () => {
    if (ended) return;
    clear();
    cancel(new AbortError(signal?.reason));
  };
  if (signal?.aborted === true) {
    // A signal that is already aborted fires no event: cancel once the caller has set up.
    queueMicrotask(onAbort);
  } else {
    signal?.addEventListener("abort", onAbort, { once: true });
  }
  function clear() {
    ended = true;
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
  return { clear };
}
