/**
 * Observability without leaks: the transport reports each HTTP attempt to an optional
 * console-shaped logger and an optional hook. Neither ever sees a request or response body,
 * so a sensitive member's value cannot reach them.
 */

/** Anything shaped like `console`; every method is optional. */
export interface Logger {
  /** One line per attempt and per retry. */
  debug?(message: string, ...details: unknown[]): void;
  /** Not used by the client today; accepted so `console` fits. */
  info?(message: string, ...details: unknown[]): void;
  /** Unusual but handled events, such as a clock-skew correction. */
  warn?(message: string, ...details: unknown[]): void;
  /** Not used by the client today; accepted so `console` fits. */
  error?(message: string, ...details: unknown[]): void;
}

/** What the `onRequest` hook sees of each HTTP attempt. */
export interface RequestEvent {
  /** The operation name, for example `GetSecretValue`. */
  readonly operation: string;
  /** 1 for the first attempt of a call. */
  readonly attempt: number;
  /** HTTP status; absent when no response arrived. */
  readonly status?: number | undefined;
  /** Milliseconds from sending to the end of the response (or the failure). */
  readonly durationMs: number;
  /** The service's request id, when a response arrived. */
  readonly requestId?: string | undefined;
  /** The error name when the attempt failed, for example `ThrottlingException`. */
  readonly errorName?: string | undefined;
}

/** The `onRequest` option: called after every HTTP attempt. */
export type RequestHook = (event: RequestEvent) => void;
