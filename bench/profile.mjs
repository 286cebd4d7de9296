#!/usr/bin/env node
/**
 * `npm run profile`: where our time goes. Runs against the same fake server as the bench:
 * - the cold-start program under `node --cpu-prof` (several runs, summed), split by package;
 * - the warm sequential loop under `node --cpu-prof`, its top self-time frames;
 * - import time of each module our build loads, alone in a fresh process (median of runs).
 * Writes results/profile.md and the .cpuprofile files (open them in Chrome DevTools).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { analyse } from "./lib/cpuprofile.mjs";
import { secretName, secretValue } from "./lib/data.mjs";
import { table } from "./lib/format.mjs";
import { createSandbox, pinning, pinSelf, runChild, startServer } from "./lib/processes.mjs";
import { SNAPSHOT_DIR, snapshotDist } from "./lib/snapshot.mjs";
import { median } from "./lib/stats.mjs";

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
const ROOT_DIR = join(BENCH_DIR, "..");
const PROFILE_DIR = join(BENCH_DIR, "results", "profiles");

const { values: flags } = parseArgs({
  options: {
    contender: { type: "string", default: "ours" },
    lambda: { type: "boolean", default: false },
    runs: { type: "string", default: "5" },
    calls: { type: "string", default: "20000" },
  },
});
if (!/^[a-z0-9-]+$/.test(flags.contender)) throw new Error("--contender: a name from contenders/");
const RUNS = Math.min(Math.max(Number(flags.runs), 1), 50);
const CALLS = Math.min(Math.max(Number(flags.calls), 100), 200_000);

const ms = (us) => (us / 1000).toFixed(1);
const share = (us, total) => `${((us / total) * 100).toFixed(0)}%`;

function summarise(files) {
  const functions = new Map();
  const packages = new Map();
  let totalUs = 0;
  for (const file of files) {
    const result = analyse(JSON.parse(readFileSync(file, "utf8")));
    totalUs += result.totalUs;
    for (const [k, v] of result.functions) functions.set(k, (functions.get(k) ?? 0) + v);
    for (const [k, v] of result.packages) packages.set(k, (packages.get(k) ?? 0) + v);
  }
  const n = files.length;
  const per = (map) => [...map].map(([k, v]) => [k, v / n]).sort((a, b) => b[1] - a[1]);
  return { totalUs: totalUs / n, functions: per(functions), packages: per(packages) };
}

function profileFiles(prefix) {
  return readdirSync(PROFILE_DIR)
    .filter((name) => name.startsWith(prefix) && name.endsWith(".cpuprofile"))
    .map((name) => join(PROFILE_DIR, name));
}

async function main() {
  pinSelf();
  const dist = snapshotDist();
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  mkdirSync(PROFILE_DIR, { recursive: true });
  const sandbox = createSandbox();
  const server = await startServer();
  const lines = [
    `# Profile: ${flags.contender}${flags.lambda ? ", Lambda-like" : ""}`,
    "",
    `Node ${process.version}; ${pinning.reason}; dist/index.js sha256 ${dist.sha256}.`,
    "",
  ];
  try {
    const env = {
      ...sandbox.env,
      BENCH_ENDPOINT: server.endpoint,
      BENCH_SECRET_ID: secretName(4242),
      BENCH_EXPECTED: secretValue(4242),
      ...(flags.lambda ? { AWS_LAMBDA_FUNCTION_NAME: "bench-function" } : {}),
    };

    // Cold start.
    const walls = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await runChild([join("cold", `${flags.contender}.mjs`)], {
        env,
        timeoutMs: 30_000,
        nodeArgs: [
          "--cpu-prof",
          `--cpu-prof-dir=${PROFILE_DIR}`,
          `--cpu-prof-name=cold-${run}.cpuprofile`,
          "--cpu-prof-interval=100",
        ],
      });
      walls.push(result);
    }
    const cold = summarise(profileFiles("cold-"));
    lines.push(`## Cold start (${RUNS} runs under --cpu-prof, 100 µs sampling; mean per run)`, "");
    lines.push(
      `Spawn to exit under the profiler: median ${median(walls.map((w) => w.wallMs)).toFixed(0)} ms; imports done at ` +
        `${median(walls.map((w) => w.report.imported)).toFixed(0)} ms, first result at ${median(walls.map((w) => w.report.first)).toFixed(0)} ms ` +
        `(profiling adds overhead; compare shares, not absolute figures with the bench). Profiled: ${ms(cold.totalUs)} ms.`,
      "",
      "Time by package: a sample counts for the nearest package on its stack; what is left is node's module loader, V8's compiler and the garbage collector.",
      "",
    );
    lines.push(
      table(
        ["where", "ms per run", "share"],
        cold.packages.slice(0, 14).map(([k, v]) => [k, ms(v), share(v, cold.totalUs)]),
      ),
      "",
    );
    lines.push("Top self-time functions:", "");
    lines.push(
      table(
        ["function — package:line", "ms per run"],
        cold.functions.slice(0, 15).map(([k, v]) => [k.replaceAll("|", "\\|"), ms(v)]),
      ),
      "",
    );

    // Warm sequential loop.
    await runChild(
      [
        "calls.mjs",
        flags.contender,
        "--warmup=500",
        `--seq=${CALLS}`,
        "--conc=0",
        "--list=0",
        "--deadline-ms=120000",
      ],
      {
        env,
        timeoutMs: 150_000,
        nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, "--cpu-prof-name=hot.cpuprofile"],
      },
    );
    const hot = summarise(profileFiles("hot"));
    const busy = hot.packages
      .filter(([k]) => !k.startsWith("idle"))
      .reduce((sum, [, v]) => sum + v, 0);
    lines.push(
      `## Warm: ${CALLS.toLocaleString("en-US")} sequential GetSecretValue calls (after 500 warm-up calls and one listing)`,
      "",
    );
    lines.push(
      `Busy (non-idle) CPU: ${ms(busy)} ms, ${(busy / CALLS).toFixed(0)} µs per call (the profiler adds some).`,
      "",
    );
    lines.push(
      table(
        ["where", "ms", "share of busy"],
        hot.packages
          .filter(([k]) => !k.startsWith("idle"))
          .slice(0, 12)
          .map(([k, v]) => [k, ms(v), share(v, busy)]),
      ),
      "",
    );
    lines.push("Top self-time functions:", "");
    lines.push(
      table(
        ["function — package:line", "ms", "µs per call"],
        hot.functions
          .filter(([k]) => !k.startsWith("(idle)"))
          .slice(0, 20)
          .map(([k, v]) => [k.replaceAll("|", "\\|"), ms(v), (v / CALLS).toFixed(1)]),
      ),
      "",
    );

    // Import cost of each module alone, as our build resolves it (from the repository root).
    const modules = [
      ["node:fs (baseline: an already loaded built-in)", "node:fs", ROOT_DIR],
      [
        "secretsmanager-ts (dist/index.js, everything it imports)",
        pathToFileURL(join(SNAPSHOT_DIR, "index.js")).href,
        ROOT_DIR,
      ],
      ["undici", "undici", ROOT_DIR],
      ["@smithy/signature-v4", "@smithy/signature-v4", ROOT_DIR],
      ["zod/mini", "zod/mini", ROOT_DIR],
      [
        "@aws-sdk/credential-providers (not loaded with environment credentials)",
        "@aws-sdk/credential-providers",
        ROOT_DIR,
      ],
      ["@aws-sdk/client-secrets-manager", "@aws-sdk/client-secrets-manager", BENCH_DIR],
      ["@aws-lite/client", "@aws-lite/client", BENCH_DIR],
    ];
    const rows = [];
    for (const [label, specifier, cwd] of modules) {
      const code = `const t=performance.now();await import(${JSON.stringify(specifier)});process.stdout.write("BENCH "+JSON.stringify({ms:performance.now()-t,at:performance.now()}))`;
      const times = [];
      for (let run = 0; run < RUNS; run++) {
        const { report } = await runChild(["--input-type=module", "-e", code], {
          env,
          timeoutMs: 30_000,
          cwd,
        });
        times.push(report.ms);
      }
      rows.push([label, median(times).toFixed(1)]);
    }
    lines.push(`## Import time, each module alone in a fresh process (median of ${RUNS})`, "");
    lines.push(table(["module", "ms"], rows), "");
  } finally {
    await server.close();
    sandbox.dispose();
  }
  const markdown = lines.join("\n");
  writeFileSync(join(BENCH_DIR, "results", "profile.md"), markdown);
  process.stdout.write(`${markdown}\n`);
}

main().catch((error) => {
  process.stderr.write(`profile FAILED: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
