/**
 * The JSON 1.1 wire format, both ways: a shape to its JSON body and a body to its shape.
 * Timestamps travel as epoch seconds and blobs as base64; the generated operation table says
 * where they are. The client encodes inputs and decodes outputs; the emulator the reverse.
 */
import type { WireConversion } from "./operation";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const encoder = new TextEncoder();

/** Turns a shape into its JSON body. `undefined` members are left out. */
export function encodeBody(input: object, conversion: WireConversion | undefined): string {
  return JSON.stringify(conversion === undefined ? input : toWire(input, conversion));
}

function toWire(value: unknown, conversion: WireConversion): unknown {
  if (value === undefined || value === null) return value;
  if (conversion === "timestamp") return (value as Date).getTime() / 1000;
  if (conversion === "blob") {
    const bytes = typeof value === "string" ? encoder.encode(value) : (value as Uint8Array);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  }
  if ("list" in conversion)
    return (value as unknown[]).map((item) => toWire(item, conversion.list));
  const converted: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if ("map" in conversion) {
    for (const key of Object.keys(converted))
      converted[key] = toWire(converted[key], conversion.map);
    return converted;
  }
  for (const [member, inner] of Object.entries(conversion.members)) {
    if (member in converted) converted[member] = toWire(converted[member], inner);
  }
  return converted;
}

/**
 * Parses a body into its shape. An empty body is an empty shape;
 * a `null` anywhere is treated as absent (moto and some proxies send them). Conversion happens
 * in place on the freshly parsed object: a listing page holds hundreds of entries, and copying
 * them costs more than parsing them.
 */
export function decodeBody(body: string, conversion: WireConversion | undefined): object {
  if (isBlank(body)) return {};
  const parsed = JSON.parse(body) as Json;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SyntaxError("expected a JSON object");
  }
  // The service never sends nulls; only look for them when the text could hold one.
  if (body.includes("null")) dropNulls(parsed);
  return conversion === undefined ? parsed : (fromWire(parsed, conversion) as object);
}

/**
 * Removes `null` members and list entries everywhere in `root`. Iterative, with its own stack:
 * a deeply nested but valid body (JSON.parse takes any depth) must not overflow the call stack.
 */
function dropNulls(root: Json): void {
  const pending: Json[] = [root];
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    if (Array.isArray(value)) {
      // A null entry is left out of the list, as a null member is left out of an object.
      for (let index = value.length - 1; index >= 0; index--) {
        const item = value[index];
        if (item === null) value.splice(index, 1);
        else if (typeof item === "object") pending.push(item);
      }
    } else if (typeof value === "object" && value !== null) {
      for (const key of Object.keys(value)) {
        const member = value[key];
        if (member === null) delete value[key];
        else if (typeof member === "object") pending.push(member as Json);
      }
    }
  }
}

/**
 * True when `body` holds only JSON white space. A loop, not a regular expression: a match
 * would leave the body, secret included, in `RegExp.input`.
 */
function isBlank(body: string): boolean {
  for (let index = 0; index < body.length; index++) {
    const char = body.charCodeAt(index);
    if (char !== 0x20 && char !== 0x0a && char !== 0x0d && char !== 0x09) return false;
  }
  return true;
}

/** Converts the members the conversion names, in place; returns the converted value. */
function fromWire(value: Json | undefined, conversion: WireConversion): unknown {
  if (value === undefined || value === null) return value;
  if (conversion === "timestamp") return toDate(value);
  if (conversion === "blob") {
    // Base64 text on the wire; anything else (an array of numbers, say) is not a blob.
    if (typeof value !== "string") throw new SyntaxError("expected a base64 string for a blob");
    // Copy out of Buffer's shared pool: a view would expose unrelated memory through `.buffer`.
    return new Uint8Array(Buffer.from(value, "base64"));
  }
  if ("list" in conversion) {
    const list = value as Json[];
    for (let index = 0; index < list.length; index++) {
      list[index] = fromWire(list[index], conversion.list) as Json;
    }
    return list;
  }
  const record = value as Record<string, Json>;
  if ("map" in conversion) {
    for (const key of Object.keys(record))
      record[key] = fromWire(record[key], conversion.map) as Json;
    return record;
  }
  for (const member in conversion.members) {
    const inner = conversion.members[member];
    if (inner !== undefined && record[member] !== undefined) {
      record[member] = fromWire(record[member], inner) as Json;
    }
  }
  return record;
}

function toDate(value: Json): Date {
  // The service sends epoch seconds; accept an ISO string too, as some emulators send one.
  return typeof value === "number" ? new Date(Math.round(value * 1000)) : new Date(String(value));
}
