/**
 * Running the scenario through a client, and turning what each step did into a record two
 * implementations can be compared on.
 *
 * A record is the step's id and operation, then either its output or its error's name and HTTP
 * status. Normalizing replaces what legitimately differs from one run (or one implementation)
 * to the next:
 * - `$metadata` (request ids, attempts) is dropped;
 * - a `Date` becomes `"<date>"` (that a date is present is still compared);
 * - a secret ARN keeps its Region and name; the account id becomes `<account>` and the
 *   six-character suffix `<suffix>`;
 * - a fixed token from the scenario becomes `<token:NAME>`; any other version id becomes
 *   `<version:STEP>`, after the step whose output first showed it (`#2`, `#3`... when one step
 *   shows several), so that a version one side makes and the other does not renames nothing
 *   after it; a stray UUID becomes `<uuid>`;
 * - a non-empty `NextToken` becomes `<next-token>` (each side's tokens are its own);
 * - a `Message` in an output (BatchGetSecretValue's Errors) becomes `<message>`: wording is not
 *   behaviour;
 * - staging-label lists are sorted (their order means nothing);
 * - bytes become `{ base64 }`.
 * Maps keyed by version id (VersionIdsToStages, SecretVersionsToStages, and the `VersionsById`
 * a step's view may build) have their keys rewritten like values.
 */
import type { CallOptions, SecretsManager } from "../../src/index";
import type { Step } from "./scenario";

export type Outcome =
  | { readonly ok: true; readonly output: Record<string, unknown> }
  | { readonly ok: false; readonly name: string; readonly status: number | undefined };

export interface RawResult {
  readonly step: Step;
  readonly outcome: Outcome;
}

/** One step's comparable result. */
export interface StepRecord {
  step: string;
  operation: string;
  outcome: "ok" | "error";
  output?: unknown;
  error?: { name: string; status: number | undefined };
}

const CALL_OPTIONS: CallOptions = { requestTimeout: 10_000 };

/** Runs every step in order; a failing step is recorded, never thrown. */
export async function runScenario(
  client: SecretsManager,
  scenario: readonly Step[],
  tokens: ReadonlyMap<string, string>,
): Promise<RawResult[]> {
  const outputs = new Map<string, Record<string, unknown>>();
  const results: RawResult[] = [];
  for (const step of scenario) {
    let input: unknown;
    try {
      input = resolve(step.input, outputs, tokens, step.id);
    } catch (error) {
      // An earlier step this one refers to failed on this side: record it, keep going.
      if (!(error instanceof UnresolvedReference)) throw error;
      results.push({ step, outcome: { ok: false, name: error.name, status: undefined } });
      continue;
    }
    const method = step.operation.charAt(0).toLowerCase() + step.operation.slice(1);
    const send = (client as unknown as Record<string, unknown>)[method] as (
      input: unknown,
      options: CallOptions,
    ) => Promise<Record<string, unknown>>;
    let outcome: Outcome;
    try {
      const output = await send.call(client, input, CALL_OPTIONS);
      outputs.set(step.id, output);
      outcome = { ok: true, output };
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      // Client-side errors (ValidationError, TimeoutError) have no status; both sides record them.
      const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
      outcome = { ok: false, name: error.name, status: metadata?.httpStatusCode };
    }
    results.push({ step, outcome });
  }
  return results;
}

const PLACEHOLDER = /^\{\{(.+)\}\}$/;

class UnresolvedReference extends Error {
  override name = "UnresolvedReference";
}

/** The input with every `{{...}}` placeholder replaced by this side's value. */
function resolve(
  value: unknown,
  outputs: ReadonlyMap<string, Record<string, unknown>>,
  tokens: ReadonlyMap<string, string>,
  stepId: string,
): unknown {
  if (typeof value === "string") {
    const match = PLACEHOLDER.exec(value);
    if (match === null) return value;
    const reference = match[1] as string;
    if (reference.startsWith("token:")) {
      const found = tokens.get(reference.slice("token:".length));
      if (found === undefined) throw new UnresolvedReference(`${stepId}: no token ${reference}`);
      return found;
    }
    const [target, modifier] = reference.split("|");
    const [sourceStep, ...path] = (target as string).split(".");
    const output = outputs.get(sourceStep as string);
    if (output === undefined) {
      throw new UnresolvedReference(
        `${stepId}: step ${sourceStep} has no output to take ${reference} from`,
      );
    }
    let found: unknown = output;
    for (const key of path) found = (found as Record<string, unknown> | undefined)?.[key];
    if (typeof found !== "string") {
      throw new UnresolvedReference(
        `${stepId}: ${reference} is not a string in the output of ${sourceStep}`,
      );
    }
    return modifier === "partial" ? found.replace(/-[A-Za-z0-9]{6}$/, "") : found;
  }
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((entry) => resolve(entry, outputs, tokens, stepId));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, resolve(entry, outputs, tokens, stepId)]),
    );
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET_ARN = /^arn:aws:secretsmanager:([a-z0-9-]+):\d{12}:secret:(.+)-[A-Za-z0-9]{6}$/;
const STAGE_LISTS = new Set(["VersionStages"]);
/** Objects keyed by version id: the keys are rewritten like values. */
const STAGE_MAPS = new Set(["VersionIdsToStages", "SecretVersionsToStages"]);
const VERSION_MAPS = new Set([...STAGE_MAPS, "VersionsById"]);

/** The comparable records of one side's run. */
export function normalize(
  results: readonly RawResult[],
  tokens: ReadonlyMap<string, string>,
): StepRecord[] {
  const names = new Map<string, string>();
  for (const [name, value] of tokens) names.set(value, `<token:${name}>`);
  // Name each version id after the step whose output first shows it, before rewriting anything.
  for (const { step, outcome } of results) {
    if (!outcome.ok) continue;
    let count = 0;
    collectVersionIds(outcome.output, (id) => {
      if (names.has(id)) return;
      count += 1;
      names.set(id, count === 1 ? `<version:${step.id}>` : `<version:${step.id}#${count}>`);
    });
  }
  const text = (value: string): string => {
    const named = names.get(value);
    if (named !== undefined) return named;
    const arn = SECRET_ARN.exec(value);
    if (arn !== null) return `arn:aws:secretsmanager:${arn[1]}:<account>:secret:${arn[2]}-<suffix>`;
    return UUID.test(value) ? "<uuid>" : value;
  };
  return results.map(({ step, outcome }) => {
    const record: StepRecord = {
      step: step.id,
      operation: step.operation,
      outcome: outcome.ok ? "ok" : "error",
    };
    if (outcome.ok) {
      const { $metadata: _metadata, ...output } = outcome.output;
      const viewed =
        step.view === undefined
          ? output
          : (step.view as (output: unknown, input: unknown) => unknown)(output, step.input);
      record.output = rewrite(viewed, text, undefined);
    } else {
      record.error = { name: outcome.name, status: outcome.status };
    }
    return record;
  });
}

/** Calls `found` with every `VersionId` in an output, depth first, in document order. */
function collectVersionIds(value: unknown, found: (id: string) => void): void {
  if (Array.isArray(value)) {
    for (const entry of value) collectVersionIds(entry, found);
  } else if (isPlainObject(value)) {
    for (const [key, entry] of Object.entries(value)) {
      if (key === "VersionId" && typeof entry === "string") found(entry);
      else collectVersionIds(entry, found);
    }
  }
}

function rewrite(
  value: unknown,
  text: (value: string) => string,
  key: string | undefined,
): unknown {
  if (value instanceof Date) return "<date>";
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString("base64") };
  if (typeof value === "string") {
    if (key === "NextToken" && value !== "") return "<next-token>";
    if (key === "Message") return "<message>";
    return text(value);
  }
  if (Array.isArray(value)) {
    const entries = value.map((entry) => rewrite(entry, text, undefined));
    return key !== undefined && STAGE_LISTS.has(key) ? entries.sort() : entries;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(value)) {
      if (entry === undefined) continue;
      if (key !== undefined && VERSION_MAPS.has(key)) {
        out[text(name)] = rewrite(entry, text, STAGE_MAPS.has(key) ? "VersionStages" : undefined);
      } else {
        out[name] = rewrite(entry, text, name);
      }
    }
    return out;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
