/** UTF-8, a leading byte-order mark skipped, as undici's `body.text()` does. */
export function decodeBody(chunks: readonly Buffer[]): string {
  if (chunks.length === 0) return "";
  const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  return body.toString("utf8", start);
}
