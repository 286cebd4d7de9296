/**
 * Comparing two lists of step records: the differences between them, field by field, and the
 * removal of the differences a table says to expect.
 *
 * A field is a dotted path into a record: `error.status`, `output.ARN`,
 * `output.VersionIdsToStages.<version:put-app-v2>`. A `*` segment stands for every array index
 * or object key at that level, so `output.SecretList.*.PrimaryRegion` names the field in every
 * entry.
 */
import { isDeepStrictEqual } from "node:util";

export interface Difference {
  /** The concrete path, without wildcards. */
  readonly path: string;
  readonly moto: unknown;
  readonly emulator: unknown;
}

/** Every leaf at which `moto` and `emulator` differ; a field only one side has counts. */
export function differences(moto: unknown, emulator: unknown, path = ""): Difference[] {
  if (isDeepStrictEqual(moto, emulator)) return [];
  const bothArrays = Array.isArray(moto) && Array.isArray(emulator);
  const bothObjects = isObject(moto) && isObject(emulator);
  if (bothArrays && moto.length === emulator.length) {
    return moto.flatMap((entry, index) => differences(entry, emulator[index], join(path, index)));
  }
  if (bothObjects) {
    const keys = new Set([...Object.keys(moto), ...Object.keys(emulator)]);
    return [...keys].flatMap((key) => differences(moto[key], emulator[key], join(path, key)));
  }
  return [{ path, moto, emulator }];
}

/** The concrete paths `pattern` names in `value` (whether or not the leaf exists there). */
export function expand(value: unknown, pattern: string): string[] {
  const segments = pattern.split(".");
  const walk = (current: unknown, index: number, prefix: string): string[] => {
    if (index === segments.length) return [prefix];
    const segment = segments[index] as string;
    if (segment === "*") {
      const keys = Array.isArray(current)
        ? current.map((_, position) => String(position))
        : isObject(current)
          ? Object.keys(current)
          : [];
      return keys.flatMap((key) => walk(child(current, key), index + 1, join(prefix, key)));
    }
    return walk(child(current, segment), index + 1, join(prefix, segment));
  };
  return walk(value, 0, "");
}

export function read(value: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((current, key) => child(current, key), value);
}

/** Deletes the field at `path` (no wildcards); a missing field is left alone. */
export function remove(value: unknown, path: string): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  const parent = keys.reduce<unknown>((current, key) => child(current, key), value);
  if (Array.isArray(parent)) {
    // Keep indexes stable for the other paths being removed: blank the entry instead.
    if (Number(last) < parent.length) parent[Number(last)] = "<removed>";
  } else if (isObject(parent)) {
    delete parent[last];
  }
}

function child(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value[Number(key)];
  if (isObject(value)) return value[key];
  return undefined;
}

function join(prefix: string, key: string | number): string {
  return prefix === "" ? String(key) : `${prefix}.${key}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
