// The package as a user gets it: built and packed, installed from the tarball into a new project
// outside the repository, then imported as ESM and as CommonJS, type-checked by the project's own
// TypeScript (node16, bundler and node10 resolution), used for real calls against the emulator it
// ships, and its `secretsmanager-local` command started and stopped.
//
// The build runs in a copy of the sources, never in the repository's dist/: other test files
// (test/package/package.test.ts) rebuild dist/ in place, and node's test runner runs files in
// parallel. The install needs no network: the tarball's dependencies, TypeScript and @types/node
// come from the npm cache that the repository's own `npm ci` filled (`--offline`); only if that
// fails does it fall back to `--prefer-offline`.
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The version the repository itself uses, so that the npm cache has it. */
function installedVersion(name: string): string {
  const manifest = readFileSync(join(root, "node_modules", name, "package.json"), "utf8");
  return (JSON.parse(manifest) as { version: string }).version;
}

// `npm test` exports npm_* variables (the repository's package, its prefix): a nested npm would
// take them as its own. Only the user's cache, registry and config files are passed on.
const KEPT_NPM_VARIABLES = new Set([
  "npm_config_cache",
  "npm_config_registry",
  "npm_config_userconfig",
  "npm_config_globalconfig",
  "npm_config_cafile",
]);
const childEnvironment: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !name.toLowerCase().startsWith("npm_") || KEPT_NPM_VARIABLES.has(name),
  ),
);

interface RunOptions {
  cwd: string;
  timeout: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion (bounded by `timeout`); fails with its output unless it exits 0. */
function run(command: string, args: string[], options: RunOptions): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? childEnvironment,
    encoding: "utf8",
    timeout: options.timeout,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim();
  const shown = `${command} ${args.join(" ")}`;
  if (result.error !== undefined) {
    assert.fail(`${shown}: ${result.error.message}\n${output}`);
  }
  assert.equal(result.status, 0, `${shown} exited with ${result.status}:\n${output}`);
  return result.stdout;
}

const node = (args: string[], options: RunOptions) => run(process.execPath, args, options);

/** The sources a fresh clone has (with uncommitted changes), copied without node_modules or dist. */
function copySources(target: string): void {
  const listed = spawnSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: root,
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  if (listed.status === 0) {
    for (const file of listed.stdout.split("\0")) {
      if (file === "" || !existsSync(join(root, file))) continue; // deleted, not yet staged
      mkdirSync(dirname(join(target, file)), { recursive: true });
      cpSync(join(root, file), join(target, file));
    }
  } else {
    // Not a git checkout (an unpacked archive): everything but what the build produces.
    cpSync(root, target, {
      recursive: true,
      filter: (source) => !/(^|[/\\])(node_modules|\.git|dist)$/.test(source.slice(root.length)),
    });
  }
  // The build reads the repository's installed devDependencies (tsup, typescript).
  symlinkSync(join(root, "node_modules"), join(target, "node_modules"), "junction");
}

const ESM_CHECK = `
import { SecretCache, SecretsManager, ValidationError } from "secretsmanager-ts";
import { startLocalSecretsManager } from "secretsmanager-ts/local";
import { createRotationHandler, RotationError } from "secretsmanager-ts/rotation";
import { postgresAdapter } from "secretsmanager-ts/rotation/postgres";
console.log(JSON.stringify({
  main: import.meta.resolve("secretsmanager-ts"),
  local: import.meta.resolve("secretsmanager-ts/local"),
  rotation: import.meta.resolve("secretsmanager-ts/rotation"),
  postgres: import.meta.resolve("secretsmanager-ts/rotation/postgres"),
  exports: [SecretsManager, SecretCache, ValidationError, startLocalSecretsManager, createRotationHandler, RotationError, postgresAdapter].map((value) => typeof value),
}));
`;

const CJS_CHECK = `
const { SecretCache, SecretsManager, ValidationError } = require("secretsmanager-ts");
const { startLocalSecretsManager } = require("secretsmanager-ts/local");
const { createRotationHandler, RotationError } = require("secretsmanager-ts/rotation");
const { postgresAdapter } = require("secretsmanager-ts/rotation/postgres");
console.log(JSON.stringify({
  main: require.resolve("secretsmanager-ts"),
  local: require.resolve("secretsmanager-ts/local"),
  rotation: require.resolve("secretsmanager-ts/rotation"),
  postgres: require.resolve("secretsmanager-ts/rotation/postgres"),
  exports: [SecretsManager, SecretCache, ValidationError, startLocalSecretsManager, createRotationHandler, RotationError, postgresAdapter].map((value) => typeof value),
}));
`;

// The rotation entries as both module systems load them: one RotationError for both, a
// rotation through the installed emulator, and the PostgreSQL adapter without pg installed.
const ROTATION_ESM = `
import { createRequire } from "node:module";
import { SecretsManager } from "secretsmanager-ts";
import { startLocalSecretsManager } from "secretsmanager-ts/local";
import { createRotationHandler, RotationError, singleUser } from "secretsmanager-ts/rotation";
import { postgresAdapter } from "secretsmanager-ts/rotation/postgres";

const cjs = createRequire(import.meta.url)("secretsmanager-ts/rotation");
const fromCjs = new cjs.RotationError("testSecret", "arn:x", "refused");

const passwords = new Map([["app", "initial"]]);
const database = {
  async login({ username, password }) {
    if (passwords.get(username) !== password) throw new Error("refused");
  },
  async setPassword(as, user, password) {
    await database.login(as);
    passwords.set(user, password);
  },
};
const credentials = { accessKeyId: "AKIDSMOKE", secretAccessKey: "smoke-secret-key" };
const local = await startLocalSecretsManager({ credentials });
const client = new SecretsManager({ endpoint: local.endpoint, region: local.region, credentials });
let rotated = false;
try {
  local.setRotationHandler("arn:aws:lambda:us-east-1:123456789012:function:r", createRotationHandler(singleUser(database), { client }));
  await client.createSecret({ Name: "smoke/rotated", SecretString: '{"username":"app","password":"initial"}' });
  await client.rotateSecret({ SecretId: "smoke/rotated", RotationLambdaARN: "arn:aws:lambda:us-east-1:123456789012:function:r" });
  const { password } = await client.getJson("smoke/rotated", { parse: (value) => value });
  rotated = password !== "initial" && passwords.get("app") === password;
} finally {
  await client.close();
  await local.close();
}
const withoutPg = await postgresAdapter()
  .login({ host: "127.0.0.1", port: 1, username: "u", password: "p" })
  .then(() => "connected", (error) => \`\${error.name}: \${error.message}\`);
console.log(JSON.stringify({
  crossCopy: fromCjs instanceof RotationError && fromCjs.step === "testSecret",
  rotated,
  withoutPg,
}));
`;

// Real calls, SigV4-checked by the emulator: the bundled signer, the wire format, the error classes.
const CALLS_ESM = `
import { ResourceNotFoundException, SecretsManager } from "secretsmanager-ts";
import { startLocalSecretsManager } from "secretsmanager-ts/local";

const credentials = { accessKeyId: "AKIDSMOKE", secretAccessKey: "smoke-secret-key" };
const local = await startLocalSecretsManager({ credentials });
const client = new SecretsManager({ endpoint: local.endpoint, region: local.region, credentials });
try {
  const created = await client.createSecret({ Name: "smoke/db", SecretString: '{"port":5432}' });
  const read = await client.getSecretValue({ SecretId: "smoke/db" });
  const { port } = await client.getJson("smoke/db", { parse: (value) => value });
  let missing = "no error";
  try {
    await client.getSecretValue({ SecretId: "smoke/missing" });
  } catch (error) {
    missing = error instanceof ResourceNotFoundException ? error.name : String(error);
  }
  await client.createSecret({ Name: "smoke/binary", SecretBinary: new Uint8Array([1, 2, 255]) });
  const bytes = await client.getBinary("smoke/binary");
  const names = [];
  for await (const secret of client.paginateListSecrets({}, { pageSize: 1 }).items()) names.push(secret.Name);
  console.log(JSON.stringify({
    sameVersion: read.VersionId === created.VersionId,
    value: read.SecretString,
    port,
    missing,
    bytes: [...bytes],
    names: names.sort(),
  }));
} finally {
  await client.close();
  await local.close();
}
`;

const CALLS_CJS = `
const { SecretsManager, ValidationError } = require("secretsmanager-ts");
const { startLocalSecretsManager } = require("secretsmanager-ts/local");

(async () => {
  const credentials = { accessKeyId: "AKIDSMOKE", secretAccessKey: "smoke-secret-key" };
  const local = await startLocalSecretsManager({ credentials });
  const client = new SecretsManager({ endpoint: local.endpoint, region: local.region, credentials });
  try {
    await client.createSecret({ Name: "smoke/cjs", SecretString: "from-cjs" });
    const { SecretString } = await client.getSecretValue({ SecretId: "smoke/cjs" });
    const invalid = await client.getSecretValue({ SecretId: "" }).catch((error) => error);
    console.log(JSON.stringify({ value: SecretString, invalid: invalid instanceof ValidationError }));
  } finally {
    await client.close();
    await local.close();
  }
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

// Endpoint, Region and credentials from the environment, as a service pointed at the CLI has them.
const CALLS_FROM_ENVIRONMENT = `
import { SecretsManager } from "secretsmanager-ts";

const client = new SecretsManager();
await client.createSecret({ Name: "smoke/cli", SecretString: "served-by-the-cli" });
const { SecretString } = await client.getSecretValue({ SecretId: "smoke/cli" });
await client.close();
console.log(SecretString);
`;

// What a user's code leans on, type-checked against the installed declarations. Its two
// expected errors become unused directives, and so failures, if the types degrade to `any`.
const TYPES_ESM = `
import {
  type GetSecretValueResponse,
  ResourceNotFoundException,
  SecretCache,
  SecretsManager,
  type SecretsManagerOptions,
} from "secretsmanager-ts";
import {
  type LocalSecretsManager,
  type RotationEvent as LocalRotationEvent,
  type RotationHandler,
  startLocalSecretsManager,
} from "secretsmanager-ts/local";
import {
  alternatingUsers,
  createRotationHandler,
  type DatabaseAdapter,
  type RotationEvent,
  RotationError,
  type RotationLambdaHandler,
  singleUser,
} from "secretsmanager-ts/rotation";
import { type PostgresCredentials, postgresAdapter } from "secretsmanager-ts/rotation/postgres";

const options: SecretsManagerOptions = { region: "eu-west-1", maxSockets: 4 };
const client = new SecretsManager(options);
const cache = new SecretCache({ client, ttl: 60_000, refreshAhead: 5_000 });

export async function read(): Promise<string> {
  const output: GetSecretValueResponse = await client.getSecretValue({ SecretId: "app/db" });
  const port: number = await client.getJson("app/db", { parse: (value: unknown) => Number(value) });
  const cached: string = await cache.getString("app/db", { versionStage: "AWSPREVIOUS" });
  // @ts-expect-error SecretId is required
  await client.getSecretValue({});
  // @ts-expect-error members keep the service's names
  await client.getSecretValue({ secretId: "app/db" });
  return \`\${output.SecretString ?? cached}:\${port}\`;
}

export function isMissing(error: unknown): boolean {
  return error instanceof ResourceNotFoundException && error.$metadata.httpStatusCode === 400;
}

export const rotate: RotationHandler = async ({ Step, SecretId }, rotationClient) => {
  if (Step === "finishSecret") await rotationClient.describeSecret({ SecretId });
};

export function emulator(): Promise<LocalSecretsManager> {
  return startLocalSecretsManager({ port: 0, rotationHandlers: { "arn:aws:lambda:x": rotate } });
}

const postgres: DatabaseAdapter<PostgresCredentials> = postgresAdapter({ ssl: true });
export const rotation: RotationLambdaHandler = createRotationHandler(singleUser(postgres), {
  client,
  password: { PasswordLength: 40 },
});
export const alternating = createRotationHandler(alternatingUsers(postgres));
const event: RotationEvent = { Step: "setSecret", SecretId: "arn", ClientRequestToken: "t" };
// The emulator's event is the rotation entry's, and a rotation function fits the emulator.
export const sameEvent: LocalRotationEvent = event;
export const asEmulatorHandler: RotationHandler = rotation;
// @ts-expect-error Step is one of the four
export const badEvent: RotationEvent = { Step: "rotate", SecretId: "arn", ClientRequestToken: "t" };

export function failedStep(error: unknown): string | undefined {
  return error instanceof RotationError ? error.step : undefined;
}
`;

const TYPES_CJS = `
import { SecretsManager, ValidationError } from "secretsmanager-ts";
import { startLocalSecretsManager } from "secretsmanager-ts/local";
import { createRotationHandler, singleUser } from "secretsmanager-ts/rotation";
import { postgresAdapter } from "secretsmanager-ts/rotation/postgres";

export const rotation = createRotationHandler(singleUser(postgresAdapter()));

export async function check(): Promise<boolean> {
  const local = await startLocalSecretsManager();
  const client = new SecretsManager({ endpoint: local.endpoint, region: local.region });
  const error: unknown = await client.getSecretValue({ SecretId: "" }).catch((caught) => caught);
  await local.close();
  return error instanceof ValidationError;
}
`;

function tsconfig(compilerOptions: Record<string, unknown>, files: string[]): string {
  return JSON.stringify(
    {
      compilerOptions: {
        target: "es2022",
        strict: true,
        noEmit: true,
        skipLibCheck: false, // our .d.ts files are checked too
        types: ["node"],
        ...compilerOptions,
      },
      files,
    },
    null,
    2,
  );
}

describe("the packed package, installed in a new project", { timeout: 240_000 }, () => {
  let work = "";
  let project = "";
  let packedFiles: string[] = [];
  let installMode = "";

  before(
    () => {
      work = realpathSync(mkdtempSync(join(tmpdir(), "smts-smoke-")));
      const source = join(work, "source");
      project = join(work, "project");
      copySources(source);

      run("npm", ["run", "build"], { cwd: source, timeout: 120_000 });
      const packed = JSON.parse(
        run("npm", ["pack", "--json", "--pack-destination", work], {
          cwd: source,
          timeout: 60_000,
        }),
      ) as Array<{ filename: string; files: Array<{ path: string }> }>;
      const [tarball] = packed;
      assert.ok(tarball !== undefined, "npm pack reports its tarball");
      packedFiles = tarball.files.map((file) => file.path);

      mkdirSync(project);
      writeFileSync(
        join(project, "package.json"),
        JSON.stringify({ name: "smoke-consumer", private: true, type: "module" }, null, 2),
      );
      const packages = [
        join(work, tarball.filename),
        `typescript@${installedVersion("typescript")}`,
        `@types/node@${installedVersion("@types/node")}`,
      ];
      const install = (mode: string) =>
        run("npm", ["install", mode, "--no-audit", "--no-fund", ...packages], {
          cwd: project,
          timeout: 120_000,
        });
      try {
        install("--offline");
        installMode = "--offline";
      } catch (offlineFailure) {
        try {
          install("--prefer-offline");
        } catch (onlineFailure) {
          throw new AggregateError(
            [offlineFailure, onlineFailure],
            "installing the tarball failed offline and online",
          );
        }
        installMode = "--prefer-offline (the npm cache lacked something)";
      }
    },
    { timeout: 240_000 },
  );

  after(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  const installedAt = () => join(project, "node_modules", "secretsmanager-ts");

  test("the tarball holds the built entry points, the CLI and the licences, and no sources", (t) => {
    t.diagnostic(`installed with npm install ${installMode}`);
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/index.js",
      "dist/index.cjs",
      "dist/index.d.ts",
      "dist/index.d.cts",
      "dist/local/index.js",
      "dist/local/index.cjs",
      "dist/local/index.d.ts",
      "dist/local/index.d.cts",
      "dist/local/cli.js",
      "dist/rotation/index.js",
      "dist/rotation/index.cjs",
      "dist/rotation/index.d.ts",
      "dist/rotation/index.d.cts",
      "dist/rotation/postgres.js",
      "dist/rotation/postgres.cjs",
      "dist/rotation/postgres.d.ts",
      "dist/rotation/postgres.d.cts",
      "dist/THIRD-PARTY-NOTICES.md",
      "local/package.json",
      "rotation/package.json",
      "rotation/postgres/package.json",
    ]) {
      assert.ok(packedFiles.includes(file), `${file} is packed:\n${packedFiles.join("\n")}`);
    }
    const unexpected = packedFiles.filter((file) => /^(src|test|codegen|scripts)\//.test(file));
    assert.deepEqual(unexpected, []);
  });

  test("import (ESM) loads every entry point from the installed package", () => {
    const result = JSON.parse(
      node(["--input-type=module", "-e", ESM_CHECK], { cwd: project, timeout: 30_000 }),
    );
    const url = (file: string) => pathToFileURL(join(installedAt(), file)).href;
    assert.equal(result.main, url("dist/index.js"));
    assert.equal(result.local, url("dist/local/index.js"));
    assert.equal(result.rotation, url("dist/rotation/index.js"));
    assert.equal(result.postgres, url("dist/rotation/postgres.js"));
    assert.deepEqual(result.exports, Array(7).fill("function"));
  });

  test("require (CommonJS) loads every entry point from the installed package", () => {
    const result = JSON.parse(
      node(["--input-type=commonjs", "-e", CJS_CHECK], { cwd: project, timeout: 30_000 }),
    );
    assert.equal(result.main, join(installedAt(), "dist/index.cjs"));
    assert.equal(result.local, join(installedAt(), "dist/local/index.cjs"));
    assert.equal(result.rotation, join(installedAt(), "dist/rotation/index.cjs"));
    assert.equal(result.postgres, join(installedAt(), "dist/rotation/postgres.cjs"));
    assert.deepEqual(result.exports, Array(7).fill("function"));
  });

  test("rotation: one RotationError for ESM and CJS, a rotation through the emulator, pg optional", () => {
    // pg is an optional peer dependency: installing the package does not bring it.
    assert.ok(!existsSync(join(project, "node_modules", "pg")), "pg was not installed");
    writeFileSync(join(project, "rotation.mjs"), ROTATION_ESM);
    const result = JSON.parse(node(["rotation.mjs"], { cwd: project, timeout: 30_000 }));
    assert.deepEqual(result, {
      crossCopy: true,
      rotated: true,
      withoutPg:
        "ConfigurationError: secretsmanager-ts/rotation/postgres needs the pg package: npm install pg",
    });
  });

  test("a TypeScript project type-checks against it (node16, bundler, node10)", () => {
    writeFileSync(join(project, "esm.ts"), TYPES_ESM);
    writeFileSync(join(project, "cjs.cts"), TYPES_CJS);
    writeFileSync(join(project, "node10.ts"), TYPES_CJS);
    const configs = {
      "tsconfig.node16.json": tsconfig({ module: "node16", moduleResolution: "node16" }, [
        "esm.ts",
        "cjs.cts",
      ]),
      "tsconfig.bundler.json": tsconfig({ module: "esnext", moduleResolution: "bundler" }, [
        "esm.ts",
      ]),
      // No "exports" support: the subpaths resolve through local/package.json,
      // rotation/package.json and rotation/postgres/package.json.
      "tsconfig.node10.json": tsconfig({ module: "commonjs", moduleResolution: "node10" }, [
        "node10.ts",
      ]),
    };
    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    for (const [name, text] of Object.entries(configs)) {
      writeFileSync(join(project, name), text);
      node([tsc, "-p", name], { cwd: project, timeout: 90_000 });
    }
  });

  test("calls through the installed client reach the installed emulator (ESM)", () => {
    writeFileSync(join(project, "calls.mjs"), CALLS_ESM);
    const result = JSON.parse(node(["calls.mjs"], { cwd: project, timeout: 30_000 }));
    assert.deepEqual(result, {
      sameVersion: true,
      value: '{"port":5432}',
      port: 5432,
      missing: "ResourceNotFoundException",
      bytes: [1, 2, 255],
      names: ["smoke/binary", "smoke/db"],
    });
  });

  test("calls through the installed client reach the installed emulator (CommonJS)", () => {
    writeFileSync(join(project, "calls.cjs"), CALLS_CJS);
    const result = JSON.parse(node(["calls.cjs"], { cwd: project, timeout: 30_000 }));
    assert.deepEqual(result, { value: "from-cjs", invalid: true });
  });

  test("npx secretsmanager-local prints its endpoint first, serves it, and stops on SIGTERM", async () => {
    writeFileSync(join(project, "calls-from-environment.mjs"), CALLS_FROM_ENVIRONMENT);
    // Its own process group, so that npx and the node process it starts stop together.
    const cli = spawn("npx", ["--no", "--", "secretsmanager-local", "--port", "0"], {
      cwd: project,
      env: childEnvironment,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) =>
      cli.once("exit", (code) => resolve(code)),
    );
    try {
      const endpoint = await firstLine(cli, 30_000);
      assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      const value = node(["calls-from-environment.mjs"], {
        cwd: project,
        timeout: 30_000,
        env: {
          ...childEnvironment,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
        },
      });
      assert.equal(value.trim(), "served-by-the-cli");
    } finally {
      stopGroup(cli, "SIGTERM");
    }
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, 10_000, false).unref()),
    ]);
    if (!stopped) stopGroup(cli, "SIGKILL");
    assert.ok(stopped, "the CLI stopped within 10 s of SIGTERM");
  });
});

/** The first line a child writes to stdout; rejects if it exits or `timeout` passes first. */
function firstLine(child: ChildProcess, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`${reason}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`no line within ${timeout} ms`), timeout);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf("\n");
      if (end !== -1) {
        clearTimeout(timer);
        resolve(stdout.slice(0, end).trim());
      }
    });
    child.once("exit", (code) => fail(`exited with ${code} before printing a line`));
    child.once("error", (error) => fail(error.message));
  });
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
