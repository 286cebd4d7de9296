/**
 * JavaScript keeps the last successful match of any regular expression in process-wide legacy
 * statics: `RegExp.input` (`$_`), `lastMatch`, `$1`–`$9`, `leftContext`, `rightContext`. A
 * match run over a response body, a request payload, a shared config file or a proxy URL
 * leaves that text readable by any code in the process until the next match anywhere. This
 * package avoids matching such text where it can, and clears the statics where it cannot be
 * sure: at the end of every call, and after every credentials fetch.
 */

const EMPTY = /(?:)/;

/** Overwrites the legacy RegExp statics with an empty match (about 50 ns). */
export function clearRegExpResidue(): void {
  EMPTY.exec("");
}
