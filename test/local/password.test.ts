// GetRandomPassword in the emulator: length, every exclusion, spaces, RequireEachIncludedType.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rawPost, rejectsWith, TIMEOUT, useEmulator } from "./emulator";

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

describe("GetRandomPassword", TIMEOUT, () => {
  const setup = useEmulator();

  test("32 characters by default, with each type present", async () => {
    const { client } = setup;
    for (let i = 0; i < 20; i++) {
      const { RandomPassword: password = "" } = await client.getRandomPassword({});
      assert.equal(password.length, 32);
      assert.match(password, /[a-z]/);
      assert.match(password, /[A-Z]/);
      assert.match(password, /[0-9]/);
      assert.match(password, PUNCTUATION);
      assert.doesNotMatch(password, / /);
    }
  });

  test("PasswordLength from 1 to 4096", async () => {
    const { client } = setup;
    const long = await client.getRandomPassword({ PasswordLength: 4096 });
    assert.equal(long.RandomPassword?.length, 4096);
    const one = await client.getRandomPassword({
      PasswordLength: 1,
      RequireEachIncludedType: false,
    });
    assert.equal(one.RandomPassword?.length, 1);
  });

  test("a length outside 1 to 4096 is refused as the model's constraint (ValidationException)", async () => {
    // Our client refuses it before sending; the emulator is asked directly.
    for (const length of [0, 4097]) {
      const response = await rawPost(
        setup.local.endpoint,
        "secretsmanager.GetRandomPassword",
        JSON.stringify({ PasswordLength: length }),
      );
      assert.equal(response.status, 400);
      assert.equal(response.json?.["__type"], "ValidationException");
      assert.match(String(response.json?.["message"]), /passwordLength/);
    }
  });

  test("each exclusion removes its characters", async () => {
    const { client } = setup;
    const cases = [
      [{ ExcludeLowercase: true }, /[a-z]/],
      [{ ExcludeUppercase: true }, /[A-Z]/],
      [{ ExcludeNumbers: true }, /[0-9]/],
      [{ ExcludePunctuation: true }, PUNCTUATION],
      [{ ExcludeCharacters: "abcABC123!@#" }, /[abcABC123!@#]/],
    ] as const;
    for (const [options, forbidden] of cases) {
      const { RandomPassword: password = "" } = await client.getRandomPassword({
        ...options,
        PasswordLength: 200,
      });
      assert.equal(password.length, 200);
      assert.doesNotMatch(password, forbidden, JSON.stringify(options));
    }
  });

  test("IncludeSpace adds the space (and requires it, with RequireEachIncludedType)", async () => {
    const { RandomPassword: password = "" } = await setup.client.getRandomPassword({
      IncludeSpace: true,
      ExcludeLowercase: true,
      ExcludeUppercase: true,
      ExcludePunctuation: true,
      PasswordLength: 10,
    });
    assert.match(password, /^[0-9 ]{10}$/);
    assert.match(password, / /);
    assert.match(password, /[0-9]/);
  });

  test("RequireEachIncludedType false may leave a type out; true needs room for each", async () => {
    const { client } = setup;
    const digitsOnly = await client.getRandomPassword({
      ExcludeLowercase: true,
      ExcludeUppercase: true,
      ExcludePunctuation: true,
      RequireEachIncludedType: false,
      PasswordLength: 12,
    });
    assert.match(digitsOnly.RandomPassword ?? "", /^[0-9]{12}$/);
    await rejectsWith(
      client.getRandomPassword({ PasswordLength: 3, RequireEachIncludedType: true }),
      "InvalidParameterException",
    );
  });

  test("excluding every character is InvalidParameterException", async () => {
    await rejectsWith(
      setup.client.getRandomPassword({
        ExcludeLowercase: true,
        ExcludeUppercase: true,
        ExcludePunctuation: true,
        ExcludeCharacters: "0123456789",
      }),
      "InvalidParameterException",
    );
  });

  test("two passwords differ", async () => {
    const { client } = setup;
    const a = await client.getRandomPassword({});
    const b = await client.getRandomPassword({});
    assert.notEqual(a.RandomPassword, b.RandomPassword);
  });
});
