/**
 * Issue 15: AWS's recorded answers for Secrets Manager (test/aws-recordings), replayed against
 * the emulator always, and against moto_server where it is installed.
 *
 * Every AWS-validated recorded test is replayed by a scenario (./scenarios) or listed in
 * NOT_REPLAYED with the reason. A check is one recorded answer, or one of the recorded test's
 * assertions; the emulator must match every one. moto is only measured: the checks it misses are
 * kept in ./expected-moto.ts, and the test fails when that changes. docs/local-emulator.md gives
 * the same numbers, and a test below keeps them in step.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { describeWithMoto } from "../helpers/moto";
import { EXPECTED_MOTO_MISMATCHES } from "./expected-moto";
import { validatedTests } from "./recordings";
import { explainFailures, failedChecks, type ReplayRun, replayAll } from "./run";
import { NOT_REPLAYED, SCENARIOS } from "./scenarios/index";
import { emulatorTarget, motoTarget } from "./targets";

const TIMEOUT = { timeout: 120_000 };

function rate(matched: number, total: number): string {
  return `${matched} (${Math.round((matched / total) * 100)}%)`;
}

test("every AWS-validated recorded test is replayed, or listed with the reason it is not", () => {
  const replayed = new Set(SCENARIOS.map((scenario) => scenario.test));
  assert.equal(replayed.size, SCENARIOS.length, "one scenario per recorded test");
  const validated = validatedTests().map((recorded) => recorded.id);
  const missing = validated.filter((id) => !replayed.has(id) && !(id in NOT_REPLAYED));
  assert.deepEqual(missing, [], "validated tests with no scenario");
  const unvalidated = [...replayed, ...Object.keys(NOT_REPLAYED)].filter(
    (id) => !validated.includes(id),
  );
  assert.deepEqual(unvalidated, [], "scenarios of tests AWS did not validate, which do not count");
});

describe("AWS's recorded answers, replayed against the emulator", () => {
  let run: ReplayRun;
  before(async () => {
    const target = await emulatorTarget();
    try {
      run = await replayAll(target);
    } finally {
      await target.close();
    }
  }, TIMEOUT);

  test("every recorded entry of a replayed test is compared", () => {
    assert.deepEqual(run.notCompared, []);
  });

  test("the emulator matches every check", () => {
    const failed = failedChecks(run);
    assert.deepEqual(failed, [], explainFailures(run, failed));
  });

  test("docs/local-emulator.md gives these numbers", () => {
    const docs = readFileSync(new URL("../../docs/local-emulator.md", import.meta.url), "utf8");
    const total = run.results.length;
    const motoMatched = total - EXPECTED_MOTO_MISMATCHES.length;
    const row = `| ${total} | ${rate(total, total)} | ${rate(motoMatched, total)} |`;
    assert.ok(docs.includes(row), `the docs' table should have the row ${row}`);
  });
});

describeWithMoto("AWS's recorded answers, replayed against moto", (getMoto) => {
  let run: ReplayRun;
  before(async () => {
    run = await replayAll(motoTarget(getMoto()));
  }, TIMEOUT);
  after(() => {
    const matched = run.results.filter((result) => result.passed).length;
    process.stdout.write(`# moto matches ${rate(matched, run.results.length)} of the checks\n`);
  });

  test("moto misses the same checks as before (update expected-moto.ts when it changes)", () => {
    const failed = failedChecks(run);
    const expected = new Set(EXPECTED_MOTO_MISMATCHES);
    const newlyMissed = failed.filter((id) => !expected.has(id));
    const nowMatched = EXPECTED_MOTO_MISMATCHES.filter((id) => !failed.includes(id));
    assert.deepEqual(
      { newlyMissed, nowMatched },
      { newlyMissed: [], nowMatched: [] },
      explainFailures(run, newlyMissed),
    );
  });
});
