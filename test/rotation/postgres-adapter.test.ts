// The PostgreSQL adapter on its own, against a real server: the SCRAM verifier it makes is the
// one the server makes, non-ASCII passwords are left to the server, createUserLike is
// idempotent, and bad names and options are refused before any connection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigurationError } from "../../src/index";
import { postgresAdapter, postgresSchema } from "../../src/rotation/postgres";
import { scramSha256Verifier } from "../../src/rotation/scram-verifier";
import { describeWithPostgres, type PostgresServer } from "../helpers/postgres";
import { assertAccepted, assertRefused, createUser, storedPassword } from "./setup";

const TIMEOUT = { timeout: 30_000 };

function superuserOf(postgres: PostgresServer) {
  return {
    host: postgres.host,
    port: postgres.port,
    username: postgres.superuser.username,
    password: postgres.superuser.password,
  };
}

describeWithPostgres("postgresAdapter", (postgres) => {
  test("the verifier made here is byte for byte the one the server makes", TIMEOUT, async () => {
    await createUser(postgres(), "verifier_check", "correct horse battery staple");
    // The server hashed it (password_encryption = scram-sha-256): reuse its salt and count.
    const stored = await storedPassword(postgres(), "verifier_check");
    const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored);
    assert.ok(match, stored);
    const [, iterations, salt] = match;
    const ours = await scramSha256Verifier(
      "correct horse battery staple",
      Buffer.from(salt as string, "base64"),
      Number(iterations),
    );
    assert.equal(ours, stored);
  });

  test(
    "setPassword sends a verifier for ASCII passwords and the password itself otherwise",
    TIMEOUT,
    async () => {
      const adapter = postgresAdapter();
      const master = superuserOf(postgres());
      await createUser(postgres(), "set_me", "first");

      await adapter.setPassword(master, "set_me", "second-ascii");
      assert.match(await storedPassword(postgres(), "set_me"), /^SCRAM-SHA-256\$4096:/);
      await assertAccepted(postgres(), "set_me", "second-ascii");
      await assertRefused(postgres(), "set_me", "first");

      // Non-ASCII: SASLprep (NFKC among others) is the server's. A verifier made here from the
      // decomposed "ü" would not match what clients, which normalise, log in with.
      await adapter.setPassword(master, "set_me", "pau\u0308sswort");
      await assertAccepted(postgres(), "set_me", "pau\u0308sswort");
      await assertAccepted(postgres(), "set_me", "pa\u00fcsswort");
    },
  );

  test(
    "login rejects with the server's SQLSTATE when the password is refused",
    TIMEOUT,
    async () => {
      const adapter = postgresAdapter();
      await createUser(postgres(), "login_check", "right");
      const credentials = { host: postgres().host, port: postgres().port, username: "login_check" };
      await adapter.login({ ...credentials, password: "right" });
      await assert.rejects(adapter.login({ ...credentials, password: "wrong" }), {
        code: "28P01",
      });
    },
  );

  test(
    "createUserLike makes a login member of the template once, and leaves existing users alone",
    TIMEOUT,
    async () => {
      const adapter = postgresAdapter();
      const master = superuserOf(postgres());
      await createUser(postgres(), "template_user", "template-password");
      await adapter.createUserLike(master, "template_user_clone", "template_user");
      await adapter.createUserLike(master, "template_user_clone", "template_user");
      const roles = await postgres().query<{ login: boolean; member: boolean }>(
        "SELECT rolcanlogin AS login, pg_has_role(rolname, 'template_user', 'MEMBER') AS member FROM pg_roles WHERE rolname = $1",
        ["template_user_clone"],
      );
      assert.deepEqual(roles, [{ login: true, member: true }]);
      // An existing user: nothing changes, its password still works.
      await adapter.createUserLike(master, "template_user", "template_user_clone");
      await assertAccepted(postgres(), "template_user", "template-password");
    },
  );

  test("names PostgreSQL would truncate are refused before connecting", TIMEOUT, async () => {
    const adapter = postgresAdapter();
    // A closed port: had it tried to connect, the error would be ECONNREFUSED.
    const nowhere = { host: "127.0.0.1", port: 1, username: "x", password: "y" };
    const long = "u".repeat(64);
    await assert.rejects(adapter.setPassword(nowhere, long, "p"), RangeError);
    await assert.rejects(adapter.createUserLike(nowhere, long, "t"), /user name must be 1 to 63/);
    await assert.rejects(adapter.createUserLike(nowhere, "u", ""), /template name must be 1 to 63/);
    await assert.rejects(adapter.login(nowhere), { code: "ECONNREFUSED" });
  });
});

test("postgresAdapter options are checked when it is made", () => {
  assert.throws(
    () => postgresAdapter({ connectionTimeoutMillis: 0 }),
    (error: unknown) =>
      error instanceof ConfigurationError && /connectionTimeoutMillis/.test(error.message),
  );
  assert.throws(() => postgresAdapter({ database: "" }), /database must be a non-empty string/);
  assert.throws(
    () => postgresAdapter({ ssl: "yes" as unknown as boolean }),
    /ssl must be a boolean or tls.ConnectionOptions/,
  );
  assert.throws(
    () => postgresAdapter({ hashPasswords: 1 as unknown as boolean }),
    /hashPasswords must be a boolean/,
  );
});

test("postgresSchema reads a port given as text and keeps other members", () => {
  const parsed = postgresSchema.parse({
    engine: "postgres",
    host: "db",
    port: "6432",
    username: "u",
    password: "p",
  });
  assert.deepEqual(parsed, {
    engine: "postgres",
    host: "db",
    port: 6432,
    username: "u",
    password: "p",
  });
  assert.throws(
    () => postgresSchema.parse({ host: "", port: 70000, username: "u", password: "p", dbname: 1 }),
    (error: { issues?: Array<{ path: string[] }> }) => {
      assert.deepEqual(
        error.issues?.map((issue) => issue.path.join(".")),
        ["host", "port", "dbname"],
      );
      return true;
    },
  );
});
