/**
 * The fake account both the server and the checks agree on: 10,000 secrets with deterministic
 * names and values, and the one set of credentials every contender signs with.
 */
import { createHash } from "node:crypto";

export const SECRET_COUNT = 10_000;
export const REGION = "us-east-1";
export const SERVICE = "secretsmanager";
export const ACCOUNT = "123456789012";

/** Not a real key: the fake server accepts exactly this pair and nothing else. */
export const CREDENTIALS = Object.freeze({
  accessKeyId: "AKIDBENCHFAKE0000001",
  secretAccessKey: "bench-secret-key-not-real-0000000000000001",
});

/** `bench/secret-00042` for 42. */
export function secretName(index) {
  return `bench/secret-${String(index).padStart(5, "0")}`;
}

/** The index back from a name, or -1 when the name is not one of ours. */
export function secretIndex(name) {
  const match = /^bench\/secret-(\d{5})$/.exec(name);
  if (match === null) return -1;
  const index = Number(match[1]);
  return index < SECRET_COUNT ? index : -1;
}

/** A JSON secret of realistic size (about 150 bytes), different for every secret. */
export function secretValue(index) {
  const digest = createHash("sha256").update(`bench-${index}`).digest("hex");
  return JSON.stringify({
    username: `user-${String(index).padStart(5, "0")}`,
    password: digest.slice(0, 32),
    host: `db-${index % 7}.internal.example`,
    port: 5432,
  });
}

/** AWS's ARN shape: the name plus a six-character suffix. */
export function secretArn(index) {
  const suffix = createHash("sha1").update(`arn-${index}`).digest("hex").slice(0, 6);
  return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${secretName(index)}-${suffix}`;
}

/** A version id shaped like a UUID, fixed per secret. */
export function versionId(index) {
  const hex = createHash("md5").update(`version-${index}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Seconds since the epoch, as the JSON protocol sends timestamps. */
export function createdDate(index) {
  return 1_700_000_000 + index * 61 + 0.123;
}
