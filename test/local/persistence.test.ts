// Persistence in the emulator: the state survives a restart from the file, the file is replaced
// atomically (never rewritten in place, no temporary file left), and a reader never sees a
// partial file.
import assert from "node:assert/strict";
import {
  closeSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { startLocalSecretsManager } from "../../src/local/index";
import { clientFor, rejectsWith, TIMEOUT } from "./emulator";

describe("persistence", TIMEOUT, () => {
  const directory = mkdtempSync(join(tmpdir(), "smts-local-"));
  after(() => rmSync(directory, { recursive: true, force: true }));

  async function run<T>(path: string, body: (client: ReturnType<typeof clientFor>) => Promise<T>) {
    const local = await startLocalSecretsManager({ persistPath: path });
    const client = clientFor(local.endpoint);
    try {
      return await body(client);
    } finally {
      await client.close();
      await local.close();
    }
  }

  test("a restart from the file keeps secrets, versions, tags, policies and deletions", async () => {
    const path = join(directory, "restart.json");
    const created = await run(path, async (client) => {
      const first = await client.createSecret({
        Name: "app/db",
        SecretString: "one",
        Tags: [{ Key: "env", Value: "test" }],
      });
      await client.putSecretValue({ SecretId: "app/db", SecretString: "two" });
      await client.createSecret({ Name: "bin", SecretBinary: new Uint8Array([9, 8, 7]) });
      await client.putResourcePolicy({
        SecretId: "bin",
        ResourcePolicy: JSON.stringify({
          Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "*" }],
        }),
      });
      await client.createSecret({ Name: "doomed", SecretString: "x" });
      await client.deleteSecret({ SecretId: "doomed" });
      return first;
    });

    await run(path, async (client) => {
      const value = await client.getSecretValue({ SecretId: "app/db" });
      assert.equal(value.SecretString, "two");
      const previous = await client.getSecretValue({
        SecretId: created.ARN as string,
        VersionStage: "AWSPREVIOUS",
      });
      assert.equal(previous.VersionId, created.VersionId);
      assert.deepEqual((await client.describeSecret({ SecretId: "app/db" })).Tags, [
        { Key: "env", Value: "test" },
      ]);
      assert.deepEqual(
        (await client.getSecretValue({ SecretId: "bin" })).SecretBinary,
        new Uint8Array([9, 8, 7]),
      );
      assert.ok((await client.getResourcePolicy({ SecretId: "bin" })).ResourcePolicy);
      await rejectsWith(client.getSecretValue({ SecretId: "doomed" }), "InvalidRequestException");
      await client.restoreSecret({ SecretId: "doomed" });
    });

    await run(path, async (client) => {
      assert.equal((await client.getSecretValue({ SecretId: "doomed" })).SecretString, "x");
    });
  });

  test("the file is replaced by rename after each change, with no temporary file left", async () => {
    const path = join(directory, "atomic.json");
    await run(path, async (client) => {
      await client.createSecret({ Name: "s", SecretString: "1" });
      for (let i = 2; i <= 6; i++) {
        // Hold the old file open across the write: a rename leaves it whole, an in-place
        // rewrite would change what it holds.
        const before = readFileSync(path, "utf8");
        const old = openSync(path, "r");
        try {
          await client.putSecretValue({ SecretId: "s", SecretString: String(i) });
          assert.equal(readFileSync(old, "utf8"), before);
          assert.equal(fstatSync(old).nlink, 0);
        } finally {
          closeSync(old);
        }
        // Acknowledged means written: the file already holds the new value.
        assert.ok(readFileSync(path, "utf8").includes(`"secretString":"${i}"`));
      }
      assert.deepEqual(
        readdirSync(directory).filter((name) => name.includes("atomic")),
        ["atomic.json"],
      );
      assert.equal(statSync(path).mode & 0o777, 0o600);
    });
  });

  test("a reader polling the file never sees a partial write", async () => {
    const path = join(directory, "readers.json");
    await run(path, async (client) => {
      await client.createSecret({ Name: "s", SecretString: "start" });
      let reads = 0;
      let stop = false;
      const reader = (async () => {
        while (!stop) {
          const parsed = JSON.parse(readFileSync(path, "utf8")) as { format: number };
          assert.equal(parsed.format, 1);
          reads += 1;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const big = "y".repeat(60_000);
      for (let i = 0; i < 20; i++) {
        await client.putSecretValue({ SecretId: "s", SecretString: `${big}${i}` });
      }
      stop = true;
      await reader;
      assert.ok(reads > 0);
    });
  });

  test("reads do not rewrite the file; reset() writes the empty state", async () => {
    const path = join(directory, "reads.json");
    const local = await startLocalSecretsManager({ persistPath: path });
    const client = clientFor(local.endpoint);
    try {
      await client.createSecret({ Name: "s", SecretString: "v" });
      await client.getSecretValue({ SecretId: "s" });
      // Were the file replaced, the one held open would have no name left (nlink 0).
      const held = openSync(path, "r");
      try {
        await client.getSecretValue({ SecretId: "s" });
        await client.describeSecret({ SecretId: "s" });
        await client.listSecrets({});
        assert.equal(fstatSync(held).nlink, 1);
      } finally {
        closeSync(held);
      }
      local.reset();
      assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), { format: 1, secrets: [] });
    } finally {
      await client.close();
      await local.close();
    }
  });

  test("a file the emulator did not write is refused at start", async () => {
    const path = join(directory, "foreign.json");
    writeFileSync(path, JSON.stringify({ something: "else" }));
    await assert.rejects(startLocalSecretsManager({ persistPath: path }), /not a state file/);
  });
});
