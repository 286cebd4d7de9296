/**
 * Warm cost per call, in a process of its own: `node calls.mjs <contender> [options]` with
 * BENCH_ENDPOINT set. After a warm-up it makes N sequential GetSecretValue calls, then N more
 * with 16 in flight, then lists all 10,000 secrets K times through the contender's paginator.
 * Wall time comes from performance.now(), CPU time from process.cpuUsage() (user + system, this
 * process only: the server runs elsewhere). Every answer is checked; the first wrong one ends
 * the run with status 2. Prints one JSON line prefixed with `BENCH `.
 *
 * Options: --warmup W --seq N --conc N --concurrency C --list K --deadline-ms D
 */
import { writeSync } from "node:fs";
import { get } from "node:http";
import { parseArgs } from "node:util";
import { SECRET_COUNT, secretIndex, secretName, secretValue } from "./lib/data.mjs";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    warmup: { type: "string", default: "200" },
    seq: { type: "string", default: "2000" },
    conc: { type: "string", default: "4000" },
    concurrency: { type: "string", default: "16" },
    list: { type: "string", default: "5" },
    "deadline-ms": { type: "string", default: "120000" },
  },
});
const [contender] = positionals;
if (!/^[a-z0-9-]+$/.test(contender ?? "")) throw new Error("usage: node calls.mjs <contender>");
const warmup = Number(values.warmup);
const seqCalls = Number(values.seq);
const concCalls = Number(values.conc);
const concurrency = Number(values.concurrency);
const listRuns = Number(values.list);
const deadline = performance.now() + Number(values["deadline-ms"]);

class WrongAnswer extends Error {}

function checkDeadline() {
  if (performance.now() > deadline) throw new Error(`${contender}: deadline exceeded`);
}

// Expected answers are computed before any timing starts; checking costs one comparison.
const names = Array.from({ length: SECRET_COUNT }, (_, i) => secretName(i));
const expected = Array.from({ length: SECRET_COUNT }, (_, i) => secretValue(i));

function check(result, index) {
  if (result?.name !== names[index] || result?.value !== expected[index]) {
    throw new WrongAnswer(`${contender}: wrong GetSecretValue answer for ${names[index]}`);
  }
}

function checkListing(entries) {
  if (!Array.isArray(entries) || entries.length !== SECRET_COUNT) {
    throw new WrongAnswer(
      `${contender}: listing returned ${entries?.length} entries, expected ${SECRET_COUNT}`,
    );
  }
  const seen = new Set();
  for (const entry of entries) {
    const index = secretIndex(entry?.Name ?? "");
    if (index === -1 || seen.has(index) || !entry.ARN?.includes(entry.Name)) {
      throw new WrongAnswer(`${contender}: unexpected or repeated listing entry ${entry?.Name}`);
    }
    seen.add(index);
  }
}

/** The fake server's counters and CPU time, read outside the timed regions. */
function serverStats() {
  return new Promise((resolve, reject) => {
    const request = get(
      `${process.env.BENCH_ENDPOINT}/__bench/stats`,
      { agent: false, timeout: 10_000 },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve(JSON.parse(text)));
      },
    );
    request.on("timeout", () => request.destroy(new Error("server stats timed out")));
    request.on("error", reject);
  });
}

/**
 * Times one phase: wall, this process's CPU, and what the server saw meanwhile, which must be
 * exactly the requests the phase made (a retry or a stray request fails the run).
 */
async function phase(expected, run) {
  const before = await serverStats();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await run();
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - wall;
  const after = await serverStats();
  const seen = {
    GetSecretValue: after.requests.GetSecretValue - before.requests.GetSecretValue,
    ListSecrets: after.requests.ListSecrets - before.requests.ListSecrets,
  };
  const failures = after.failures - before.failures;
  if (
    failures > 0 ||
    seen.GetSecretValue !== expected.GetSecretValue ||
    seen.ListSecrets !== expected.ListSecrets
  ) {
    throw new WrongAnswer(
      `${contender}: server saw ${JSON.stringify(seen)} and ${failures} refusals, expected ${JSON.stringify(expected)}` +
        (failures > 0 ? ` (last: ${after.lastFailure})` : ""),
    );
  }
  const requests = seen.GetSecretValue + seen.ListSecrets;
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    serverCpuUsPerRequest: requests === 0 ? 0 : (after.cpuUs - before.cpuUs) / requests,
    result,
  };
}

const module = await import(`./contenders/${contender}.mjs`);
const client = await module.connect(process.env.BENCH_ENDPOINT);
let next = 0;

async function sequential(count) {
  for (let i = 0; i < count; i++) {
    const index = next++ % SECRET_COUNT;
    check(await module.getSecretValue(client, names[index]), index);
    if ((i & 63) === 0) checkDeadline();
  }
}

async function concurrent(count, width) {
  let started = 0;
  async function worker() {
    while (started < count) {
      started += 1;
      const index = next++ % SECRET_COUNT;
      check(await module.getSecretValue(client, names[index]), index);
      if ((started & 63) === 0) checkDeadline();
    }
  }
  await Promise.all(Array.from({ length: width }, worker));
}

try {
  // Warm-up: both operations, sequential and concurrent, so that connections, JIT and caches
  // are in their steady state before anything is timed.
  await sequential(warmup);
  await concurrent(warmup, concurrency);
  checkListing(await module.listAll(client));
  const warmupCalls = next;

  const pages = Math.ceil(SECRET_COUNT / 100);
  const seq = await phase({ GetSecretValue: seqCalls, ListSecrets: 0 }, () => sequential(seqCalls));
  const conc = await phase({ GetSecretValue: concCalls, ListSecrets: 0 }, () =>
    concurrent(concCalls, concurrency),
  );

  const listings = [];
  for (let run = 0; run < listRuns; run++) {
    checkDeadline();
    const listing = await phase({ GetSecretValue: 0, ListSecrets: pages }, () =>
      module.listAll(client),
    );
    checkListing(listing.result);
    listings.push({
      wallMs: listing.wallMs,
      cpuMs: listing.cpuMs,
      serverCpuUsPerRequest: listing.serverCpuUsPerRequest,
    });
  }
  await module.close(client);

  const perCall = (m, calls) => ({
    calls,
    wallUs: calls === 0 ? 0 : (m.wallMs * 1000) / calls,
    cpuUs: calls === 0 ? 0 : (m.cpuMs * 1000) / calls,
    serverCpuUs: m.serverCpuUsPerRequest,
  });
  const result = {
    contender,
    seq: perCall(seq, seqCalls),
    conc: { ...perCall(conc, concCalls), concurrency },
    list: listings,
    requests: { GetSecretValue: next, ListSecrets: (listRuns + 1) * Math.ceil(SECRET_COUNT / 100) },
    warmupCalls,
  };
  writeSync(1, `BENCH ${JSON.stringify(result)}\n`);
} catch (error) {
  writeSync(2, `${error instanceof WrongAnswer ? "WRONG ANSWER: " : ""}${error?.stack ?? error}\n`);
  process.exit(2);
}
