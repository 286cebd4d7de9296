/**
 * Bundle size of each one-call program (cold/<contender>.mjs) with esbuild: minified, ESM,
 * Node 20, gzip level 9. Three ways:
 * - `default`: esbuild's default `mainFields` for Node (`main,module`);
 * - `esmFirst`: `--main-fields=module,main`, which lets tree-shaking work on ESM builds;
 * - `esmFirstExternal`: ESM-first with `undici` and `@aws-sdk/credential-providers` left out,
 *   what a Lambda with environment credentials loads (Lambda's Node runtime does not ship
 *   undici as a package, so this is the size of our code and what it pulls in besides).
 * Each bundle is written to results/bundles/ so that run.mjs can run it once and check its
 * answer: a bundle that does not work does not count.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
export const BUNDLE_DIR = join(BENCH_DIR, "results", "bundles");

export const VARIANTS = {
  default: { mainFields: undefined, external: [] },
  esmFirst: { mainFields: ["module", "main"], external: [] },
  esmFirstExternal: {
    mainFields: ["module", "main"],
    external: ["undici", "@aws-sdk/credential-providers"],
  },
};

/**
 * CommonJS code inside an ESM bundle calls `require` for Node built-ins; this gives it one.
 * The same 90 bytes go into every bundle.
 */
const BANNER =
  'import{createRequire as __benchCreateRequire}from"node:module";const require=__benchCreateRequire(import.meta.url);';

/** Bytes by package (or `secretsmanager-ts` for dist/) in a metafile output. */
function byPackage(metafile) {
  const sizes = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = match
        ? match[1]
        : /dist(-snapshot)?\//.test(path)
          ? "secretsmanager-ts"
          : "bench program";
      sizes[name] = (sizes[name] ?? 0) + bytesInOutput;
    }
  }
  return Object.entries(sizes).sort((a, b) => b[1] - a[1]);
}

export async function bundle(contender, variant) {
  const { mainFields, external } = VARIANTS[variant];
  const result = await esbuild.build({
    entryPoints: [join(BENCH_DIR, "cold", `${contender}.mjs`)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    banner: { js: BANNER },
    external,
    ...(mainFields === undefined ? {} : { mainFields }),
  });
  const code = result.outputFiles[0].contents;
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const file = join(BUNDLE_DIR, `${contender}.${variant}.mjs`);
  writeFileSync(file, code);
  return {
    contender,
    variant,
    file,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    packages: byPackage(result.metafile).slice(0, 12),
  };
}
