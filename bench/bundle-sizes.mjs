#!/usr/bin/env node
/**
 * `node bench/bundle-sizes.mjs`: only the bundle figures of `npm run bench`, for each contender
 * and variant (gzip bytes), against the current dist/ (run `npx tsup` first). Sizes do not
 * depend on the machine's load, so this needs no quiet machine and no repeated runs.
 */
import { bundle, VARIANTS } from "./lib/bundle.mjs";
import { snapshotDist } from "./lib/snapshot.mjs";

snapshotDist();
const contenders = process.argv.length > 2 ? process.argv.slice(2) : ["ours", "aws-sdk-v3"];
const rows = [];
for (const contender of contenders) {
  for (const variant of Object.keys(VARIANTS)) {
    const { gzipBytes, bytes } = await bundle(contender, variant);
    rows.push({ contender, variant, gzipBytes, bytes });
  }
}
console.table(rows);
