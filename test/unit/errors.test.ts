// The generated modeled errors: what each instance carries, and `instanceof` across two copies
// of the package (the brand in src/core/errors.ts).
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as core from "../../src/core/errors";
import * as generated from "../../src/generated/errors";

const root = fileURLToPath(new URL("../..", import.meta.url));
const model = JSON.parse(
  readFileSync(join(root, "codegen/model/secretsmanager-2017-10-17.service.json"), "utf8"),
) as { shapes: Record<string, { exception?: boolean; fault?: boolean }> };
const errorShapes = Object.entries(model.shapes).filter(([, shape]) => shape.exception === true);

const metadata = { httpStatusCode: 400, requestId: "req-1" };

type Classes = typeof generated & typeof core;

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
