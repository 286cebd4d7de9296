/**
 * Cached reads (issue 8), in a process of its own: `node cached.mjs <contender> [--reads N]`
 * with BENCH_ENDPOINT set. The first read fetches the secret; then N reads are served from the
 * cache and timed. Every answer is checked. Prints one `BENCH {...}` line with the cost per
 * read and the requests the contender made (the runner checks them against the server).
 *
 * Contenders: our SecretCache `get` and `getJson` (with a small schema), and Lambda
 * Powertools' SecretsProvider `get` (cached, as its docs recommend) without and with
 * `transform: "json"`.
 */
import { writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { secretName, secretValue } from "./lib/data.mjs";
import { SecretCache, SecretsManager } from "./results/dist-snapshot/index.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { reads: { type: "string", default: "200000" } },
});
const [contender] = positionals;
const reads = Number(values.reads);
const id = secretName(7);
const expected = secretValue(7);
const expectedUser = JSON.parse(expected).username;
const endpoint = process.env.BENCH_ENDPOINT;

/** A schema as users write them for getJson: checks the fields it reads. */
const Database = {
  parse(value) {
    if (typeof value?.username !== "string" || typeof value?.port !== "number") {
      throw new Error("not a database secret");
    }
    return value;
  },
};

function fail(message) {
  writeSync(2, `${contender}: ${message}\n`);
  process.exit(2);
}

async function setup() {
  if (contender.startsWith("ours")) {
    const client = new SecretsManager({ region: "us-east-1", endpoint });
    const cache = new SecretCache({ client });
    const read =
      contender === "ours-get"
        ? async () => (await cache.get(id)).SecretString === expected
        : async () => (await cache.getJson(id, Database)).username === expectedUser;
    return { read, close: () => client.close() };
  }
  const provider = new SecretsProvider({ clientConfig: { region: "us-east-1", endpoint } });
  const read =
    contender === "powertools-get"
      ? async () => (await provider.get(id, { maxAge: 3600 })) === expected
      : async () =>
          (await provider.get(id, { maxAge: 3600, transform: "json" }))?.username === expectedUser;
  return { read, close: async () => {} };
}

const { read, close } = await setup();
if (!(await read())) fail("first read: wrong answer");
for (let i = 0; i < 1_000; i++) if (!(await read())) fail("warm-up: wrong answer");
const started = performance.now();
for (let i = 0; i < reads; i++) if (!(await read())) fail(`read ${i}: wrong answer`);
const elapsed = performance.now() - started;
await close();
writeSync(
  1,
  `BENCH ${JSON.stringify({ contender, reads, nsPerRead: (elapsed * 1e6) / reads, requests: 1 })}\n`,
);
