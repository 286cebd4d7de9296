/**
 * Keeps the passwords a rotation handled out of what it reports. A database driver's error may
 * quote the statement it failed on, and a hand-written adapter may put anything in a message:
 * before such an error becomes part of a {@link RotationError}, every password the invocation
 * read or made is replaced in its text, and a cause that shows one anywhere (message, stack,
 * extra fields) is replaced by a copy that does not.
 */
import { inspect } from "node:util";

const REDACTED = "[redacted]";

export class Redactor {
  readonly #secrets = new Set<string>();

  /** Remembers a password to hide from now on. */
  add(secret: string): void {
    if (secret !== "") this.#secrets.add(secret);
  }

  /** `text` with every remembered password replaced. */
  scrub(text: string): string {
    let scrubbed = text;
    // Longest first, so a password containing another is hidden whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      scrubbed = scrubbed.replaceAll(secret, REDACTED);
    }
    return scrubbed;
  }

  /** One line saying what `error` was: its name, code (a driver's SQLSTATE) and message, scrubbed. */
  describe(error: unknown): string {
    if (!(error instanceof Error)) return this.scrub(String(error));
    const code = (error as { code?: unknown }).code;
    const shown = typeof code === "string" || typeof code === "number" ? ` [${code}]` : "";
    return this.scrub(`${error.name}${shown}: ${error.message}`);
  }

  /**
   * `error` itself when nothing about it shows a password; otherwise a plain Error of the same
   * name and code with the message and stack scrubbed (its other fields and cause are dropped).
   */
  safeCause(error: unknown): unknown {
    if (this.#secrets.size === 0) return error;
    const shown = inspect(error, { depth: 4, showHidden: false });
    if (this.scrub(shown) === shown) return error;
    if (!(error instanceof Error)) return this.scrub(String(error));
    const copy = new Error(this.scrub(error.message));
    copy.name = error.name;
    copy.stack = this.scrub(error.stack ?? "");
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" || typeof code === "number") Object.assign(copy, { code });
    return copy;
  }
}
