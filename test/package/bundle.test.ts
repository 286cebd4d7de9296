// Issue 16: a program bundled with esbuild's defaults carries neither undici nor
// @aws-sdk/credential-providers, and still works where neither package is installed: on node's
// own HTTP client with environment credentials, however busy. Forcing undici there, or needing a
// credentials source other than the environment, fails with an error that says why.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { type LocalSecretsManager, startLocalSecretsManager } from "../../src/local/index";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Outside the repository: no node_modules on the way up from the bundle.
const dir = mkdtempSync(join(tmpdir(), "smts-bundle-"));
// The default profile exists, so credentials without environment keys need the package.
writeFileSync(join(dir, "config"), "[default]\nregion = us-east-1\n");
writeFileSync(join(dir, "credentials"), "");

const PROGRAM = `
import { SecretsManager } from ${JSON.stringify(join(root, "src/index.ts"))};
const options = { endpoint: process.env.ENDPOINT, region: "us-east-1" };
const report = {};
const client = new SecretsManager(options);
await client.createSecret({ Name: "bundled", SecretString: "value" });
for (let call = 0; call < 100; call++) await client.getSecretValue({ SecretId: "bundled" });
report.calls = "ok";
await client.close();
const forced = new SecretsManager({ ...options, http: "undici" });
report.undici = await forced.getSecretValue({ SecretId: "bundled" }).then(() => "resolved", (e) => e.name + ": " + e.message);
await forced.close();
delete process.env.AWS_ACCESS_KEY_ID;
delete process.env.AWS_SECRET_ACCESS_KEY;
const keyless = new SecretsManager(options);
report.keyless = await keyless.getSecretValue({ SecretId: "bundled" }).then(() => "resolved", (e) => e.name + ": " + e.message);
await keyless.close();
console.log(JSON.stringify(report));
`;

let local: LocalSecretsManager | undefined;
let bundleFile = "";
let inputs: string[] = [];

before(async () => {
  local = await startLocalSecretsManager();
  writeFileSync(join(dir, "program.mjs"), PROGRAM);
  const result = await esbuild.build({
    entryPoints: [join(dir, "program.mjs")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: join(dir, "bundle.mjs"),
    metafile: true,
    logLevel: "silent",
    nodePaths: [join(root, "node_modules")],
  });
  bundleFile = join(dir, "bundle.mjs");
  inputs = Object.keys(result.metafile.inputs);
});
after(() => local?.close());

test("the bundle carries neither undici nor @aws-sdk/credential-providers", () => {
  assert.ok(
    inputs.some((input) => input.includes("src/client.ts")),
    "our code is in it",
  );
  const foreign = inputs.filter((input) => /node_modules\/(undici|@aws-sdk)\//.test(input));
  assert.deepEqual(foreign, []);
});

test("where neither is installed, it works on node's client and explains what it cannot do", async () => {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [bundleFile],
      {
        cwd: dir,
        timeout: 60_000,
        env: {
          PATH: process.env["PATH"] ?? "",
          ENDPOINT: local?.endpoint ?? "",
          AWS_ACCESS_KEY_ID: "AKIDBUNDLE",
          AWS_SECRET_ACCESS_KEY: "bundle-secret",
          // A profile the shared files hold, so that the default sources need the package.
          AWS_CONFIG_FILE: join(dir, "config"),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
          AWS_EC2_METADATA_DISABLED: "true",
        },
      },
      (error, stdout, stderr) => (error === null ? resolve(stdout) : reject(new Error(stderr))),
    );
  });
  const report = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as Record<string, string>;
  assert.equal(report["calls"], "ok", "100 calls in a row: busy, yet no undici to move to");
  assert.match(
    report["undici"] ?? "",
    /^ConfigurationError: http: "undici" needs the undici package/,
  );
  assert.match(
    report["keyless"] ?? "",
    /^CredentialsError: .*@aws-sdk\/credential-providers could not be loaded/s,
  );
});
