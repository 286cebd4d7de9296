/** Replaying every scenario against one target, each on a freshly reset server. */

import { recordedTest } from "./recordings";
import { type CheckResult, Replay, type ReplayTarget } from "./replay";
import { SCENARIOS } from "./scenarios/index";

export interface ReplayRun {
  readonly results: readonly CheckResult[];
  /** Recorded entries of a replayed test that its scenario never compared. */
  readonly notCompared: readonly string[];
}

export async function replayAll(target: ReplayTarget): Promise<ReplayRun> {
  const results: CheckResult[] = [];
  const notCompared: string[] = [];
  for (const scenario of SCENARIOS) {
    const test = recordedTest(scenario.test);
    await target.reset();
    const replay = new Replay(target, test, results);
    try {
      await scenario.run(replay);
    } catch (error) {
      // A target that answers something unreadable stops its scenario; what was not compared
      // counts as not matched.
      const reason = error instanceof Error ? error.message : String(error);
      for (const key of Object.keys(test.entries)) {
        if (replay.matchedKeys.has(key)) continue;
        results.push({
          id: `${test.id} › ${key}`,
          passed: false,
          differences: [`stopped: ${reason}`],
        });
      }
      continue;
    }
    for (const key of Object.keys(test.entries)) {
      if (!replay.matchedKeys.has(key)) notCompared.push(`${test.id} › ${key}`);
    }
  }
  return { results, notCompared };
}

/** The ids of the checks that failed. */
export function failedChecks(run: ReplayRun): string[] {
  return run.results.filter((result) => !result.passed).map((result) => result.id);
}

/** A readable account of the failed checks, for an assertion message. */
export function explainFailures(run: ReplayRun, ids: readonly string[]): string {
  const wanted = new Set(ids);
  return run.results
    .filter((result) => wanted.has(result.id))
    .map((result) => `${result.id}\n    ${result.differences.join("\n    ")}`)
    .join("\n");
}
