// The error classes: what each generated modeled error carries, `name` taken from the static
// `kind` (so minifying keeps it), and `instanceof` across two copies of the package (the brand
// in src/core/errors.ts).
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import * as core from "../../src/core/errors";
import * as generated from "../../src/generated/errors";

const root = fileURLToPath(new URL("../..", import.meta.url));
const model = JSON.parse(
  readFileSync(join(root, "codegen/model/secretsmanager-2017-10-17.service.json"), "utf8"),
) as { shapes: Record<string, { exception?: boolean; fault?: boolean }> };
const errorShapes = Object.entries(model.shapes).filter(([, shape]) => shape.exception === true);

const metadata = { httpStatusCode: 400, requestId: "req-1" };

type Classes = typeof generated & typeof core;
type ModeledClass = new (
  options: core.ModeledExceptionOptions,
) => core.SecretsManagerServiceException;

describe("generated error classes", () => {
  test("one class per error shape in the model, all in modeledErrors", () => {
    assert.equal(errorShapes.length, 12);
    assert.deepEqual(
      Object.keys(generated.modeledErrors).sort(),
      errorShapes.map(([name]) => name).sort(),
    );
  });

  for (const [code, shape] of errorShapes) {
    test(code, () => {
      const ErrorClass = generated.modeledErrors[code];
      assert.ok(ErrorClass !== undefined);
      assert.equal(ErrorClass, (generated as Record<string, unknown>)[code]);
      const error = new ErrorClass({ $metadata: metadata, Message: "what went wrong" });
      assert.equal(error.name, code);
      assert.equal(error.$fault, shape.fault === true ? "server" : "client");
      assert.equal((error as { Message?: string }).Message, "what went wrong");
      assert.equal(error.message, "what went wrong");
      assert.deepEqual(error.$metadata, metadata);
      assert.ok(error instanceof ErrorClass);
      assert.ok(error instanceof core.SecretsManagerServiceException);
      assert.ok(error instanceof Error);
      assert.ok(!(error instanceof core.ValidationError));
    });
  }

  test("message falls back to the lowercase message, then to the code", () => {
    const { ResourceNotFoundException } = generated;
    const lower = new ResourceNotFoundException({ $metadata: {}, message: "lower" });
    assert.equal(lower.message, "lower");
    assert.equal(lower.Message, undefined);
    assert.ok(!Object.hasOwn(lower, "Message"));
    const bare = new ResourceNotFoundException({ $metadata: {} });
    assert.equal(bare.message, "ResourceNotFoundException");
    const cause = new Error("socket");
    assert.equal(new ResourceNotFoundException({ $metadata: {}, cause }).cause, cause);
  });

  test("modeledErrors finds only model codes", () => {
    for (const code of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      assert.equal(generated.modeledErrors[code], undefined, code);
    }
    assert.ok(Object.isFrozen(generated.modeledErrors));
  });

  test("distinct classes do not claim each other's instances", () => {
    const error = new generated.ResourceNotFoundException({ $metadata: {} });
    assert.ok(!(error instanceof generated.InvalidParameterException));
    assert.ok(!(new core.ValidationError([]) instanceof generated.ResourceNotFoundException));
  });
});

/** One instance of each hand-written class, made with the given copy's classes. */
function handWritten(classes: typeof core): Error[] {
  const issue = { path: ["Name"], code: "required", message: "x" };
  return [
    new classes.ValidationError([issue]),
    new classes.ConfigurationError("bad setting"),
    new classes.CredentialsError("no credentials", ["environment"]),
    new classes.EndpointError("no endpoint"),
    new classes.TimeoutError("request", 10),
    new classes.AbortError(),
    new classes.NetworkError("ECONNRESET", true),
    new classes.ResponseTooLargeError(200, 10),
    new classes.PaginationError("ListSecrets"),
    new classes.SecretFormatError("app/db", "is not valid JSON", []),
  ];
}

describe("name from the static kind", () => {
  test("each hand-written class is named after its kind", () => {
    for (const error of handWritten(core)) {
      const kind = (error.constructor as { kind?: unknown }).kind;
      assert.equal(error.name, kind);
      assert.equal(error.name, error.constructor.name);
    }
  });

  test("a subclass that only states a kind is named by it, not by its class name", () => {
    class Renamed extends core.ConfigurationError {
      static override readonly kind: string = "SomeOtherKind";
    }
    const error = new Renamed("bad setting");
    assert.equal(error.name, "SomeOtherKind");
    assert.equal(String(error), "SomeOtherKind: bad setting");
    assert.ok(error instanceof core.ConfigurationError);
  });

  test("a minified bundle keeps every exported error's name", async () => {
    mkdirSync(join(root, ".tmp"), { recursive: true });
    const dir = mkdtempSync(join(root, ".tmp", "errors-minified-"));
    try {
      // Minified, every class is renamed to a letter or two: a name from `constructor.name`
      // would be that letter.
      await esbuild.build({
        entryPoints: [join(root, "src/index.ts")],
        bundle: true,
        minify: true,
        platform: "node",
        format: "esm",
        target: "node20",
        outfile: join(dir, "index.mjs"),
        external: ["undici", "@aws-sdk/credential-providers"],
        logLevel: "silent",
      });
      const built = (await import(pathToFileURL(join(dir, "index.mjs")).href)) as typeof core &
        typeof generated;
      for (const error of handWritten(built)) {
        assert.equal(error.name, (error.constructor as { kind?: unknown }).kind);
        assert.notEqual(error.name, error.constructor.name, "the bundle renamed the class");
      }
      for (const [code] of errorShapes) {
        const ErrorClass = (built as unknown as Record<string, ModeledClass>)[code];
        assert.ok(ErrorClass !== undefined, code);
        assert.equal(new ErrorClass({ $metadata: {} }).name, code);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("instanceof across two copies", () => {
  mkdirSync(join(root, ".tmp"), { recursive: true });
  const copyDir = mkdtempSync(join(root, ".tmp", "errors-copy-"));
  after(() => rmSync(copyDir, { recursive: true, force: true }));

  /** Both files copied with their relative layout, so the copy imports its own base classes. */
  async function separateCopy(): Promise<Classes> {
    for (const file of ["src/core/errors.ts", "src/generated/errors.ts"]) {
      mkdirSync(dirname(join(copyDir, file)), { recursive: true });
      copyFileSync(join(root, file), join(copyDir, file));
    }
    const url = (file: string) => pathToFileURL(join(copyDir, file)).href;
    return {
      ...((await import(url("src/core/errors.ts"))) as typeof core),
      ...((await import(url("src/generated/errors.ts"))) as typeof generated),
    };
  }

  test("a second load of the generated module (shared base module)", async () => {
    const copy = (await import(
      new URL("../../src/generated/errors.ts?copy=2", import.meta.url).href
    )) as typeof generated;
    assert.notEqual(copy.ResourceNotFoundException, generated.ResourceNotFoundException);
    const ours = new generated.ResourceNotFoundException({ $metadata: {} });
    const theirs = new copy.ResourceNotFoundException({ $metadata: {} });
    assert.ok(ours instanceof copy.ResourceNotFoundException);
    assert.ok(theirs instanceof generated.ResourceNotFoundException);
    assert.ok(!(theirs instanceof generated.InvalidParameterException));
  });

  test("a full second copy: base classes differ too", async () => {
    const b = await separateCopy();
    const a: Classes = { ...core, ...generated };
    assert.notEqual(b.SecretsManagerServiceException, a.SecretsManagerServiceException);
    assert.notEqual(b.ResourceNotFoundException, a.ResourceNotFoundException);

    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const notFound = new from.ResourceNotFoundException({ $metadata: {} });
      assert.ok(notFound instanceof to.ResourceNotFoundException);
      assert.ok(notFound instanceof to.SecretsManagerServiceException);
      assert.ok(!(notFound instanceof to.InvalidParameterException));
      assert.ok(!(notFound instanceof to.ValidationError));

      const internal = new from.InternalServiceError({ $metadata: {} });
      assert.ok(internal instanceof to.InternalServiceError);
      assert.ok(!(internal instanceof to.ResourceNotFoundException));

      const invalid = new from.ValidationError([
        { path: ["Name"], code: "required", message: "x" },
      ]);
      assert.ok(invalid instanceof to.ValidationError);
      assert.ok(!(invalid instanceof to.ResourceNotFoundException));
      assert.ok(!(invalid instanceof to.SecretsManagerServiceException));

      // Every hand-written class: its own instances, and no other class's.
      const fromErrors = handWritten(from);
      const toErrors = handWritten(to);
      for (const [index, error] of fromErrors.entries()) {
        for (const [other, target] of toErrors.entries()) {
          const Target = target.constructor as new (...args: never[]) => Error;
          assert.equal(error instanceof Target, index === other, `${error.name} / ${target.name}`);
        }
        assert.ok(!(error instanceof to.SecretsManagerServiceException), error.name);
      }

      // An unmodeled code arrives as the base class: no modeled class claims it.
      const unmodeled = new from.SecretsManagerServiceException({
        name: "SomethingNew",
        $fault: "client",
        $metadata: {},
      });
      assert.ok(unmodeled instanceof to.SecretsManagerServiceException);
      assert.ok(!(unmodeled instanceof to.ResourceNotFoundException));
    }
  });
});
