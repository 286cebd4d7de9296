// Persistence in the emulator: the state survives a restart from the file, the file is replaced
// atomically (never rewritten in place, no temporary file left), and a reader never sees a
// partial file. At start, a path that cannot hold the state and a damaged file are refused with
// an error naming the file (never quoting it), and temporary files a killed writer left are
// removed. (A real kill mid-write is in cli.test.ts.)
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, test } from "node:test";
import { inspect } from "node:util";
import { startLocalSecretsManager } from "../../src/local/index";
import { clientFor, failure, rejectsWith, TIMEOUT } from "./emulator";

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

  test("a restart from the file keeps secrets, versions, tags, policies, replicas and deletions", async () => {
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
      await client.replicateSecretToRegions({
        SecretId: "app/db",
        AddReplicaRegions: [{ Region: "eu-west-1" }],
      });
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
      const described = await client.describeSecret({ SecretId: "app/db" });
      assert.deepEqual(described.Tags, [{ Key: "env", Value: "test" }]);
      assert.deepEqual(
        described.ReplicationStatus?.map((replica) => replica.Region),
        ["eu-west-1"],
      );
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

  test("a path that cannot hold the state fails the start with an error naming it", async () => {
    const base = mkdtempSync(join(directory, "paths-"));
    writeFileSync(join(base, "a-file"), "");
    mkdirSync(join(base, "a-directory"));
    const cases = [
      {
        path: join(base, "no", "such", "s.json"),
        message: `cannot keep state in ${join(base, "no", "such", "s.json")}: the directory ${join(base, "no", "such")} does not exist`,
      },
      {
        path: join(base, "a-file", "s.json"),
        message: `cannot keep state in ${join(base, "a-file", "s.json")}: ${join(base, "a-file")} is not a directory`,
      },
      {
        path: join(base, "a-directory"),
        message: `${join(base, "a-directory")} is not a state file this emulator wrote: it is a directory`,
      },
      {
        // Named as given, resolved against the working directory.
        path: relative(process.cwd(), join(base, "no", "s.json")),
        message: `cannot keep state in ${join(base, "no", "s.json")}: the directory ${join(base, "no")} does not exist`,
      },
      { path: "", message: "the state file path is empty" },
    ];
    for (const { path, message } of cases) {
      const error = await failure(startLocalSecretsManager({ persistPath: path }));
      assert.equal(error.message, message);
    }
    assert.deepEqual(readdirSync(base).sort(), ["a-directory", "a-file"]);
  });

  test("a damaged state file fails the start, naming the file and the problem, never the contents", async () => {
    const secret = "hunter2-held-in-the-state-file";
    const holding = (version: Record<string, unknown>) =>
      JSON.stringify({
        format: 1,
        secrets: [
          {
            arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf",
            name: "s",
            createdDate: 1,
            lastChangedDate: 1,
            tags: [],
            replicas: [],
            versions: [{ versionId: "v1", stages: ["AWSCURRENT"], createdDate: 1, ...version }],
          },
        ],
      });
    const cases = [
      // JSON.parse's own messages quote these texts.
      { text: secret, problem: "it is not valid JSON" },
      { text: `{"secretString":"${secret}"`, problem: "it is not valid JSON" },
      { text: `{"secretString":"${secret}"} trailing`, problem: "it is not valid JSON" },
      { text: " \n", problem: "it is empty" },
      { text: JSON.stringify([secret]), problem: "the top level must be an object" },
      { text: JSON.stringify({ format: 2, secrets: [] }), problem: "format must be 1" },
      { text: JSON.stringify({ format: 1, secrets: {} }), problem: "secrets must be a list" },
      {
        text: JSON.stringify({ format: 1, secrets: [{ name: secret }] }),
        problem: "secrets[0].arn must be a string",
      },
      {
        text: holding({ secretString: secret, stages: [7] }),
        problem: "secrets[0].versions[0].stages must be a list of strings",
      },
      {
        text: holding({ secretString: { value: secret } }),
        problem: "secrets[0].versions[0].secretString must be a string",
      },
      {
        text: holding({ secretString: secret, createdDate: "yesterday" }),
        problem: "secrets[0].versions[0].createdDate must be a number",
      },
    ];
    for (const [index, { text, problem }] of cases.entries()) {
      const path = join(directory, `damaged-${index}.json`);
      writeFileSync(path, text);
      const error = await failure(startLocalSecretsManager({ persistPath: path }));
      assert.equal(error.message, `${path} is not a state file this emulator wrote: ${problem}`);
      for (const shown of [error.stack, inspect(error, { depth: null })]) {
        assert.ok(!String(shown).includes(secret), `case ${index} shows the contents`);
      }
    }
    // The same shape with a string where a string belongs is a state the emulator starts from.
    const path = join(directory, "whole.json");
    writeFileSync(path, holding({ secretString: secret }));
    await run(path, async (client) => {
      assert.equal((await client.getSecretValue({ SecretId: "s" })).SecretString, secret);
    });
  });

  test("temporary files a killed writer left are removed at start; nothing else is", async () => {
    const base = mkdtempSync(join(directory, "leftovers-"));
    const path = join(base, "state.json");
    writeFileSync(path, JSON.stringify({ format: 1, secrets: [] }));
    const gone = spawn(process.execPath, ["-e", ""]);
    await once(gone, "exit");
    const abandoned = [
      `.state.json.${gone.pid}.0123456789ab.tmp`,
      // This process writes synchronously, so no file of its own is a write in progress.
      `.state.json.${process.pid}.ba9876543210.tmp`,
    ];
    const kept = [
      // Its process still runs: possibly another emulator writing the same file right now.
      `.state.json.${process.ppid}.00000000000a.tmp`,
      // Another state file's.
      `.other.json.${gone.pid}.0123456789ab.tmp`,
      // Not named the way the emulator names its temporary files.
      ".state.json.bak",
      `.state.json.${gone.pid}.tmp`,
      `state.json.${gone.pid}.0123456789ab.tmp`,
    ];
    for (const name of [...abandoned, ...kept]) writeFileSync(join(base, name), "{");
    const local = await startLocalSecretsManager({ persistPath: path });
    await local.close();
    assert.deepEqual(readdirSync(base).sort(), [...kept, "state.json"].sort());
  });
});
