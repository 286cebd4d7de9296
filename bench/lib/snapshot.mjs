/**
 * Freezes the build under test: a byte-identical copy of the repository's dist/ in
 * results/dist-snapshot/, so that a rebuild while the bench runs (tsup empties dist/ first)
 * cannot break a run or mix two builds in one table. The copy resolves its dependencies
 * exactly as dist/ does, through a `node_modules` link to the repository's own, and carries
 * the fields of the root package.json that decide how it loads and bundles (`type`,
 * `sideEffects`). contenders/ours.mjs imports it.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
const ROOT_DIR = join(BENCH_DIR, "..");
export const SNAPSHOT_DIR = join(BENCH_DIR, "results", "dist-snapshot");

/** Copies dist/ and returns the sha256 (12 hex digits) and size of its index.js. */
export function snapshotDist() {
  rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  cpSync(join(ROOT_DIR, "dist"), SNAPSHOT_DIR, { recursive: true });
  const root = JSON.parse(readFileSync(join(ROOT_DIR, "package.json"), "utf8"));
  writeFileSync(
    join(SNAPSHOT_DIR, "package.json"),
    `${JSON.stringify({ name: `${root.name}-snapshot`, private: true, type: root.type, sideEffects: root.sideEffects }, null, 2)}\n`,
  );
  const rootModules = join(ROOT_DIR, "node_modules");
  symlinkSync(relative(SNAPSHOT_DIR, rootModules), join(SNAPSHOT_DIR, "node_modules"), "dir");
  const index = readFileSync(join(SNAPSHOT_DIR, "index.js"));
  return {
    sha256: createHash("sha256").update(index).digest("hex").slice(0, 12),
    bytes: index.length,
  };
}
