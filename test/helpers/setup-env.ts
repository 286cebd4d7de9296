// Loaded before every test file (see scripts/test.mjs). Keeps tests away from the developer's
// real AWS setup and from the instance metadata service, whatever the shell has exported.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const awsDir = mkdtempSync(join(tmpdir(), "smts-aws-"));
const configFile = join(awsDir, "config");
const credentialsFile = join(awsDir, "credentials");
writeFileSync(configFile, "");
writeFileSync(credentialsFile, "");

// A developer's proxy would catch the tests' loopback traffic.
const PROXY_VARIABLES = [
  "http_proxy",
  "HTTP_PROXY",
  "https_proxy",
  "HTTPS_PROXY",
  "no_proxy",
  "NO_PROXY",
];
for (const name of Object.keys(process.env)) {
  if (name.startsWith("AWS_") || PROXY_VARIABLES.includes(name)) delete process.env[name];
}
process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.AWS_CONFIG_FILE = configFile;
process.env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
