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

  test("dependencies are exactly the packages dist imports at run time (issue 14)", async () => {
    const { builtinModules } = await import("node:module");
    const { readdirSync } = await import("node:fs");
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    const files = readdirSync(`${root}dist`, { recursive: true, encoding: "utf8" }).filter((file) =>
      /\.(c?js)$/.test(file),
    );
    const specifier = /(?:\bfrom|\bimport\(|\brequire\()\s*["']([^"'.][^"']*)["']/g;
    // Some packages are imported through a constant, so that bundlers leave them to node:
    // `const UNDICI = "undici"; ... import(UNDICI)`.
    const importedConstant = /\bimport\((\w+)\)/g;
    for (const file of files) {
      const code = readFileSync(`${root}dist/${file}`, "utf8");
      const names = [...code.matchAll(specifier)].map((match) => match[1] as string);
      for (const [, constant] of code.matchAll(importedConstant)) {
        const definition = new RegExp(`\\b${constant} = ["']([^"'.][^"']*)["']`).exec(code);
        if (definition?.[1] !== undefined) names.push(definition[1]);
      }
      for (const name of names) {
        const bare = (name as string).replace(/^node:/, "");
        if (builtins.has(bare)) continue;
        const parts = bare.split("/");
        imported.add(bare.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string));
      }
    }
    const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    // Peer dependencies (pg, for rotation/postgres only) are the user's to install.
    const declared = [
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.peerDependencies),
    ];
    assert.deepEqual([...imported].sort(), declared.sort());
  });
});

/** `1.2.3` as numbers, for comparing. */
function versionOf(text: string): number[] {
  return text.split(".").map((part) => Number.parseInt(part, 10));
}

function compareVersions(a: string, b: string): number {
  const [left, right] = [versionOf(a), versionOf(b)];
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether `version` meets every comparator of a range such as `>=20.0.0 <22` (the forms used here). */
function satisfies(version: string, range: string): boolean {
  return range
    .trim()
    .split(/\s+/)
    .every((comparator) => {
      const [, operator, bound] = /^(>=|<=|>|<|=)?v?(\d[\d.]*)$/.exec(comparator) ?? [];
      assert.ok(bound !== undefined, `a comparator this test reads: ${comparator}`);
      const order = compareVersions(version, bound);
      if (operator === ">=") return order >= 0;
      if (operator === ">") return order > 0;
      if (operator === "<=") return order <= 0;
      if (operator === "<") return order < 0;
      return order === 0;
    });
}

test("@aws-sdk/credential-providers: bounded below its first release without Node 20, and the installed one runs on Node 20", () => {
  const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
    engines: { node: string };
    dependencies: Record<string, string>;
  };
  const range = manifest.dependencies["@aws-sdk/credential-providers"] as string;
  assert.match(range, /^>=[\d.]+ <[\d.]+$/, "a lower and an upper bound");
  const installed = JSON.parse(
    readFileSync(`${root}node_modules/@aws-sdk/credential-providers/package.json`, "utf8"),
  ) as { version: string; engines: { node: string } };
  assert.ok(satisfies(installed.version, range), `${installed.version} in ${range}`);
  // The oldest Node our own engines admit must be admitted by the installed version's engines.
  const oldestNode = manifest.engines.node.replace(/^>=/, "");
  assert.ok(
    satisfies(oldestNode, installed.engines.node),
    `Node ${oldestNode} against ${installed.engines.node}`,
  );
});
