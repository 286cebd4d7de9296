/**
 * The code generator: reads the vendored service model in codegen/model/ and writes
 * src/generated/ (or the directory given as the first argument):
 *
 * - types.ts           request, response and nested structure types, enums as string unions
 * - schemas.ts         lazily built zod/mini input schemas with every model constraint
 * - errors.ts          one class per modeled error, and the code-to-class table
 * - operations.ts      operation names, input/output types, and the operation table
 * - client-methods.ts  one typed method per operation and one paginator per paginated
 *                      operation (codegen/emit-client.ts, codegen/emit-paginators.ts)
 * - paginators.ts      the paginators as free functions with v3's signature
 * - endpoint-rules.ts  the endpoint rule set compiled to a function, the partitions and the
 *                      signing name (codegen/emit-endpoint-rules.ts)
 *
 * Usage: `npm run codegen [-- <output directory>]`. Output is deterministic: emitters follow model
 * order where the model gives one and sort otherwise, and every file goes through the project's
 * pinned Biome (`biome check --write` on stdin, with this repository's configuration), so a run on
 * a clean tree changes nothing. test/unit/codegen.test.ts holds it to that.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { emitClientMethods } from "./emit-client";
import { emitEndpointRules } from "./emit-endpoint-rules";
import { emitErrors } from "./emit-errors";
import { emitOperations } from "./emit-operations";
import { emitPaginatorFunctions } from "./emit-paginators";
import { emitSchemas } from "./emit-schemas";
import { emitTypes } from "./emit-types";
import { Model } from "./model";

const root = fileURLToPath(new URL("..", import.meta.url));

export function generate(outDir: string): string[] {
  const model = Model.load(
    join(root, "codegen/model/secretsmanager-2017-10-17.service.json"),
    join(root, "codegen/model/secretsmanager-2017-10-17.paginators.json"),
  );
  const files: Record<string, string> = {
    "client-methods.ts": emitClientMethods(model),
    "endpoint-rules.ts": emitEndpointRules(join(root, "codegen/model")),
    "errors.ts": emitErrors(model),
    "operations.ts": emitOperations(model),
    "paginators.ts": emitPaginatorFunctions(model),
    "schemas.ts": emitSchemas(model),
    "types.ts": emitTypes(model),
  };
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(outDir, name), format(`src/generated/${name}`, text));
  }
  return Object.keys(files);
}

/**
 * Formats and lint-fixes one file with the repository's Biome and configuration. The file is
 * passed on stdin under its place in src/generated/, so the output is the same whatever the
 * output directory is.
 */
function format(path: string, text: string): string {
  const biome = join(root, "node_modules/@biomejs/biome/bin/biome");
  const result = spawnSync(
    process.execPath,
    [biome, "check", "--write", `--stdin-file-path=${path}`],
    {
      cwd: root,
      input: text,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0 || result.stdout === "") {
    throw new Error(`biome could not format ${path}:\n${result.stderr}`);
  }
  return result.stdout;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(root, "src/generated"));
  const written = generate(outDir);
  console.log(`wrote ${written.join(", ")} to ${outDir}`);
}
