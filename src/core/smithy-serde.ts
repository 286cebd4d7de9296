/**
 * The helpers `@smithy/signature-v4` takes from `@smithy/core/serde`, for the build only
 * (tsup.config.ts resolves the signer's import of that module here). The real module is an
 * index over all of smithy's serialization helpers, and a bundle keeps every one of them (a
 * UUID generator, a blob adapter, base64) because they run code when loaded; the signer uses
 * these seven. Signatures
 * made with the built package are checked against a real SigV4 verifier by the bench, the
 * emulator and moto.
 */
import { Buffer } from "node:buffer";

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export function fromUtf8(input: string): Uint8Array {
  const buffer = Buffer.from(input, "utf8");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function toUint8Array(data: string | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === "string") return fromUtf8(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return (
    value instanceof ArrayBuffer || Object.prototype.toString.call(value) === "[object ArrayBuffer]"
  );
}

export function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.hasOwn(object, key);
}

export function fromHex(encoded: string): Uint8Array {
  if (encoded.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(encoded)) {
    throw new Error("Hex encoded strings must have an even number of hexadecimal digits");
  }
  return new Uint8Array(Buffer.from(encoded, "hex"));
}

/** Makes `__proto__` an ordinary own key of `object`, so that assigning it stores a value. */
export function writeKey(object: object): void {
  Object.defineProperty(object, "__proto__", {
    value: undefined,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
