/**
 * The shape of the generated operation table (`src/generated/operations.ts`). The transport
 * reads only this data, so a new operation is a model change, not transport code.
 */

/**
 * Where the wire form of a value differs from its JavaScript form. Only the parts of a shape
 * that hold a timestamp or a blob appear; everything else is plain JSON.
 * - `"timestamp"`: `Date` in code, epoch seconds (fractional) on the wire.
 * - `"blob"`: `Uint8Array` in code (a string input is UTF-8 text), base64 on the wire.
 */
export type WireConversion =
  | "timestamp"
  | "blob"
  | { readonly members: Readonly<Record<string, WireConversion>> }
  | { readonly list: WireConversion }
  | { readonly map: WireConversion };

/** Everything the send path needs to know about one operation. */
export interface OperationSpec {
  /** The model's operation name, for example `GetSecretValue`. */
  readonly name: string;
  /** The `X-Amz-Target` header value, for example `secretsmanager.GetSecretValue`. */
  readonly target: string;
  /** Conversions for the input; `undefined` when the input is plain JSON. */
  readonly input?: WireConversion | undefined;
  /** Conversions for the output; `undefined` when the output is plain JSON. */
  readonly output?: WireConversion | undefined;
  /** The member filled with a fresh UUID when the caller leaves it out. */
  readonly idempotencyToken?: string | undefined;
}
