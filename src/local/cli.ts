#!/usr/bin/env node
/**
 * `secretsmanager-local [--port N] [--persist FILE] [--host H] [--region R]`: runs the emulator
 * until interrupted. The first line on stdout is the endpoint, alone, so scripts can read it.
 * A start that cannot work (a port in use, a state file that cannot be kept) prints why on
 * stderr and exits 1 before any endpoint is printed; a bad argument exits 2.
 */
import { parseArgs } from "node:util";
import { VERSION } from "../core/version";
import { startLocalSecretsManager } from "./index";
import { isLoopbackHost } from "./loopback";

const USAGE = `Usage: secretsmanager-local [--port N] [--persist FILE] [--host HOST] [--region REGION]

Runs a local AWS Secrets Manager emulator and prints its endpoint.
  --port N        port to listen on (default: a free port)
  --persist FILE  keep the state in FILE (JSON, holds secret values in clear text)
  --host HOST     address to listen on (default: 127.0.0.1); the emulator checks no
                  credentials, so anything but a loopback address opens every secret
                  to whoever can reach it
  --region REGION Region in ARNs (default: us-east-1)
  --version       print the version and exit
  -h, --help      print this help and exit
`;

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse().values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.host !== undefined && !isLoopbackHost(values.host)) {
    process.stderr.write(
      `secretsmanager-local: warning: ${values.host} is not a loopback address. The emulator ` +
        "checks no credentials: anyone who can reach it can read and change every secret.\n",
    );
  }
  const local = await startLocalSecretsManager({
    port,
    host: values.host,
    region: values.region,
    persistPath: values.persist,
  });
  const stop = () => {
    local.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Before the endpoint is printed: a supervisor may send SIGTERM as soon as it reads it, and
  // until a handler is installed the signal kills the process without closing the server.
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.stdout.write(`${local.endpoint}\n`);
  process.stderr.write(
    `secretsmanager-local: serving ${local.region} at ${local.endpoint}` +
      `${values.persist === undefined ? "" : `, state in ${values.persist}`}; Ctrl-C stops it\n`,
  );
}

function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      persist: { type: "string" },
      host: { type: "string" },
      region: { type: "string" },
      version: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`secretsmanager-local: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
