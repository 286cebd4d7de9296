/**
 * ListSecrets and BatchGetSecretValue filters, and ListSecrets' sort order.
 *
 * Matching, as the service documents it and AWS's recorded answers show it:
 * - `name`, `tag-key`, `tag-value`, `owning-service`: the value is a prefix of the attribute,
 *   case-sensitive (the name filter `testing1 one` finds nothing, recorded);
 * - `primary-region`: a prefix of the secret's Region, for the secrets that have one: those with
 *   replicas (no other secret shows a PrimaryRegion);
 * - `description`: the value and the description are split into words (see {@link words}), and
 *   every word of the value must begin a word of the description, not case-sensitive: `a secret`
 *   finds "a secret" and "an secret" but not "asecret" (recorded);
 * - `all`: the value is split into words the same way, and a word matches when it begins a word
 *   of the name, the description, a tag key or a tag value, not case-sensitive;
 * - a value starting with `!` is negated: no attribute may match the rest of it.
 * The values of one filter are alternatives (any positive value may match, no negated one may);
 * separate filters must all hold.
 */
import type { Filter, SortByType, SortOrderType } from "../generated/types";
import { fail } from "./errors";
import type { StoredSecret } from "./store";

/** Refuses filters the service refuses: a key without values, or values without a key. */
export function checkFilters(filters: readonly Filter[] | undefined): void {
  for (const filter of filters ?? []) {
    if (filter.Key === undefined || filter.Values === undefined) {
      throw fail.invalidParameter("Each filter needs both a Key and Values.");
    }
  }
}

export function matchesFilters(
  secret: StoredSecret,
  filters: readonly Filter[] | undefined,
  region: string,
): boolean {
  return (filters ?? []).every((filter) => matchesFilter(secret, filter, region));
}

function matchesFilter(secret: StoredSecret, filter: Filter, region: string): boolean {
  const values = filter.Values ?? [];
  const positive = values.filter((value) => !value.startsWith("!"));
  const negated = values.filter((value) => value.startsWith("!")).map((value) => value.slice(1));
  const test = (value: string) => matchesKey(secret, filter.Key, value, region);
  if (negated.some(test)) return false;
  return positive.length === 0 || positive.some(test);
}

function matchesKey(
  secret: StoredSecret,
  key: Filter["Key"],
  value: string,
  region: string,
): boolean {
  const startsWith = (attribute: string | undefined) => attribute?.startsWith(value) === true;
  switch (key) {
    case "name":
      return startsWith(secret.name);
    case "description":
      return beginsWords(words(secret.description ?? ""), words(value));
    case "tag-key":
      return secret.tags.some((tag) => startsWith(tag.Key));
    case "tag-value":
      return secret.tags.some((tag) => startsWith(tag.Value));
    case "primary-region":
      return secret.replicas.length > 0 && startsWith(region);
    case "owning-service":
      return startsWith(secret.owningService);
    case "all":
      return matchesWords(secret, value);
    default:
      return false;
  }
}

function matchesWords(secret: StoredSecret, value: string): boolean {
  const wanted = words(value);
  if (wanted.length === 0) return true;
  const attributes = [secret.name, secret.description ?? ""];
  for (const tag of secret.tags) attributes.push(tag.Key, tag.Value);
  const available = attributes.flatMap(words);
  return wanted.some((word) => available.some((candidate) => candidate.startsWith(word)));
}

/** Whether every word wanted begins one of the words available. */
function beginsWords(available: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((word) => available.some((candidate) => candidate.startsWith(word)));
}

/** `credsDatabase#892` → `creds`, `database`, `892`. */
export function words(text: string): string[] {
  const found = text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
  return found.map((word) => word.toLowerCase());
}

/**
 * Sorts by `sortBy` (creation date when absent) in `sortOrder` (ascending when absent). Ties
 * (secrets made in the same millisecond, dates never set) keep the order the secrets were made
 * in, reversed for `desc`, so pages are stable and a listing shows secrets in the order a test
 * made them, as AWS's recorded listings do. `secrets` comes in creation order.
 */
export function sortSecrets(
  secrets: StoredSecret[],
  sortBy: SortByType | undefined,
  sortOrder: SortOrderType | undefined,
): StoredSecret[] {
  const direction = sortOrder === "desc" ? -1 : 1;
  const key = (secret: StoredSecret): number | string => {
    switch (sortBy) {
      case "name":
        return secret.name;
      case "last-accessed-date":
        return secret.lastAccessedDate ?? 0;
      case "last-changed-date":
        return secret.lastChangedDate;
      default:
        return secret.createdDate;
    }
  };
  const made = new Map(secrets.map((secret, index) => [secret, index]));
  return [...secrets].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    const order =
      left < right ? -1 : left > right ? 1 : (made.get(a) as number) - (made.get(b) as number);
    return order * direction;
  });
}
