/**
 * AWS's recorded answers (test/aws-recordings), read as data: per recorded test, the entries
 * it recorded, when, and when it was last validated against AWS.
 */
import { readFileSync } from "node:fs";

const TEST_FILE = "tests/aws/services/secretsmanager/test_secretsmanager.py";

interface SnapshotFile {
  [key: string]: { "recorded-date": string; "recorded-content": Record<string, unknown> };
}

interface ValidationFile {
  [key: string]: { last_validated_date: string };
}

export interface RecordedTest {
  /** `TestSecretsManager::test_secret_tags`, `TestSecretsManager::test_x[param]`. */
  readonly id: string;
  /** When AWS last confirmed the test (ISO 8601); absent when it never did. */
  readonly validated: string | undefined;
  /** When the snapshot entries were recorded, as the snapshot writes it. */
  readonly recorded: string | undefined;
  /** Recorded answer by key, as normalised by the recorder. */
  readonly entries: Readonly<Record<string, unknown>>;
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../aws-recordings/${name}`, import.meta.url), "utf8"));
}

function loadRecordings(): ReadonlyMap<string, RecordedTest> {
  const snapshot = readJson<SnapshotFile>("secretsmanager.snapshot.json");
  const validation = readJson<ValidationFile>("secretsmanager.validation.json");
  const prefix = `${TEST_FILE}::`;
  const ids = new Set(
    [...Object.keys(snapshot), ...Object.keys(validation)].map((key) => key.slice(prefix.length)),
  );
  const tests = new Map<string, RecordedTest>();
  for (const id of ids) {
    const recorded = snapshot[prefix + id];
    tests.set(id, {
      id,
      validated: validation[prefix + id]?.last_validated_date,
      recorded: recorded?.["recorded-date"],
      entries: recorded?.["recorded-content"] ?? {},
    });
  }
  return tests;
}

export const RECORDINGS = loadRecordings();

/** The tests AWS validated: the only ones whose recordings count. */
export function validatedTests(): RecordedTest[] {
  return [...RECORDINGS.values()].filter((test) => test.validated !== undefined);
}

export function recordedTest(id: string): RecordedTest {
  const test = RECORDINGS.get(id);
  if (test === undefined) throw new Error(`no recorded test ${id}`);
  return test;
}
