// The `secretsmanager-local` bin: prints its endpoint, serves until SIGTERM, keeps state with
// --persist, refuses bad arguments; refuses a state path that cannot work before printing an
// endpoint; cleans up after a writer killed mid-write; warns about a non-loopback --host;
// prints its version.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { isLoopbackHost } from "../../src/local/loopback";
import { clientFor, TIMEOUT } from "./emulator";

const CLI = fileURLToPath(new URL("../../src/local/cli.ts", import.meta.url));

/**
 * Preloaded into a CLI child: kills the process outright (SIGKILL) at its second rename, after
 * the temporary file is written and flushed and before it replaces the state file. That is a
 * crash in the middle of persisting a change, at the one point where it leaves a file behind.
 */
const KILL_AT_SECOND_RENAME = `data:text/javascript,${encodeURIComponent(`
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
const rename = fs.renameSync;
let renames = 0;
fs.renameSync = (from, to) => {
  renames += 1;
  if (renames === 2) process.kill(process.pid, "SIGKILL");
  return rename(from, to);
};
syncBuiltinESMExports();
`)}`;

/**
 * Preloaded into a CLI child: after the endpoint is written, holds the process for 300 ms, as a
 * busy machine may, so that a SIGTERM sent as soon as the endpoint is read arrives then.
 */
const PAUSE_AFTER_ENDPOINT = `data:text/javascript,${encodeURIComponent(`
const write = process.stdout.write.bind(process.stdout);
let first = true;
process.stdout.write = (...args) => {
  const written = write(...args);
  if (first) {
    first = false;
    const until = Date.now() + 300;
    while (Date.now() < until);
  }
  return written;
};
`)}`;

interface CliOptions {
  /** A module to load before the CLI (`--import`). */
  preload?: string;
  /**
   * Makes file permissions apply to the CLI as to any user. Root passes every permission check
   * through two capabilities, so a root test runs the CLI without them (`setpriv`, util-linux):
   * still root, so it reads the checkout wherever it is, but refused what the modes refuse.
   */
  permissionsApply?: boolean;
}

function startCli(args: string[], options: CliOptions = {}): ChildProcess {
  const preload = options.preload === undefined ? [] : ["--import", options.preload];
  const node = [process.execPath, "--import", "tsx", ...preload, CLI, ...args];
  const command =
    options.permissionsApply === true && process.getuid?.() === 0
      ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", ...node]
      : node;
  return spawn(command[0] as string, command.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
}

async function endpointOf(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) return line;
  throw new Error("the CLI exited without printing an endpoint");
}

function collect(stream: NodeJS.ReadableStream | null): { text: string } {
  const sink = { text: "" };
  stream?.on("data", (chunk: Buffer) => {
    sink.text += chunk.toString();
  });
  return sink;
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const [code] = await exited;
  return code as number | null;
}

// Each test spawns a few CLI processes (each compiling the emulator through tsx): the suite as
// a whole gets more time than one test.
describe("secretsmanager-local", { timeout: 8 * TIMEOUT.timeout }, () => {
  const directory = mkdtempSync(join(tmpdir(), "smts-cli-"));
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children) await stop(child);
    rmSync(directory, { recursive: true, force: true });
  });

  /** Runs the CLI to its end (a run that should not serve); its exit code and output. */
  async function runCli(args: string[], options: CliOptions = {}) {
    const child = startCli(args, options);
    children.push(child);
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    const [code] = await once(child, "close");
    return { code: code as number | null, stdout: stdout.text, stderr: stderr.text };
  }

  /** Starts the CLI on `file`, checks it serves `value` as secret `name`, and stops it (exit 0). */
  async function assertRestartServes(file: string, name: string, value: string): Promise<void> {
    const child = startCli(["--persist", file]);
    children.push(child);
    const client = clientFor(await endpointOf(child));
    try {
      assert.equal((await client.getSecretValue({ SecretId: name })).SecretString, value);
    } finally {
      await client.close();
    }
    assert.equal(await stop(child), 0);
  }

  test(
    "prints its endpoint, serves, and exits 0 on SIGTERM; --persist keeps state",
    TIMEOUT,
    async () => {
      const file = join(directory, "state.json");
      const first = startCli(["--port", "0", "--persist", file]);
      children.push(first);
      const endpoint = await endpointOf(first);
      assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = clientFor(endpoint);
      await client.createSecret({ Name: "cli", SecretString: "kept" });
      await client.close();
      assert.equal(await stop(first), 0);

      await assertRestartServes(file, "cli", "kept");
    },
  );

  test(
    "a SIGTERM sent the moment the endpoint is read stops it cleanly (exit 0)",
    TIMEOUT,
    async () => {
      const child = startCli(["--port", "0"], { preload: PAUSE_AFTER_ENDPOINT });
      children.push(child);
      await endpointOf(child);
      assert.equal(await stop(child), 0);
    },
  );

  test("a bad argument exits 2 with the usage", TIMEOUT, async () => {
    const run = await runCli(["--port", "not-a-port"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Usage: secretsmanager-local/);
  });

  test("--version prints the package's version and exits 0; --help lists it", TIMEOUT, async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const version = await runCli(["--version"]);
    assert.deepEqual(version, { code: 0, stdout: `${pkg.version}\n`, stderr: "" });
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^ {2}--version +print the version and exit$/m);
  });

  test(
    "a state path that cannot work stops the start: exit 1, the path named, no endpoint",
    TIMEOUT,
    async () => {
      // More kinds of unusable path are in persistence.test.ts; this is the one from issue 14.
      const path = join(directory, "no", "such", "s.json");
      const run = await runCli(["--persist", path]);
      assert.deepEqual(run, {
        code: 1,
        stdout: "",
        stderr:
          `secretsmanager-local: cannot keep state in ${path}: ` +
          `the directory ${join(directory, "no", "such")} does not exist\n`,
      });
    },
  );

  test(
    "a corrupt state file stops the start, naming the file and never quoting it",
    TIMEOUT,
    async () => {
      const file = join(directory, "corrupt.json");
      const secret = "hunter2-held-in-the-state-file";
      writeFileSync(file, secret); // JSON.parse's own message would quote it
      const run = await runCli(["--persist", file]);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, "");
      assert.equal(
        run.stderr,
        `secretsmanager-local: ${file} is not a state file this emulator wrote: it is not valid JSON\n`,
      );
    },
  );

  test(
    "a directory it cannot create files in, or a file it cannot read, stops the start",
    TIMEOUT,
    async () => {
      const base = mkdtempSync(join(directory, "permissions-"));
      const readOnly = join(base, "read-only");
      mkdirSync(readOnly);
      chmodSync(readOnly, 0o555);
      const open = join(base, "open");
      mkdirSync(open);
      const unreadable = join(open, "state.json");
      writeFileSync(unreadable, "{}");
      chmodSync(unreadable, 0o000);
      const asAnyUser = { permissionsApply: true };

      const noWrite = await runCli(["--persist", join(readOnly, "s.json")], asAnyUser);
      assert.equal(noWrite.code, 1, noWrite.stderr);
      assert.equal(noWrite.stdout, "");
      assert.match(
        noWrite.stderr,
        /cannot keep state in \S+\/read-only\/s\.json: cannot create files in \S+\/read-only \(EACCES\)/,
      );

      const noRead = await runCli(["--persist", unreadable], asAnyUser);
      assert.equal(noRead.code, 1, noRead.stderr);
      assert.equal(noRead.stdout, "");
      assert.ok(
        noRead.stderr.includes(`cannot read the state file ${unreadable} (EACCES)`),
        noRead.stderr,
      );
    },
  );

  test(
    "a write cut short by a kill: the next start removes its temporary file and keeps the acknowledged state",
    TIMEOUT,
    async () => {
      const base = mkdtempSync(join(directory, "killed-"));
      const file = join(base, "state.json");
      const killed = startCli(["--persist", file], { preload: KILL_AT_SECOND_RENAME });
      children.push(killed);
      const exited = once(killed, "exit");
      const client = clientFor(await endpointOf(killed));
      try {
        await client.createSecret({ Name: "s", SecretString: "acknowledged" });
        await assert.rejects(client.putSecretValue({ SecretId: "s", SecretString: "unanswered" }));
      } finally {
        await client.close();
      }
      const [, signal] = await exited;
      assert.equal(signal, "SIGKILL");
      const [left, ...others] = readdirSync(base).filter((name) => name !== "state.json");
      assert.deepEqual(others, []);
      assert.match(
        String(left),
        new RegExp(`^\\.state\\.json\\.${killed.pid}\\.[0-9a-f]{12}\\.tmp$`),
      );
      // Written in full, never renamed: the change was not acknowledged and is not the state.
      assert.ok(readFileSync(join(base, String(left)), "utf8").includes("unanswered"));

      await assertRestartServes(file, "s", "acknowledged");
      assert.deepEqual(readdirSync(base), ["state.json"]);
    },
  );

  test(
    "--host other than a loopback address warns that the emulator checks no credentials",
    TIMEOUT,
    async () => {
      // 192.0.2.1 (TEST-NET-1) is on no interface here: the warning comes, then listening fails.
      const exposed = await runCli(["--host", "192.0.2.1"]);
      assert.match(
        exposed.stderr,
        /^secretsmanager-local: warning: 192\.0\.2\.1 is not a loopback address\. The emulator checks no credentials/,
      );
      assert.equal(exposed.code, 1);

      const loopback = startCli(["--host", "127.0.0.2"]);
      children.push(loopback);
      const stderr = collect(loopback.stderr);
      assert.match(await endpointOf(loopback), /^http:\/\/127\.0\.0\.2:\d+$/);
      const closed = once(loopback, "close");
      assert.equal(await stop(loopback), 0);
      await closed;
      assert.match(stderr.text, /serving us-east-1 at http:\/\/127\.0\.0\.2:/);
      assert.doesNotMatch(stderr.text, /warning/);
    },
  );
});

test("isLoopbackHost: localhost, 127.0.0.0/8 and ::1 in any spelling; nothing else", () => {
  const loopback = ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1"];
  const mapped = ["::ffff:127.0.0.1", "::ffff:7f00:1"];
  for (const host of [...loopback, ...mapped]) assert.equal(isLoopbackHost(host), true, host);
  const exposed = ["0.0.0.0", "::", "128.0.0.1", "10.0.0.1", "::ffff:10.0.0.1", "fe80::1"];
  const names = ["example.com", "localhost.example.com", "my-laptop", ""];
  for (const host of [...exposed, ...names]) assert.equal(isLoopbackHost(host), false, host);
});
