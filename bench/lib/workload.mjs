/**
 * The work that `instructions.mjs` counts under callgrind, in a process of its own:
 * `node lib/workload.mjs <contender> <seq calls> <listings>` with BENCH_ENDPOINT set. A fixed
 * warm-up (so that the JIT has settled the same way in every run), then the sequential
 * GetSecretValue calls and the listings; every answer is checked, as in calls.mjs.
 */
import { SECRET_COUNT, secretIndex, secretName, secretValue } from "./data.mjs";

const [contender, seqText, listText] = process.argv.slice(2);
if (!/^[a-z0-9-]+$/.test(contender ?? "")) throw new Error("usage: workload.mjs <contender> N K");
const seqCalls = Number(seqText);
const listings = Number(listText);

const module = await import(`../contenders/${contender}.mjs`);
const client = await module.connect(process.env.BENCH_ENDPOINT);

async function sequential(count, offset) {
  for (let i = 0; i < count; i++) {
    const index = (offset + i) % SECRET_COUNT;
    const result = await module.getSecretValue(client, secretName(index));
    if (result?.name !== secretName(index) || result?.value !== secretValue(index)) {
      throw new Error(`${contender}: wrong GetSecretValue answer for ${secretName(index)}`);
    }
  }
}

async function listAll() {
  const entries = await module.listAll(client);
  const seen = new Set(entries.map((entry) => secretIndex(entry?.Name ?? "")));
  if (entries.length !== SECRET_COUNT || seen.size !== SECRET_COUNT || seen.has(-1)) {
    throw new Error(`${contender}: wrong listing (${entries.length} entries)`);
  }
}

const WARMUP_CALLS = 1000;
await sequential(WARMUP_CALLS, 0);
await listAll();
await listAll();
await sequential(seqCalls, WARMUP_CALLS);
for (let run = 0; run < listings; run++) await listAll();
await module.close(client);
