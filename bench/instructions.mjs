#!/usr/bin/env node
/**
 * `npm run bench:instructions`: the warm costs counted in CPU instructions instead of timed.
 * Time per call on a shared 2-core machine moves by 10-50% from one run to the next; the
 * number of instructions a process executes, counted by valgrind's callgrind, is not moved by
 * other work on the machine (only by the JIT's choices: 4% per call and 9% per listing between
 * two runs of the same build here; compare contenders within one run).
 *
 * Each contender runs lib/workload.mjs three times under callgrind against the same
 * signature-checking fake server: a base run (1,000 warm-up calls and two listings), the base
 * plus SEQ sequential GetSecretValue calls, and the base plus LISTINGS listings of all 10,000
 * secrets. The differences give instructions per call and per listing, with everything the
 * process does for them: JIT, garbage collection (node runs single-threaded here, so that the
 * collector's work is counted too), the HTTP engine and the user-side part of system calls.
 *
 *   node instructions.mjs            about 15 minutes on 2 cores
 *   node instructions.mjs --quick    fewer calls and listings: a rougher figure, in about 7
 *   node instructions.mjs --only ours,floor    some of the contenders (ratios need v3 and floor)
 *
 * Writes results/instructions.md (and .json). Needs valgrind (Debian: `apt-get install valgrind`).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cell, REFERENCE, ratio, table } from "./lib/format.mjs";
import { createSandbox, startServer } from "./lib/processes.mjs";
import { snapshotDist } from "./lib/snapshot.mjs";

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
const RESULTS_DIR = join(BENCH_DIR, "results");
const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    // A comma-separated subset of the ids below, for checking one change quickly.
    only: { type: "string" },
  },
});
const SEQ = flags.quick ? 500 : 2000;
const LISTINGS = flags.quick ? 1 : 3;
const BASE_SEQ = 100;
const PARALLEL = 2;
const RUN_TIMEOUT_MS = 10 * 60_000;

const CONTENDERS = [
  { id: "ours", label: "secretsmanager-ts (undici engine)", contender: "ours", env: {} },
  {
    id: "ours-lambda",
    label: "secretsmanager-ts, Lambda-like (node:http engine)",
    contender: "ours",
    env: { AWS_LAMBDA_FUNCTION_NAME: "bench-function" },
  },
  { id: REFERENCE, label: "@aws-sdk/client-secrets-manager", contender: REFERENCE, env: {} },
  { id: "aws-lite", label: "@aws-lite/client", contender: "aws-lite", env: {} },
  { id: "floor", label: "floor: undici Pool + @smithy/signature-v4", contender: "floor", env: {} },
];

const SELECTED =
  flags.only === undefined
    ? CONTENDERS
    : CONTENDERS.filter((entry) => flags.only.split(",").includes(entry.id));
const log = (message) => process.stderr.write(`${message}\n`);

/** Instructions executed by one workload run under callgrind. */
function count(entry, seq, listings, env) {
  const args = [
    "--tool=callgrind",
    "--callgrind-out-file=/dev/null",
    // node compiles code at run time; valgrind must notice code written to the heap.
    "--smc-check=all-non-file",
    process.execPath,
    "--single-threaded",
    join(BENCH_DIR, "lib", "workload.mjs"),
    entry.contender,
    String(seq),
    String(listings),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("valgrind", args, {
      env: { ...env, ...entry.env },
      stdio: ["ignore", "ignore", "pipe"],
      timeout: RUN_TIMEOUT_MS,
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const collected = /Collected : (\d+)/.exec(stderr);
      if (code !== 0 || collected === null) {
        reject(
          new Error(
            `${entry.id} (${seq} calls, ${listings} listings) failed:\n${stderr.slice(-2000)}`,
          ),
        );
      } else {
        resolve(Number(collected[1]));
      }
    });
  });
}

async function main() {
  if (spawnSync("valgrind", ["--version"]).status !== 0) {
    throw new Error("valgrind is not installed (Debian: apt-get install valgrind)");
  }
  const started = performance.now();
  const build = snapshotDist();
  const sandbox = createSandbox();
  const server = await startServer();
  try {
    const env = { ...sandbox.env, BENCH_ENDPOINT: server.endpoint };
    const jobs = SELECTED.flatMap((entry) => [
      { entry, kind: "base", seq: BASE_SEQ, listings: 0 },
      { entry, kind: "seq", seq: BASE_SEQ + SEQ, listings: 0 },
      { entry, kind: "list", seq: BASE_SEQ, listings: LISTINGS },
    ]);
    const counts = Object.fromEntries(SELECTED.map((entry) => [entry.id, {}]));
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        counts[job.entry.id][job.kind] = await count(job.entry, job.seq, job.listings, env);
        log(`instructions: ${job.entry.id} ${job.kind}: ${counts[job.entry.id][job.kind]}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));

    // NaN for a contender left out with --only: its cells and ratios print as "–".
    const perCall = (id) =>
      counts[id] === undefined ? Number.NaN : (counts[id].seq - counts[id].base) / SEQ;
    const perListing = (id) =>
      counts[id] === undefined ? Number.NaN : (counts[id].list - counts[id].base) / LISTINGS;
    const times = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : "–");
    const rows = SELECTED.map(({ id, label }) => [
      label,
      cell(perCall(id) / 1000, perCall(REFERENCE) / 1000),
      times(ratio(perCall(id), perCall("floor"))),
      cell(perListing(id) / 1e6, perListing(REFERENCE) / 1e6),
      times(ratio(perListing(id), perListing("floor"))),
    ]);
    const markdown = [
      "# Warm cost in instructions (callgrind)",
      "",
      `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · Node ${process.version} · build dist/index.js sha256 ${build.sha256} · ${SEQ} sequential calls and ${LISTINGS} listing(s) of 10,000 secrets counted over a base run; node --single-threaded under valgrind --tool=callgrind; every answer checked.`,
      "",
      table(
        [
          "contender",
          "thousand instructions per GetSecretValue (× v3)",
          "× floor",
          "million instructions per 10k listing (× v3)",
          "× floor",
        ],
        rows,
      ),
      "",
    ].join("\n");
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, "instructions.md"), markdown);
    writeFileSync(
      join(RESULTS_DIR, "instructions.json"),
      `${JSON.stringify({ seq: SEQ, listings: LISTINGS, base: BASE_SEQ, build, counts }, null, 2)}\n`,
    );
    process.stdout.write(`${markdown}\n`);
    log(`instructions: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await server.close();
    sandbox.dispose();
  }
}

main().catch((error) => {
  log(`instructions FAILED: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
