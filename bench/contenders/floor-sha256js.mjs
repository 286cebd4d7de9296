/**
 * The floor with the pure-JavaScript SHA-256 of `@aws-crypto/sha256-js` instead of node:crypto,
 * as v3 and many hand-rolled clients sign. Opt-in: `node run.mjs --all`.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { connect as connectFloor } from "./floor.mjs";

export { close, getSecretValue, listAll } from "./floor.mjs";

export const label = "floor with @aws-crypto/sha256-js";

export function connect(endpoint) {
  return connectFloor(endpoint, Sha256);
}
