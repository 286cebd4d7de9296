// The `secretsmanager-local` bin: prints its endpoint, serves until SIGTERM, keeps state with
// --persist, refuses bad arguments.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { clientFor, TIMEOUT } from "./emulator";

const CLI = fileURLToPath(new URL("../../src/local/cli.ts", import.meta.url));

function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function endpointOf(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) return line;
  throw new Error("the CLI exited without printing an endpoint");
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const [code] = await exited;
  return code as number | null;
}

describe("secretsmanager-local", TIMEOUT, () => {
  const directory = mkdtempSync(join(tmpdir(), "smts-cli-"));
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children) await stop(child);
    rmSync(directory, { recursive: true, force: true });
  });

  test("prints its endpoint, serves, and exits 0 on SIGTERM; --persist keeps state", async () => {
    const file = join(directory, "state.json");
    const first = startCli(["--port", "0", "--persist", file]);
    children.push(first);
    const endpoint = await endpointOf(first);
    assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    const client = clientFor(endpoint);
    await client.createSecret({ Name: "cli", SecretString: "kept" });
    await client.close();
    assert.equal(await stop(first), 0);

    const second = startCli(["--persist", file]);
    children.push(second);
    const again = clientFor(await endpointOf(second));
    try {
      assert.equal((await again.getSecretValue({ SecretId: "cli" })).SecretString, "kept");
    } finally {
      await again.close();
    }
    assert.equal(await stop(second), 0);
  });

  test("a bad argument exits 2 with the usage", async () => {
    const child = startCli(["--port", "not-a-port"]);
    children.push(child);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, "exit");
    assert.equal(code, 2);
    assert.match(stderr, /Usage: secretsmanager-local/);
  });
});
