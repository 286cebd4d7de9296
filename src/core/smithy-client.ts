/**
 * The one helper `@smithy/signature-v4` takes from `@smithy/core/client`, for the build only
 * (tsup.config.ts resolves the signer's import of that module here, as it does for
 * smithy-serde.ts): the real module is an index whose other members the signer never uses.
 */

/** A value or a function giving it, as a function that resolves to the value. */
export function normalizeProvider<T>(input: T | (() => Promise<T>)): () => Promise<T> {
  if (typeof input === "function") return input as () => Promise<T>;
  const value = Promise.resolve(input);
  return () => value;
}
