/**
 * Starts a private PostgreSQL server per test file: `initdb` into a temporary directory, then
 * `postgres` on 127.0.0.1 and a free port, its unix socket in the same directory; stopped and
 * the directory deleted afterwards. Password logins over TCP (scram-sha-256), as a managed
 * database has them; the superuser `postgres` gets a random password.
 *
 * `initdb` and `postgres` refuse to run as root. Run as root (CI is), both run as the existing
 * `postgres` user, which owns the directory: node's `spawn` switches the child's uid and gid
 * (dropping root's supplementary groups) before it runs the program, so the process we hold is
 * the server itself, with no `su`/`runuser` in between to relay signals.
 *
 * The binaries are looked for on PATH, then in Debian's /usr/lib/postgresql/<version>/bin.
 * Without them, the suite is skipped with the reason, except on CI (`CI=true`), where it fails
 * (as test/helpers/moto.ts does for moto).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  accessSync,
  chownSync,
  constants,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { findFreePort, watchServerProcess } from "./server-process";

export interface PostgresOptions {
  /**
   * Have the server log every statement it runs (`log_statement = all`); read it with `log()`.
   * @default false
   */
  logStatements?: boolean;
  /**
   * How long initdb plus the server's start may take, in milliseconds.
   * @default 60000
   */
  startTimeoutMs?: number;
}

export interface PostgresServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The superuser and its password. */
  readonly superuser: { readonly username: "postgres"; readonly password: string };
  /** Runs one statement as the superuser, in the `postgres` database; resolves to its rows. */
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Logs in as `username` over TCP and runs one statement; rejects when refused. */
  queryAs<Row extends Record<string, unknown>>(
    username: string,
    password: string,
    sql: string,
  ): Promise<Row[]>;
  /** Logs in as `username` over TCP and returns `current_user`; rejects when refused. */
  loginAs(username: string, password: string): Promise<string>;
  /** The tail of what the server wrote to its log (stderr). */
  log(): string;
  /** Stops the server (fast shutdown) and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Who the server runs as: ourselves, or (when we are root) the `postgres` user. */
interface RunAs {
  uid: number;
  gid: number;
}

type Availability =
  | { ok: true; binaries: Binaries; runAs: RunAs | undefined }
  | { ok: false; reason: string };

const HOST = "127.0.0.1";
const PORT_ATTEMPTS = 3;
const LOG_KEPT = 256_000;
const READY = "database system is ready to accept connections";

/** Whether PostgreSQL can be started here, and with what. */
export function postgresAvailable(): Availability {
  const binaries = findBinaries();
  if (binaries === undefined) {
    return {
      ok: false,
      reason:
        "initdb and postgres not found on PATH or in /usr/lib/postgresql/*/bin; " +
        "install PostgreSQL to run these tests (apt-get install postgresql)",
    };
  }
  if (process.getuid?.() !== 0) return { ok: true, binaries, runAs: undefined };
  const runAs = systemUser("postgres");
  if (runAs === undefined) {
    return {
      ok: false,
      reason: "running as root, and PostgreSQL refuses root: no `postgres` user to run it as",
    };
  }
  return { ok: true, binaries, runAs };
}

/**
 * A `describe` whose tests share one PostgreSQL server, started before the first test and
 * stopped after the last. Call the getter inside tests (not while declaring them).
 */
export function describeWithPostgres(
  name: string,
  fn: (postgres: () => PostgresServer) => void,
  options: PostgresOptions = {},
): void {
  const available = postgresAvailable();
  if (!available.ok) {
    describe(name, () => {
      if (process.env["CI"] === "true") {
        it("needs PostgreSQL", () => {
          throw new Error(`${available.reason} (CI=true, so this fails instead of skipping)`);
        });
      } else {
        // A skipped leaf (not just a skipped suite) so that the run's summary counts it.
        it("needs PostgreSQL", { skip: available.reason }, () => {});
      }
    });
    return;
  }
  describe(name, () => {
    let server: PostgresServer | undefined;
    before(
      async () => {
        server = await startPostgres(options);
      },
      { timeout: (options.startTimeoutMs ?? 60_000) + 10_000 },
    );
    after(() => server?.stop(), { timeout: 20_000 });
    fn(() => {
      if (server === undefined) throw new Error("PostgreSQL is not started yet (use it in a test)");
      return server;
    });
  });
}

/** Starts a server in a new temporary directory. Stop it with `stop()`. */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const available = postgresAvailable();
  if (!available.ok) throw new Error(available.reason);
  const { binaries, runAs } = available;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const directory = mkdtempSync(join(temporaryBase(runAs), "smts-pg-"));
  try {
    if (runAs !== undefined) chownSync(directory, runAs.uid, runAs.gid);
    const password = randomBytes(18).toString("base64url");
    await initialize(binaries, runAs, directory, password, deadline);
    let lastError: unknown;
    for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      const port = await findFreePort();
      const server = spawnServer(binaries, runAs, directory, port, options);
      try {
        await server.ready(deadline);
      } catch (error) {
        await server.stop();
        lastError = error;
        // Another process took the port between our probe and the server's bind.
        if (error instanceof PortTakenError) continue;
        throw error;
      }
      return handle(server, directory, port, password);
    }
    throw lastError;
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

class PortTakenError extends Error {
  override name = "PortTakenError";
}

/** `initdb`: a cluster owned by the user the server runs as, the superuser's password set. */
async function initialize(
  binaries: Binaries,
  runAs: RunAs | undefined,
  directory: string,
  password: string,
  deadline: number,
): Promise<void> {
  const passwordFile = join(directory, "superuser-password");
  writeFileSync(passwordFile, password, { mode: 0o600 });
  if (runAs !== undefined) chownSync(passwordFile, runAs.uid, runAs.gid);
  try {
    const child = spawn(
      binaries.initdb,
      [
        "--pgdata",
        join(directory, "data"),
        "--username",
        "postgres",
        `--pwfile=${passwordFile}`,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
      ],
      { ...childOptions(runAs, directory), stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), Math.max(deadline - Date.now(), 1));
    const code = await new Promise<number | null>((resolve) => {
      child.once("close", (exitCode) => resolve(exitCode));
      child.once("error", (error) => {
        output += `\n[spawn error] ${error.message}`;
        resolve(null);
      });
    });
    clearTimeout(timer);
    if (code !== 0) throw new Error(`initdb failed (exit code ${code}):\n${output}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

interface PostgresProcess {
  ready(deadline: number): Promise<void>;
  log(): string;
  stop(): Promise<void>;
}

function spawnServer(
  binaries: Binaries,
  runAs: RunAs | undefined,
  directory: string,
  port: number,
  options: PostgresOptions,
): PostgresProcess {
  const settings = [
    `listen_addresses=${HOST}`,
    `unix_socket_directories=${directory}`,
    // Nothing here outlives the test file: durability only costs time.
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "shared_buffers=16MB",
    "max_connections=30",
    ...(options.logStatements ? ["log_statement=all"] : []),
  ];
  const child = spawn(
    binaries.postgres,
    ["-D", join(directory, "data"), "-p", String(port), ...settings.flatMap((s) => ["-c", s])],
    { ...childOptions(runAs, directory), stdio: ["ignore", "pipe", "pipe"] },
  );
  // SIGQUIT, should we exit first, is the server's immediate shutdown: it ends its backends too.
  const watched = watchServerProcess(child, { keptChars: LOG_KEPT, signalOnExit: "SIGQUIT" });
  return {
    log: () => watched.output(),
    async ready(deadline) {
      while (Date.now() < deadline) {
        const ended = watched.ended();
        if (ended !== undefined) {
          const message = `postgres on port ${port} ended (${ended}):\n${watched.output()}`;
          if (/could not bind|address already in use/i.test(watched.output())) {
            throw new PortTakenError(message);
          }
          throw new Error(message);
        }
        if (watched.output().includes(READY)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`postgres on port ${port} was not ready in time:\n${watched.output()}`);
    },
    // Fast shutdown: ends the sessions, checkpoints, exits.
    stop: () => watched.stop("SIGINT"),
  };
}

function handle(
  server: PostgresProcess,
  directory: string,
  port: number,
  password: string,
): PostgresServer {
  let stopped = false;
  const queryAs = async <Row extends Record<string, unknown>>(
    user: string,
    userPassword: string,
    sql: string,
    params: unknown[] = [],
  ) => {
    const client = new pg.Client({
      host: HOST,
      port,
      user,
      password: userPassword,
      database: "postgres",
      connectionTimeoutMillis: 10_000,
    });
    client.on("error", () => {});
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  };
  return {
    host: HOST,
    port,
    superuser: { username: "postgres", password },
    query: (sql, params) => queryAs("postgres", password, sql, params),
    queryAs: (user, userPassword, sql) => queryAs(user, userPassword, sql),
    async loginAs(user, userPassword) {
      const rows = await queryAs<{ current_user: string }>(
        user,
        userPassword,
        "SELECT current_user",
      );
      return rows[0]?.current_user ?? "";
    },
    log: () => server.log(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Spawn options: the cluster's user, in its directory, with a small fixed environment. */
function childOptions(runAs: RunAs | undefined, directory: string) {
  return {
    cwd: directory,
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", LC_ALL: "C", LANG: "C" },
    ...(runAs === undefined ? {} : { uid: runAs.uid, gid: runAs.gid }),
  };
}

/**
 * Where the cluster's directory goes: the system's temporary directory, unless the `postgres`
 * user could not reach it (a TMPDIR inside root's home), then /tmp.
 */
function temporaryBase(runAs: RunAs | undefined): string {
  const base = tmpdir();
  if (runAs === undefined) return base;
  for (let dir = base; ; dir = dirname(dir)) {
    // Every directory on the way must let others through.
    if ((statSync(dir).mode & 0o001) === 0) return "/tmp";
    if (dirname(dir) === dir) return base;
  }
}

function findBinaries(): Binaries | undefined {
  const directories = (process.env["PATH"] ?? "").split(delimiter).filter((dir) => dir !== "");
  try {
    const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    directories.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch {
    // not Debian's layout
  }
  for (const dir of directories) {
    const initdb = join(dir, "initdb");
    const postgres = join(dir, "postgres");
    if (isExecutable(initdb) && isExecutable(postgres)) return { initdb, postgres };
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The uid and gid of a user in /etc/passwd. */
function systemUser(name: string): RunAs | undefined {
  let passwd: string;
  try {
    passwd = readFileSync("/etc/passwd", "utf8");
  } catch {
    return undefined;
  }
  for (const line of passwd.split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name && uid !== undefined && gid !== undefined) {
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  return undefined;
}
