/**
 * Pages over a list with opaque NextTokens. A token is base64url JSON naming the operation it
 * came from and the offset to resume at; anything else is refused as InvalidNextTokenException.
 */
import { fail } from "./errors";

export interface Page<T> {
  items: T[];
  nextToken?: string | undefined;
}

export function paginate<T>(
  items: readonly T[],
  scope: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
  defaultMax: number,
): Page<T> {
  const start = nextToken === undefined ? 0 : readToken(nextToken, scope);
  const size = maxResults ?? defaultMax;
  const end = start + size;
  const page: Page<T> = { items: items.slice(start, end) };
  if (end < items.length) page.nextToken = makeToken(scope, end);
  return page;
}

function makeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString("base64url");
}

function readToken(token: string, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (typeof parsed === "object" && parsed !== null) {
      const { s, o } = parsed as { s?: unknown; o?: unknown };
      if (s === scope && typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
    }
  } catch {
    // not a token of ours
  }
  throw fail.invalidNextToken();
}
