/**
 * What both engines do with a response body: collect it up to a byte limit, then decode it.
 * A secret value is at most 64 KiB, so an endless or huge body is a broken or hostile server:
 * the engine stops reading and closes the connection the moment the limit is crossed.
 */
import { ResponseTooLargeError } from "../errors";

/**
 * The default `maxResponseBytes`. The largest answer the model allows is a BatchGetSecretValue
 * page: 20 values of at most 65,536 bytes, which JSON escaping can grow sixfold (a control
 * character becomes `\u00XX`), about 7.5 MiB with its metadata. A ListSecrets page of 100
 * secrets with every member at its longest stays under 10 MiB. 16 MiB leaves room for both.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** A response body being read: the chunks so far, and the limit they must stay under. */
export class BodyCollector {
  readonly #chunks: Buffer[] = [];
  readonly #limit: number;
  #size = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** An error when a declared `Content-Length` is already over the limit. */
  checkDeclared(
    status: number,
    contentLength: string | undefined,
  ): ResponseTooLargeError | undefined {
    if (contentLength === undefined) return undefined;
    return Number(contentLength) > this.#limit
      ? new ResponseTooLargeError(status, this.#limit)
      : undefined;
  }

  /** Keeps `chunk`, or returns the error to fail with once the body has grown past the limit. */
  add(status: number, chunk: Buffer): ResponseTooLargeError | undefined {
    this.#size += chunk.length;
    if (this.#size > this.#limit) return new ResponseTooLargeError(status, this.#limit);
    this.#chunks.push(chunk);
    return undefined;
  }

  /** The body as text. */
  text(): string {
    return textOf(this.#chunks);
  }
}

/** UTF-8, a leading byte-order mark skipped, as undici's `body.text()` does. */
export function textOf(chunks: readonly Buffer[]): string {
  if (chunks.length === 0) return "";
  const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  return body.toString("utf8", start);
}
