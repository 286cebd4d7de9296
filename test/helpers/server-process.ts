/**
 * What the helpers that start a server program for a test file (moto.ts, postgres.ts) share:
 * watching the child process, and finding a free port to give it.
 */
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface ServerProcess {
  /** Why the process is gone (exit code, signal or spawn error), once its pipes have closed. */
  ended(): string | undefined;
  /** The last `keptChars` characters it wrote to stdout and stderr. */
  output(): string;
  /**
   * Sends `signal` (unless it already exited), waits for the exit, SIGKILL after `graceMs`,
   * and closes the pipes. Safe to call twice.
   */
  stop(signal: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface WatchOptions {
  /** How much of the output to keep (the tail), in characters. */
  keptChars: number;
  /** The signal to send if this process exits while the child still runs. */
  signalOnExit: NodeJS.Signals;
}

/**
 * Watches a child spawned with piped stdout and stderr. The output is read all the time, so
 * that the pipes never fill, but only its tail is kept. Nothing here holds the event loop: a
 * test file that forgets stop() still exits, and the child gets `signalOnExit` then.
 */
export function watchServerProcess(child: ChildProcess, options: WatchOptions): ServerProcess {
  let output = "";
  const keep = (text: string) => {
    output = (output + text).slice(-options.keptChars);
  };
  child.stdout?.on("data", (chunk: Buffer) => keep(chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => keep(chunk.toString("utf8")));

  let ended: string | undefined;
  // 'close' comes after the pipes drained, so the output explains the exit when we look.
  child.once("close", (code, signal) => {
    ended ??= code !== null ? `exit code ${code}` : `signal ${signal}`;
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    // A spawn failure (ENOENT...) emits 'error' and no 'exit'.
    child.once("error", (error) => {
      keep(`\n[spawn error] ${error.message}\n`);
      ended ??= `spawn error ${error.message}`;
      resolve();
    });
  });

  child.unref();
  (child.stdout as { unref?: () => void } | null)?.unref?.();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  const signalOnExit = () => child.kill(options.signalOnExit);
  process.on("exit", signalOnExit);

  return {
    ended: () => ended,
    output: () => output,
    async stop(signal, graceMs = 10_000) {
      process.off("exit", signalOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // or the loop could end before the 'exit' we wait for
        child.kill(signal);
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await exited;
      // Should the server have left a grandchild holding the pipes, do not wait for it.
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}

/** A port nothing listens on right now (another process may still take it before we do). */
export async function findFreePort(host = "127.0.0.1"): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port assigned");
  return address.port;
}
