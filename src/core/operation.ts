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

/** What the generated table states of an operation; its name and target come from its key. */
export type OperationWireSpec = Omit<OperationSpec, "name" | "target">;

/**
 * The operation table with each entry's `name` (its key) and `target` (`prefix.name`) filled in,
 * so the generated table states neither twice.
 */
export function namedOperations<Name extends string>(
  targetPrefix: string,
  table: { readonly [K in Name]: OperationWireSpec },
): { readonly [K in Name]: OperationSpec } {
  const named = {} as { [K in Name]: OperationSpec };
  for (const name of Object.keys(table) as Name[]) {
    named[name] = { name, target: `${targetPrefix}.${name}`, ...table[name] };
  }
  return named;
}
