import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

/**
 * The signer takes five helpers from `@smithy/core/serde` and one from `@smithy/core/client`,
 * indexes over many more that a bundle keeps whole (they run code when loaded); inside the
 * signer, those imports resolve to src/core/smithy-serde.ts and src/core/smithy-client.ts
 * instead. Other importers keep the real modules.
 */
const signerHelpers = {
  name: "signer-helpers",
  setup(build: { onResolve: (...args: never[]) => void }) {
    (
      build.onResolve as (
        options: { filter: RegExp },
        callback: (args: { path: string; importer: string }) => { path: string } | undefined,
      ) => void
    )({ filter: /^@smithy\/core\/(serde|client)$/ }, (args) =>
      args.importer.includes("@smithy/signature-v4")
        ? {
            path: fileURLToPath(
              new URL(
                `./src/core/smithy-${args.path.slice("@smithy/core/".length)}.ts`,
                import.meta.url,
              ),
            ),
          }
        : undefined,
    );
  },
};

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "local/index": "src/local/index.ts",
    "local/cli": "src/local/cli.ts",
    "rotation/index": "src/rotation/index.ts",
    // pg stays external (a peer dependency) and is loaded by this entry only.
    "rotation/postgres": "src/rotation/postgres.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: false,
  target: "node20",
  platform: "node",
  splitting: false,
  treeshake: true,
  // zod and the signer are internal (neither appears in our public types): bundled and
  // tree-shaken they import far faster than as hundreds of small files (docs/performance.md).
  // undici and the credential providers stay external: both are loaded only when needed.
  noExternal: ["zod", /^@smithy\//, /^@aws-crypto\//],
  esbuildOptions(options) {
    // ESM-first entry points tree-shake far better (the signer drops most of @smithy/core).
    options.mainFields = ["module", "main"];
  },
  esbuildPlugins: [signerHelpers],
  metafile: true,
  onSuccess: "node scripts/third-party-notices.mjs",
});
