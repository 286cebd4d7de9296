/**
 * Starting the fake server and the measured children, with CPU pinning where `taskset` exists:
 * the server on core 1, this process (and so every child it spawns) on core 0.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CREDENTIALS, REGION } from "./data.mjs";

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
const TASKSET = ["/usr/bin/taskset", "/bin/taskset"].find((path) => existsSync(path));
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Whether client and server get a core each; decided once, by {@link pinSelf}. */
export const pinning = { enabled: false, reason: "" };

/** Pins this process and its threads to core 0, so children start there too. */
export function pinSelf() {
  if (TASKSET === undefined) {
    pinning.reason = "taskset not found: client and server share all cores";
  } else if (availableParallelism() < 2) {
    pinning.reason = "one core only: client and server share it";
  } else {
    execFileSync(TASKSET, ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
    pinning.enabled = true;
    pinning.reason = "client on core 0, server on core 1 (taskset)";
  }
  return pinning;
}

export const hasGnuTime = GNU_TIME !== undefined;

/**
 * An empty, private AWS environment: no shared config or credentials (empty temp files), no
 * instance metadata, a home directory of its own, and the fake account's keys.
 */
export function createSandbox() {
  const dir = mkdtempSync(join(tmpdir(), "smts-bench-"));
  const empty = join(dir, "empty");
  writeFileSync(empty, "");
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: dir,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
  };
  return { dir, env, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts server.mjs and resolves once it listens. */
export async function startServer(serverArgs = []) {
  const command = pinning.enabled ? TASKSET : process.execPath;
  const args = [
    ...(pinning.enabled ? ["-c", "1", process.execPath] : []),
    join(BENCH_DIR, "server.mjs"),
    ...serverArgs,
  ];
  const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("fake server did not start in 30 s")), 30_000);
    child.once("message", (message) => {
      clearTimeout(timer);
      if (message?.type === "ready") resolve(message.port);
      else reject(new Error(`fake server said ${JSON.stringify(message)}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`fake server exited with ${code} before listening`));
    });
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** `{ requests: { GetSecretValue, ListSecrets }, total, failures, lastFailure }` */
    stats() {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error("fake server did not answer in 10 s")),
          10_000,
        );
        child.once("message", (message) => {
          clearTimeout(timer);
          resolve(message.stats);
        });
        child.send({ type: "stats" });
      });
    },
    async close() {
      if (child.connected) child.send({ type: "close" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Runs one child to completion. Returns its wall time from just before spawn to its exit, the
 * parsed `BENCH {...}` line, and (with `measureRss` and GNU time) the kernel's peak RSS in KB.
 * Rejects on a non-zero exit, a missing report or the time limit.
 */
export function runChild(
  args,
  { env, timeoutMs, measureRss = false, nodeArgs = [], cwd = BENCH_DIR },
) {
  const rssFile =
    measureRss && GNU_TIME !== undefined
      ? join(env.HOME, `rss-${process.hrtime.bigint()}`)
      : undefined;
  const command = rssFile === undefined ? process.execPath : GNU_TIME;
  const argv =
    rssFile === undefined
      ? [...nodeArgs, ...args]
      : ["-f", "%M", "-o", rssFile, process.execPath, ...nodeArgs, ...args];
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    let exitedAt = 0;
    const started = performance.now();
    const child = spawn(command, argv, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("exit", () => {
      exitedAt = performance.now();
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const where = `${args.join(" ")}`;
      if (code !== 0) {
        const why =
          signal === "SIGKILL" ? `killed after ${timeoutMs} ms` : `exit ${code ?? signal}`;
        reject(new Error(`${where}: ${why}\n${stderr.trim()}`));
        return;
      }
      const line = stdout.split("\n").find((text) => text.startsWith("BENCH "));
      if (line === undefined) {
        reject(new Error(`${where}: printed no BENCH line\n${stdout}${stderr}`));
        return;
      }
      let rssKb;
      if (rssFile !== undefined) {
        rssKb = Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1));
        rmSync(rssFile, { force: true });
      }
      resolve({ wallMs: exitedAt - started, report: JSON.parse(line.slice(6)), rssKb, stderr });
    });
  });
}
