// Runs the whole test suite with node's test runner: every `*.test.ts` under test/, through
// tsx, in a hermetic AWS environment (see test/helpers/setup-env.ts). Extra arguments are
// file filters: `npm test -- moto` runs only files whose path contains "moto".
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : findTests(path);
    return entry.name.endsWith(".test.ts") ? [relative(".", path)] : [];
  });
}

const filters = process.argv.slice(2);
const files = findTests("test")
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`no test file matches ${filters.join(" ")}`);
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--import",
    "./test/helpers/setup-env.ts",
    "--test",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=./test/helpers/summary-reporter.mjs",
    "--test-reporter-destination=stdout",
    ...files,
  ],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
