/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802, RFC 7677), made on
 * the client. Sent in `ALTER ROLE ... PASSWORD`, the server stores it as it is, so the clear
 * password never reaches the server, its statement log or pg_stat_statements (psql's
 * `\password` does the same).
 *
 * The server runs the password through SASLprep first; for ASCII text SASLprep either leaves
 * it as it is or gives up (control characters), and the server then uses the bytes as they are:
 * the same bytes either way. Other text is left to the server (see {@link canVerifyOnClient}).
 */
import { createHash, createHmac, pbkdf2, randomBytes } from "node:crypto";
import { promisify } from "node:util";

const derive = promisify(pbkdf2);

/** PostgreSQL's defaults (`scram_iterations`, SCRAM_DEFAULT_SALT_LEN). */
const ITERATIONS = 4096;
const SALT_BYTES = 16;

/** Whether the verifier made here is the one the server would make: ASCII passwords. */
export function canVerifyOnClient(password: string): boolean {
  for (let index = 0; index < password.length; index++) {
    const code = password.charCodeAt(index);
    if (code === 0 || code > 0x7f) return false;
  }
  return true;
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, base64 throughout. */
export async function scramSha256Verifier(
  password: string,
  salt: Buffer = randomBytes(SALT_BYTES),
  iterations = ITERATIONS,
): Promise<string> {
  const salted = await derive(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest("base64");
  const serverKey = createHmac("sha256", salted).update("Server Key").digest("base64");
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey}:${serverKey}`;
}
