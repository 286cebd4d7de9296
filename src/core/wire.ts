/**
 * The JSON 1.1 wire format: request bodies out, response bodies in. Timestamps travel as epoch
 * seconds and blobs as base64; the generated operation table says where they are.
 */
import type { WireConversion } from "./operation";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const encoder = new TextEncoder();

/** Turns an input into its JSON body. `undefined` members are left out. */
export function serializeInput(input: object, conversion: WireConversion | undefined): string {
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
 * Parses a successful response body into the output shape. An empty body is an empty output;
 * a `null` anywhere is treated as absent (moto and some proxies send them).
 */
export function parseOutput(body: string, conversion: WireConversion | undefined): object {
  if (body.trim() === "") return {};
  const parsed = JSON.parse(body) as Json;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new SyntaxError("expected a JSON object");
  }
  return fromWire(parsed, conversion) as object;
}

function fromWire(value: Json, conversion: WireConversion | undefined): unknown {
  if (conversion === "timestamp") return toDate(value);
  if (conversion === "blob") {
    // Copy out of Buffer's shared pool: a view would expose unrelated memory through `.buffer`.
    return new Uint8Array(Buffer.from(value as string, "base64"));
  }
  if (Array.isArray(value)) {
    const item = conversion !== undefined && "list" in conversion ? conversion.list : undefined;
    return value.map((entry) => fromWire(entry, item));
  }
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === null) continue;
    out[key] = fromWire(member, memberConversion(conversion, key));
  }
  return out;
}

function memberConversion(conversion: WireConversion | undefined, key: string) {
  if (conversion === undefined || typeof conversion === "string") return undefined;
  if ("members" in conversion) return conversion.members[key];
  if ("map" in conversion) return conversion.map;
  return undefined;
}

function toDate(value: Json): Date {
  // The service sends epoch seconds; accept an ISO string too, as some emulators send one.
  return typeof value === "number" ? new Date(Math.round(value * 1000)) : new Date(String(value));
}
