import { EndpointError } from "./endpoint-error";

/**
 * A function of the rules language. It gets its arguments evaluated; `undefined` stands for an
 * unset value, and a condition whose call returns `undefined`, `null` or `false` is not met.
 */
export type EndpointFunction = (...args: unknown[]) => unknown;

/**
 * The standard functions the Secrets Manager rule set calls, besides `aws.partition`, which
 * needs the partition data (see `partition.ts`). A rule set calling any other function fails
 * resolution with an `EndpointError` naming it; the unit test checks the vendored rule set.
 */
export const standardFunctions: Readonly<Record<string, EndpointFunction>> = {
  isSet: (value) => value !== undefined && value !== null,
  booleanEquals: (left, right) => typeof left === "boolean" && left === right,
  stringEquals: (left, right) => typeof left === "string" && left === right,
  getAttr,
};

/**
 * `getAttr(value, "a.b[2]")`: the member `a`, then its member `b`, then that list's third item;
 * `undefined` as soon as a step finds nothing.
 */
export function getAttr(value: unknown, path: unknown): unknown {
  if (typeof path !== "string") throw new EndpointError("getAttr: the path must be a string");
  let current = value;
  for (const step of path.split(".")) {
    const parsed = /^([^[\]]*)(?:\[(\d+)\])?$/.exec(step);
    if (parsed === null || (parsed[1] === "" && parsed[2] === undefined)) {
      throw new EndpointError(`getAttr: invalid path "${path}"`);
    }
    const [, name, index] = parsed;
    if (name) current = memberOf(current, name);
    if (index !== undefined) current = Array.isArray(current) ? current[Number(index)] : undefined;
  }
  return current;
}

function memberOf(value: unknown, name: string): unknown {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, name)) return undefined;
  return (value as Record<string, unknown>)[name];
}
