/**
 * GetRandomPassword: every character is drawn with `crypto.randomInt` from the character types
 * left after the exclusions (lowercase, uppercase, digits, punctuation, and a space when asked
 * for). With RequireEachIncludedType (the default), every type that still has a character
 * appears at least once: one character of each type is placed first, the rest are drawn from
 * all of them, then the whole is shuffled, so no position gives a type away.
 */
import { randomInt } from "node:crypto";
import type { GetRandomPasswordRequest, GetRandomPasswordResponse } from "../generated/types";
import { fail } from "./errors";

const LOWERCASE = "abcdefghijklmnopqrstuvwxyz";
const UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
/** The printable ASCII punctuation characters, all 32 of them. */
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

export const DEFAULT_PASSWORD_LENGTH = 32;

export function getRandomPassword(input: GetRandomPasswordRequest): GetRandomPasswordResponse {
  const length = input.PasswordLength ?? DEFAULT_PASSWORD_LENGTH;
  const excluded = new Set(input.ExcludeCharacters ?? "");
  const types: string[] = [];
  const include = (on: boolean | undefined, characters: string) => {
    if (!on) return;
    const left = [...characters].filter((character) => !excluded.has(character)).join("");
    if (left !== "") types.push(left);
  };
  include(!input.ExcludeLowercase, LOWERCASE);
  include(!input.ExcludeUppercase, UPPERCASE);
  include(!input.ExcludeNumbers, DIGITS);
  include(!input.ExcludePunctuation, PUNCTUATION);
  include(input.IncludeSpace, " ");
  if (types.length === 0) {
    throw fail.invalidParameter("The exclusions leave no character to build a password from.");
  }
  const requireEach = input.RequireEachIncludedType ?? true;
  if (requireEach && length < types.length) {
    throw fail.invalidParameter(
      `A password of ${length} characters cannot hold one of each of the ${types.length} required character types.`,
    );
  }
  const all = types.join("");
  const characters: string[] = requireEach ? types.map(pick) : [];
  while (characters.length < length) characters.push(pick(all));
  shuffle(characters);
  return { RandomPassword: characters.join("") };
}

function pick(from: string): string {
  return from.charAt(randomInt(from.length));
}

/** Fisher-Yates, with the same unbiased source. */
function shuffle(items: string[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const swap = items[i] as string;
    items[i] = items[j] as string;
    items[j] = swap;
  }
}
