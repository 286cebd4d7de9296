// `npm run demo` is the README's first command: it must keep working on a fresh clone.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

const root = new URL("../../", import.meta.url).pathname;

test("the demo tours the client against the embedded emulator", { timeout: 60_000 }, () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  for (const line of [
    "getJson -> host db.internal",
    "getBinary -> Uint8Array of 5 bytes",
    "page 3:",
    "ResourceNotFoundException",
    "password changed by the handler: true",
    "Done.",
  ]) {
    assert.ok(result.stdout.includes(line), `missing "${line}" in:\n${result.stdout}`);
  }
  assert.ok(!result.stdout.includes("sk-demo-"), "the demo never prints a secret value");
});
