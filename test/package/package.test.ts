// The package as users get it: it type-checks, lints, builds to ESM + CJS + .d.ts, and the
// packaging linters (publint, attw) find nothing wrong.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { VERSION } from "../../src/core/version";

const root = new URL("../../", import.meta.url).pathname;

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8", timeout: 180_000 });
  const output = `${result.stdout}\n${result.stderr}`.trim();
  assert.equal(result.status, 0, `${command} ${args.join(" ")} failed:\n${output}`);
  return output;
}

const bin = (name: string) => `${root}node_modules/.bin/${name}`;

test("the TypeScript compiler accepts src, tests and type tests", { timeout: 180_000 }, () => {
  run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
  run(bin("tsc"), ["-p", "test/tsconfig.json", "--noEmit"]);
});

test("biome finds no lint or format problem", { timeout: 60_000 }, () => {
  run(bin("biome"), ["ci", "."]);
});

test("the API reference builds with TypeDoc, every export documented, no warning", {
  timeout: 180_000,
}, () => {
  // typedoc.json sets treatWarningsAsErrors and the notDocumented validation.
  run(bin("typedoc"), ["--out", `${root}.tmp/api-docs`]);
});

test("VERSION matches package.json", () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };
  assert.equal(VERSION, pkg.version);
});

describe("build", { timeout: 300_000 }, () => {
  test("emits ESM, CJS and declarations for each", () => {
    run(bin("tsup"), []);
    for (const file of ["index.js", "index.cjs", "index.d.ts", "index.d.cts"]) {
      assert.ok(existsSync(`${root}dist/${file}`), `dist/${file} exists`);
    }
  });

  test("nothing of rotation reaches the main entry, and only rotation/postgres loads pg", () => {
    const built = (file: string) => readFileSync(`${root}dist/${file}`, "utf8");
    for (const file of ["index.js", "index.cjs"]) {
      assert.doesNotMatch(built(file), /RotationError|createRotationHandler|SCRAM-SHA-256/, file);
    }
    for (const file of ["index.js", "index.cjs", "local/index.js", "rotation/index.js"]) {
      assert.doesNotMatch(built(file), /\b(import|require)\(["']pg["']\)|from ["']pg["']/, file);
    }
    for (const file of ["rotation/postgres.js", "rotation/postgres.cjs"]) {
      assert.match(built(file), /\bimport\(["']pg["']\)/, `${file} loads pg when it connects`);
    }
  });

  test("publint reports no problem", () => {
    const output = run(bin("publint"), ["--strict"]);
    assert.doesNotMatch(output, /warning|error|suggestion/i, output);
  });

  test("attw --pack finds no type resolution problem", () => {
    const output = run(bin("attw"), ["--pack", ".", "--format", "ascii"]);
    assert.match(output, /No problems found/, output);
  });

  test("the built CJS and ESM load and export the client's errors", async () => {
    const esm = await import(`${root}dist/index.js`);
    const { createRequire } = await import("node:module");
    const cjs = createRequire(import.meta.url)(`${root}dist/index.cjs`);
    for (const copy of [esm, cjs]) {
      assert.equal(typeof copy.SecretsManagerServiceException, "function");
      assert.equal(typeof copy.ValidationError, "function");
    }
    // The dual-package hazard: an error thrown by the CJS copy is still an instance of the
    // ESM copy's classes, and the other way round.
    const fromCjs = new cjs.ResourceNotFoundException({ $metadata: {}, Message: "gone" });
    assert.ok(fromCjs instanceof esm.ResourceNotFoundException);
    assert.ok(fromCjs instanceof esm.SecretsManagerServiceException);
    assert.ok(!(fromCjs instanceof esm.ResourceExistsException));
    // getJson with the user's own zod (not the copy bundled into dist): only `parse` is called,
    // so the two copies never meet.
    const { z } = await import("zod");
    const canned = () => ({
      send: async () => ({
        status: 200,
        headers: {},
        body: '{"SecretString":"{\\"port\\":5432}"}',
      }),
      close: async () => {},
    });
    for (const copy of [esm, cjs]) {
      const client = new copy.SecretsManager({
        region: "us-east-1",
        credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
        http: canned,
      });
      assert.deepEqual(await client.getJson("db", z.object({ port: z.number() })), { port: 5432 });
      await assert.rejects(
        client.getJson("db", z.object({ port: z.string() })),
        copy.SecretFormatError,
      );
      await client.close();
    }
    const fromEsm = new esm.ValidationError([]);
    assert.ok(fromEsm instanceof cjs.ValidationError);
    assert.ok(!(fromEsm instanceof cjs.SecretsManagerServiceException));
  });
});
