#!/usr/bin/env node
/**
 * `npm run bench`: secretsmanager-ts side by side with @aws-sdk/client-secrets-manager,
 * @aws-lite/client and a bare undici + signer floor, in one run, against a local fake
 * Secrets Manager that verifies every signature. Writes results/latest.md (and .json) and
 * prints the same table. Exits non-zero when any answer was wrong or any request failed.
 *
 *   node run.mjs            full run (a few minutes on 2 cores)
 *   node run.mjs --short    a few iterations, for CI; answers are checked all the same
 *   node run.mjs --build    rebuild ../dist first
 *   node run.mjs --fail-on-miss   also exit non-zero (3) when a must-show target is missed
 *   node run.mjs --all      also the floor with @aws-crypto/sha256-js
 *   node run.mjs --node-http      serve with node:http instead of the lean server
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bundle, VARIANTS } from "./lib/bundle.mjs";
import { secretName, secretValue } from "./lib/data.mjs";
import { cell, formatRatio, REFERENCE, ratio, table } from "./lib/format.mjs";
import {
  createSandbox,
  hasGnuTime,
  pinning,
  pinSelf,
  runChild,
  startServer,
} from "./lib/processes.mjs";
import { selfTest } from "./lib/selftest.mjs";
import { snapshotDist } from "./lib/snapshot.mjs";
import { median, relativeIqr } from "./lib/stats.mjs";

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
const ROOT_DIR = join(BENCH_DIR, "..");
const RESULTS_DIR = join(BENCH_DIR, "results");

const { values: flags } = parseArgs({
  options: {
    short: { type: "boolean", default: false },
    build: { type: "boolean", default: false },
    "fail-on-miss": { type: "boolean", default: false },
    all: { type: "boolean", default: false },
    "node-http": { type: "boolean", default: false },
  },
});

const SETTINGS = flags.short
  ? {
      coldRounds: 3,
      rssRounds: 1,
      callRounds: 1,
      warmup: 50,
      seq: 200,
      conc: 200,
      list: 1,
      cacheRounds: 1,
      cacheReads: 10_000,
    }
  : {
      coldRounds: 20,
      rssRounds: 5,
      callRounds: 5,
      warmup: 300,
      seq: 2000,
      conc: 4000,
      list: 3,
      cacheRounds: 3,
      cacheReads: 300_000,
    };
const CONCURRENCY = 16;
const COLD_TIMEOUT_MS = 30_000;
const CALLS_DEADLINE_MS = flags.short ? 60_000 : 180_000;

/** Cold-start entries: a program in cold/ and extra environment. */
const COLD = [
  { id: "empty", program: "empty", label: "node, empty program", env: {} },
  { id: "ours", program: "ours", label: "secretsmanager-ts", env: {} },
  {
    id: "ours-lambda",
    program: "ours",
    label: "secretsmanager-ts, Lambda-like (`AWS_LAMBDA_FUNCTION_NAME` set)",
    env: { AWS_LAMBDA_FUNCTION_NAME: "bench-function" },
  },
  { id: "aws-sdk-v3", program: "aws-sdk-v3", label: "@aws-sdk/client-secrets-manager", env: {} },
  { id: "aws-lite", program: "aws-lite", label: "@aws-lite/client", env: {} },
  {
    id: "floor",
    program: "floor",
    label: "floor: undici Pool + @smithy/signature-v4 (node:crypto)",
    env: {},
  },
  // Opt-in (--all): the floor with a pure-JavaScript hash, as the issue's first measurements.
  ...(flags.all
    ? [
        {
          id: "floor-sha256js",
          program: "floor-sha256js",
          label: "floor with @aws-crypto/sha256-js",
          env: {},
        },
      ]
    : []),
];
/** Contenders measured warm and bundled (modules in contenders/). */
const CLIENTS = [
  "ours",
  "aws-sdk-v3",
  "aws-lite",
  "floor",
  ...(flags.all ? ["floor-sha256js"] : []),
];
const LABELS = Object.fromEntries(COLD.map((entry) => [entry.id, entry.label]));

const round1 = (value) => Math.round(value * 10) / 10;
const log = (message) => process.stderr.write(`${message}\n`);
const problems = [];

// ---------------------------------------------------------------------------------------------
// Preconditions: our build and both dependency trees.

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function prepare() {
  if (!existsSync(join(BENCH_DIR, "node_modules", "@aws-sdk", "client-secrets-manager"))) {
    throw new Error("bench dependencies are missing: run `npm ci` in bench/ first");
  }
  if (!existsSync(join(ROOT_DIR, "node_modules", "undici"))) {
    throw new Error(
      "the library's dependencies are missing: run `npm ci` at the repository root first",
    );
  }
  const dist = join(ROOT_DIR, "dist", "index.js");
  if (flags.build || !existsSync(dist)) {
    log(flags.build ? "building ../dist (--build)" : "../dist/index.js is missing: building it");
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const built = spawnSync(npm, ["--prefix", ROOT_DIR, "run", "build"], {
      stdio: ["ignore", 2, 2],
      timeout: 300_000,
    });
    if (built.status !== 0) throw new Error("`npm run build` failed");
  } else if (newestMtime(join(ROOT_DIR, "src")) > statSync(dist).mtimeMs) {
    log(
      "warning: src/ is newer than dist/index.js; measuring the old build (pass --build to rebuild)",
    );
  }
}

/**
 * Which build is measured: the commit, whether src/ had changes, and the hash of dist/index.js
 * as frozen for this run (lib/snapshot.mjs).
 */
function provenance() {
  const git = (...args) => {
    const result = spawnSync("git", ["-C", ROOT_DIR, ...args], {
      encoding: "utf8",
      timeout: 10_000,
    });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };
  const commit = git("rev-parse", "--short", "HEAD") ?? "unknown";
  const dirty = (git("status", "--porcelain", "--", "src", "package.json") ?? "") !== "";
  const dist = snapshotDist();
  return { commit, dirty, distSha256: dist.sha256, distBytes: dist.bytes };
}

// ---------------------------------------------------------------------------------------------
// Phases

/** The answer every cold-start program must print for its one GetSecretValue. */
const COLD_SECRET = 4242;

async function coldStarts(server, sandbox) {
  const env = {
    ...sandbox.env,
    BENCH_ENDPOINT: server.endpoint,
    BENCH_SECRET_ID: secretName(COLD_SECRET),
    BENCH_EXPECTED: secretValue(COLD_SECRET),
  };
  const runs = Object.fromEntries(COLD.map((entry) => [entry.id, []]));
  let calls = 0;
  const rounds = SETTINGS.coldRounds + (hasGnuTime ? SETTINGS.rssRounds : 0);
  for (let round = 0; round < rounds; round++) {
    const measureRss = round >= SETTINGS.coldRounds;
    // Interleaved, and rotated each round so that no contender always follows the same one.
    for (let k = 0; k < COLD.length; k++) {
      const entry = COLD[(round + k) % COLD.length];
      const result = await runChild([join("cold", `${entry.program}.mjs`)], {
        env: { ...env, ...entry.env },
        timeoutMs: COLD_TIMEOUT_MS,
        measureRss,
      });
      runs[entry.id].push({ ...result, measureRss });
      if (entry.id !== "empty") calls += 1;
    }
    log(
      `cold start: round ${round + 1}/${rounds}${measureRss ? " (peak RSS under GNU time)" : ""}`,
    );
  }
  const summary = {};
  for (const entry of COLD) {
    const timed = runs[entry.id].filter((run) => !run.measureRss);
    const rssRuns = runs[entry.id].filter((run) => run.measureRss);
    summary[entry.id] = {
      runs: timed.length,
      wallMs: median(timed.map((run) => run.wallMs)),
      wallSpread: relativeIqr(timed.map((run) => run.wallMs)),
      importedMs: median(timed.map((run) => run.report.imported)),
      firstMs: median(timed.map((run) => run.report.first)),
      // GNU time's figure when we have it (the whole life of the process); else the child's own.
      rssMb:
        rssRuns.length > 0
          ? median(rssRuns.map((run) => run.rssKb)) / 1024
          : median(timed.map((run) => run.report.maxRssKb)) / 1024,
      rssSource: rssRuns.length > 0 ? "GNU time" : "process.resourceUsage()",
      raw: {
        wallMs: timed.map((run) => round1(run.wallMs)),
        firstMs: timed.map((run) => round1(run.report.first)),
        rssKb: rssRuns.map((run) => run.rssKb),
      },
    };
  }
  return { summary, calls };
}

async function warmCalls(server, sandbox) {
  const env = { ...sandbox.env, BENCH_ENDPOINT: server.endpoint };
  const runs = Object.fromEntries(CLIENTS.map((id) => [id, []]));
  const expected = { GetSecretValue: 0, ListSecrets: 0 };
  for (let round = 0; round < SETTINGS.callRounds; round++) {
    for (let k = 0; k < CLIENTS.length; k++) {
      const id = CLIENTS[(round + k) % CLIENTS.length];
      const { report } = await runChild(
        [
          "calls.mjs",
          id,
          `--warmup=${SETTINGS.warmup}`,
          `--seq=${SETTINGS.seq}`,
          `--conc=${SETTINGS.conc}`,
          `--concurrency=${CONCURRENCY}`,
          `--list=${SETTINGS.list}`,
          `--deadline-ms=${CALLS_DEADLINE_MS}`,
        ],
        { env, timeoutMs: CALLS_DEADLINE_MS + 30_000 },
      );
      runs[id].push(report);
      expected.GetSecretValue += report.requests.GetSecretValue;
      expected.ListSecrets += report.requests.ListSecrets;
      log(
        `per call: round ${round + 1}/${SETTINGS.callRounds} ${id}: seq ${report.seq.wallUs.toFixed(0)} µs, ` +
          `conc16 ${report.conc.wallUs.toFixed(0)} µs, list ${median(report.list.map((l) => l.wallMs)).toFixed(0)} ms`,
      );
    }
  }
  const summary = {};
  for (const id of CLIENTS) {
    const r = runs[id];
    summary[id] = {
      seqWallUs: median(r.map((x) => x.seq.wallUs)),
      seqCpuUs: median(r.map((x) => x.seq.cpuUs)),
      concWallUs: median(r.map((x) => x.conc.wallUs)),
      concCpuUs: median(r.map((x) => x.conc.cpuUs)),
      concServerCpuUs: median(r.map((x) => x.conc.serverCpuUs)),
      listMs: median(r.flatMap((x) => x.list.map((l) => l.wallMs))),
      listCpuMs: median(r.flatMap((x) => x.list.map((l) => l.cpuMs))),
      raw: r.map((x) => ({
        seqWallUs: round1(x.seq.wallUs),
        seqCpuUs: round1(x.seq.cpuUs),
        concWallUs: round1(x.conc.wallUs),
        concCpuUs: round1(x.conc.cpuUs),
        listMs: x.list.map((l) => round1(l.wallMs)),
      })),
    };
  }
  return { summary, expected };
}

/** Cached reads (issue 8): our SecretCache against Lambda Powertools' SecretsProvider. */
const CACHED = [
  ["ours-get", "secretsmanager-ts SecretCache.get"],
  ["ours-getJson", "secretsmanager-ts SecretCache.getJson (schema-checked, parsed once)"],
  ["powertools-get", "@aws-lambda-powertools/parameters SecretsProvider.get"],
  ["powertools-json", 'SecretsProvider.get with transform: "json"'],
];

async function cachedReads(server, sandbox) {
  const env = { ...sandbox.env, BENCH_ENDPOINT: server.endpoint };
  const runs = Object.fromEntries(CACHED.map(([id]) => [id, []]));
  let calls = 0;
  for (let round = 0; round < SETTINGS.cacheRounds; round++) {
    for (let k = 0; k < CACHED.length; k++) {
      const [id] = CACHED[(round + k) % CACHED.length];
      const { report } = await runChild(["cached.mjs", id, `--reads=${SETTINGS.cacheReads}`], {
        env,
        timeoutMs: 120_000,
      });
      runs[id].push(report.nsPerRead);
      calls += report.requests;
    }
  }
  const summary = Object.fromEntries(CACHED.map(([id]) => [id, median(runs[id])]));
  log(`cached reads: ${CACHED.map(([id]) => `${id} ${summary[id].toFixed(0)} ns`).join(", ")}`);
  return { summary, calls };
}

async function bundles(server, sandbox) {
  const env = {
    ...sandbox.env,
    BENCH_ENDPOINT: server.endpoint,
    BENCH_SECRET_ID: secretName(COLD_SECRET),
    BENCH_EXPECTED: secretValue(COLD_SECRET),
  };
  const summary = {};
  let calls = 0;
  for (const id of CLIENTS) {
    summary[id] = {};
    for (const variant of Object.keys(VARIANTS)) {
      const built = await bundle(id, variant);
      // The bundle must work: run it once, answer checked. Externals resolve from bench/.
      await runChild([built.file], { env, timeoutMs: COLD_TIMEOUT_MS });
      calls += 1;
      summary[id][variant] = built;
    }
    log(`bundle: ${id} built and checked`);
  }
  return { summary, calls };
}

// ---------------------------------------------------------------------------------------------
// Targets and report

/**
 * The median over rounds of the ratio within each round. Every round runs each contender once,
 * back to back, so a ratio within a round compares runs made close together; the median of
 * those is not moved by a round in which the whole machine was slower, as a ratio of two
 * medians (which may come from different rounds) can be. Shown beside the ratio of medians,
 * which decides pass or miss.
 */
function pairedRatio(warm, figure, id, referenceId) {
  const ours = warm[id].raw;
  const reference = warm[referenceId].raw;
  const ratios = ours.map((round, i) => ratio(figure(round), figure(reference[i])));
  return median(ratios.filter(Number.isFinite));
}

function targets(cold, warm, sizes) {
  const v3 = REFERENCE;
  const list = [];
  const add = (figure, value, limit, detail, paired) => {
    const pass = Number.isFinite(value) && value <= limit;
    list.push({ figure, value, limit, pass, detail, paired });
  };
  const listMs = (round) => median(round.listMs);
  // Issue 16's targets: the default is no options at all, outside Lambda.
  add("cold start, default, spawn to exit", ratio(cold.ours.wallMs, cold[v3].wallMs), 0.6, "× v3");
  add(
    "cold start, default, spawn to exit, against aws-lite in the same run",
    ratio(cold.ours.wallMs, cold["aws-lite"].wallMs),
    1.0,
    "× aws-lite",
  );
  add(
    "cold start, Lambda-like, spawn to exit",
    ratio(cold["ours-lambda"].wallMs, cold[v3].wallMs),
    0.55,
    "× v3",
  );
  add("cold peak RSS, default", ratio(cold.ours.rssMb, cold[v3].rssMb), 0.9, "× v3");
  add("cold peak RSS, Lambda-like", ratio(cold["ours-lambda"].rssMb, cold[v3].rssMb), 0.85, "× v3");
  // A warm figure: the ratio of medians decides; the round-by-round ratio is shown beside it.
  const addWarm = (figure, key, perRound, limit, against) =>
    add(
      figure,
      ratio(warm.ours[key], warm[against][key]),
      limit,
      against === v3 ? "× v3" : "× floor",
      pairedRatio(warm, perRound, "ours", against),
    );
  const seqCpu = (round) => round.seqCpuUs;
  addWarm("sequential CPU per call, default, after warm-up", "seqCpuUs", seqCpu, 0.35, v3);
  addWarm("sequential CPU per call, default, after warm-up", "seqCpuUs", seqCpu, 1.0, "floor");
  addWarm(
    "concurrency-16 wall per call, default, after warm-up",
    "concWallUs",
    (round) => round.concWallUs,
    0.2,
    v3,
  );
  addWarm("list 10,000 secrets through the paginator", "listMs", listMs, 0.4, v3);
  add(
    "bundle, default mainFields, gzip, against v3's",
    ratio(sizes.ours.default.gzipBytes, sizes[v3].default.gzipBytes),
    1.0,
    "× v3",
  );
  add(
    "bundle, ESM-first, gzip, against v3's",
    ratio(sizes.ours.esmFirst.gzipBytes, sizes[v3].esmFirst.gzipBytes),
    1.0,
    "× v3",
  );
  add(
    "bundle, ESM-first, gzip, undici + credential-providers external, against v3's whole bundle",
    ratio(sizes.ours.esmFirstExternal.gzipBytes, sizes[v3].esmFirst.gzipBytes),
    0.3,
    "× v3",
  );
  return list;
}

function render({ cached, cold, warm, sizes, goals, server, meta }) {
  const kb = (bytes) => bytes / 1024;
  const lines = [];
  lines.push(
    `# secretsmanager-ts benchmark${flags.short ? " (short mode: a smoke test, not figures to quote)" : ""}`,
  );
  lines.push("");
  lines.push(
    `${meta.date} · Node ${process.version} · ${meta.cpu} × ${meta.cores} · ${pinning.reason} · ` +
      `1-minute load average ${meta.load[0].toFixed(2)} at start, ${meta.load[1].toFixed(2)} at end · ` +
      `ratios are to @aws-sdk/client-secrets-manager in this same run.`,
  );
  lines.push("");
  const { build } = meta;
  lines.push(
    `Measured build: commit ${build.commit}${build.dirty ? " with uncommitted changes in src/" : ""}, ` +
      `dist/index.js ${(build.distBytes / 1024).toFixed(0)} KB, sha256 ${build.distSha256} (copied at the start of the run).`,
  );
  lines.push("");
  lines.push(
    `Correctness: the fake server verified the SigV4 signature of all ${server.total.toLocaleString("en-US")} requests ` +
      `(${server.requests.GetSecretValue.toLocaleString("en-US")} GetSecretValue, ${server.requests.ListSecrets.toLocaleString("en-US")} ListSecrets), ` +
      `${server.failures} refused (and before that it refused an unsigned, a wrongly signed and a tampered request, as it must); every answer was checked (secret name and value; listings of exactly 10,000 unique names).`,
  );
  lines.push("");
  lines.push(`## Cold start: spawn, import, construct, one GetSecretValue, exit`);
  lines.push("");
  lines.push(
    `Median of ${cold.ours.runs} interleaved runs per contender, timed by the parent from just ` +
      "before spawn to exit; imports done and first result are printed by the child " +
      "(`performance.now()`, from process start). Peak RSS: " +
      (cold.ours.rssSource === "GNU time"
        ? `median of ${SETTINGS.rssRounds} further run(s) under GNU time (\`/usr/bin/time -f %M\`).`
        : "the child's `process.resourceUsage().maxRSS` at exit.") +
      " Spread: half the interquartile range of spawn → exit, as a share of the median.",
  );
  lines.push("");
  const ref = cold[REFERENCE];
  lines.push(
    table(
      [
        "contender",
        "spawn → exit, ms",
        "imports done, ms",
        "first result, ms",
        "peak RSS, MB",
        "run-to-run spread",
      ],
      COLD.map(({ id }) => {
        const c = cold[id];
        return [
          LABELS[id],
          cell(c.wallMs, ref.wallMs),
          cell(c.importedMs, ref.importedMs),
          cell(c.firstMs, ref.firstMs),
          cell(c.rssMb, ref.rssMb, 1),
          Number.isFinite(c.wallSpread) ? `±${((c.wallSpread * 100) / 2).toFixed(0)}%` : "–",
        ];
      }),
    ),
  );
  lines.push("");
  lines.push(`## Warm cost per call`);
  lines.push("");
  lines.push(
    `One process per contender and round (median of ${SETTINGS.callRounds} rounds, interleaved); after ${SETTINGS.warmup} ` +
      `sequential and ${SETTINGS.warmup} concurrent warm-up calls, ${SETTINGS.seq.toLocaleString("en-US")} sequential GetSecretValue calls, then ` +
      `${SETTINGS.conc.toLocaleString("en-US")} with ${CONCURRENCY} in flight; CPU is the client process's user + system time. ` +
      `Listing: all 10,000 secrets in pages of 100 through the client's paginator, median of ` +
      `${SETTINGS.list * SETTINGS.callRounds} listings.`,
  );
  lines.push("");
  const wref = warm[REFERENCE];
  lines.push(
    table(
      [
        "contender",
        "seq wall µs/call",
        "seq CPU µs/call",
        "conc16 wall µs/call",
        "conc16 CPU µs/call",
        "list 10k, ms",
        "list 10k CPU, ms",
        "server CPU µs/req at conc16",
      ],
      CLIENTS.map((id) => {
        const w = warm[id];
        return [
          LABELS[id],
          cell(w.seqWallUs, wref.seqWallUs),
          cell(w.seqCpuUs, wref.seqCpuUs),
          cell(w.concWallUs, wref.concWallUs),
          cell(w.concCpuUs, wref.concCpuUs),
          cell(w.listMs, wref.listMs),
          cell(w.listCpuMs, wref.listCpuMs),
          w.concServerCpuUs.toFixed(0),
        ];
      }),
    ),
  );
  lines.push("");
  // At concurrency 16 the slower of the two processes sets the pace; say when it was the server.
  const serverBound = CLIENTS.filter((id) => warm[id].concWallUs < 1.15 * warm[id].concServerCpuUs);
  lines.push(
    serverBound.length === 0
      ? "At concurrency 16 every client needed more CPU per call than the server did per request, so the figures are the clients' own."
      : `**At concurrency 16 the server, not the client, set the pace for ${serverBound.map((id) => LABELS[id]).join(", ")}**: ` +
          "their conc16 wall is within 15% of the server's CPU per request, so it is an upper bound of their real cost.",
  );
  lines.push("");
  lines.push(`## Bundle of the one-call program (esbuild, minified, ESM, gzip -9)`);
  lines.push("");
  lines.push(
    "KB gzip (KB minified). Ratios to v3's whole bundle with the same `mainFields`; the last column " +
      "compares to v3's whole ESM-first bundle (v3 uses neither package, so nothing is left out of it).",
  );
  lines.push("");
  const sref = sizes[REFERENCE];
  const sizeCell = (b, refBytes) =>
    `${kb(b.gzipBytes).toFixed(1)} (${kb(b.bytes).toFixed(0)}) ${formatRatio(ratio(b.gzipBytes, refBytes))}`;
  lines.push(
    table(
      [
        "contender",
        "default mainFields",
        "ESM-first (`module,main`)",
        "ESM-first, undici + @aws-sdk/credential-providers external",
      ],
      CLIENTS.map((id) => {
        const s = sizes[id];
        return [
          LABELS[id],
          sizeCell(s.default, sref.default.gzipBytes),
          sizeCell(s.esmFirst, sref.esmFirst.gzipBytes),
          sizeCell(s.esmFirstExternal, sref.esmFirst.gzipBytes),
        ];
      }),
    ),
  );
  lines.push("");
  lines.push(
    `What fills our ESM-first bundle with externals (minified bytes): ${sizes.ours.esmFirstExternal.packages
      .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KB`)
      .join(", ")}.`,
  );
  lines.push("");
  lines.push("## Cached reads (issue 8): a value already in the cache");
  lines.push("");
  lines.push(
    `Each contender in a process of its own: one fetch, warm-up, then ${SETTINGS.cacheReads.toLocaleString("en")} timed reads, every answer checked (median of ${SETTINGS.cacheRounds} interleaved rounds). Ratios are to Powertools' \`get\`.`,
  );
  lines.push("");
  lines.push(
    table(
      ["reader", "ns per read"],
      CACHED.map(([id, label]) => [label, cell(cached[id], cached["powertools-get"])]),
    ),
  );
  lines.push("");
  lines.push(`## Must show (issue 16)`);
  lines.push("");
  for (const goal of goals) {
    const margin = goal.value - goal.limit;
    const shown = `${goal.value.toFixed(3)}×`;
    const verdict = goal.pass
      ? `pass, ${shown}`
      : `**miss**, ${shown}: over by ${margin < 0.001 ? "less than 0.001" : margin.toFixed(3)} (${((margin / goal.limit) * 100).toFixed(0)}% above the target)`;
    const paired = goal.paired === undefined ? "" : ` (round by round: ${goal.paired.toFixed(3)}×)`;
    lines.push(
      `- [${goal.pass ? "x" : " "}] ${goal.figure}: ≤ ${goal.limit.toFixed(2)}${goal.detail} — ${verdict}${paired}`,
    );
  }
  lines.push("");
  lines.push(
    "Warm figures also give, in brackets, the median over rounds of the ratio within each round " +
      "(each round runs every contender once, back to back): a round in which the whole machine " +
      "was slower moves it less than the ratio of two medians, which decides pass or miss.",
  );
  lines.push("");
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  prepare();
  const build = provenance();
  pinSelf();
  log(`bench: ${flags.short ? "short" : "full"} mode; ${pinning.reason}`);
  const sandbox = createSandbox();
  const server = await startServer(flags["node-http"] ? ["--node-http"] : []);
  try {
    const loadAtStart = loadavg()[0];
    if (loadAtStart > 0.5)
      log(
        `warning: load average ${loadAtStart.toFixed(2)}: other work on this machine will add noise`,
      );
    const refused = await selfTest(server.endpoint);
    const before = await server.stats();
    if (before.failures !== refused)
      problems.push(`server self-test: ${before.failures} refusals counted, expected ${refused}`);
    const cold = await coldStarts(server, sandbox);
    const warm = await warmCalls(server, sandbox);
    const sizes = await bundles(server, sandbox);
    const cached = await cachedReads(server, sandbox);
    const after = await server.stats();

    // The server's counts must match what the clients say they did: no retries, no extras.
    const expectGet = cold.calls + sizes.calls + cached.calls + warm.expected.GetSecretValue;
    const gotGet = after.requests.GetSecretValue - before.requests.GetSecretValue;
    const gotList = after.requests.ListSecrets - before.requests.ListSecrets;
    const failures = after.failures - before.failures;
    if (failures > 0)
      problems.push(`the server refused ${failures} requests; last: ${after.lastFailure}`);
    if (gotGet !== expectGet)
      problems.push(`server saw ${gotGet} GetSecretValue requests, clients made ${expectGet}`);
    if (gotList !== warm.expected.ListSecrets) {
      problems.push(
        `server saw ${gotList} ListSecrets requests, clients made ${warm.expected.ListSecrets}`,
      );
    }

    const goals = targets(cold.summary, warm.summary, sizes.summary);
    const meta = {
      date: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
      cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
      cores: cpus().length,
      load: [loadAtStart, loadavg()[0]],
      build,
    };
    const measured = {
      total: after.total - before.total,
      failures,
      requests: {
        GetSecretValue: after.requests.GetSecretValue - before.requests.GetSecretValue,
        ListSecrets: after.requests.ListSecrets - before.requests.ListSecrets,
      },
    };
    const markdown = render({
      cached: cached.summary,
      cold: cold.summary,
      warm: warm.summary,
      sizes: sizes.summary,
      goals,
      server: measured,
      meta,
    });
    mkdirSync(RESULTS_DIR, { recursive: true });
    const name = flags.short ? "latest-short" : "latest";
    writeFileSync(join(RESULTS_DIR, `${name}.md`), markdown);
    writeFileSync(
      join(RESULTS_DIR, `${name}.json`),
      `${JSON.stringify({ meta, settings: SETTINGS, pinning, cold: cold.summary, warm: warm.summary, sizes: sizes.summary, cached: cached.summary, goals, server: measured }, null, 2)}\n`,
    );
    process.stdout.write(`${markdown}\n`);
    log(
      `bench: done in ${((performance.now() - started) / 1000).toFixed(0)} s; results/${name}.md`,
    );
    if (problems.length > 0) {
      log(`bench FAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
      process.exitCode = 1;
    } else if (flags["fail-on-miss"] && goals.some((goal) => !goal.pass)) {
      process.exitCode = 3;
    }
  } finally {
    await server.close();
    sandbox.dispose();
  }
}

main().catch((error) => {
  log(`bench FAILED: ${error?.stack ?? error}`);
  process.exitCode = 1;
});
