/**
 * Replaying one recorded test against a server: signed JSON requests sent as boto3 sends them,
 * answers compared with the recorded ones, assertions of the recorded test checked, each a
 * check with a pass or a difference.
 */
import { randomUUID } from "node:crypto";
import { request } from "undici";
import { encodeBody } from "../../src/core/wire";
import { type OperationName, operations } from "../../src/generated/operations";
import { signJsonRequest } from "../helpers/sigv4";
import { type Answer, botoErrorText, botoForm } from "./answer-form";
import { Bindings, compareWithRecording } from "./match";
import type { RecordedTest } from "./recordings";

/** A server the recordings are replayed against. */
export interface ReplayTarget {
  readonly name: "emulator" | "moto";
  readonly endpoint: string;
  readonly region: string;
  /** The credentials to sign with now (moto's change when it is reset). */
  credentials(): { accessKeyId: string; secretAccessKey: string };
  /** Forgets every secret. */
  reset(): Promise<void>;
  /**
   * Lets more than a second pass on the server's clock, where AWS's answers are only ordered by
   * the time between two calls (moto keeps dates to the second).
   */
  passTime(): Promise<void>;
  /** The ARN of a rotation function the server can run (a registered handler, for the emulator). */
  readonly rotationFunctionArn: string;
}

/** The steps of one recorded test, in our words. */
export interface Scenario {
  /** The recorded test it replays: `TestSecretsManager::test_secret_tags`. */
  readonly test: string;
  run(replay: Replay): Promise<void>;
}

/** One recorded answer or assertion, and how the replay fared. */
export interface CheckResult {
  /** `test › key` for a recorded answer, `test › assertion` for an assertion. */
  readonly id: string;
  readonly passed: boolean;
  readonly differences: readonly string[];
}

export interface CallOptions {
  /**
   * Send the request without the ClientRequestToken boto3 fills in, as a hand-made HTTP request
   * would.
   * @default false
   */
  withoutToken?: boolean;
}

export class Replay {
  readonly target: ReplayTarget;
  readonly test: RecordedTest;
  readonly #bindings = new Bindings();
  readonly #results: CheckResult[];
  readonly #matched = new Set<string>();

  constructor(target: ReplayTarget, test: RecordedTest, results: CheckResult[]) {
    this.target = target;
    this.test = test;
    this.#results = results;
  }

  /** The recorded keys this replay compared. */
  get matchedKeys(): ReadonlySet<string> {
    return this.#matched;
  }

  /** Sends one operation's input as boto3 would: signed, with its idempotency token filled. */
  async call(
    operation: OperationName,
    input: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<Answer> {
    const spec = operations[operation];
    const body = { ...input };
    const token = spec.idempotencyToken;
    if (token !== undefined && body[token] === undefined && !options.withoutToken) {
      body[token] = randomUUID();
    }
    const text = encodeBody(body, spec.input);
    const headers = await signJsonRequest({
      endpoint: this.target.endpoint,
      target: spec.target,
      body: text,
      region: this.target.region,
      credentials: this.target.credentials(),
    });
    const response = await request(`${this.target.endpoint}/`, {
      method: "POST",
      headers,
      body: text,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    return { operation, status: response.statusCode, text: await response.body.text() };
  }

  /** Compares an answer, in boto3's form, with the recorded entry `key`. */
  expect(key: string, answer: Answer): void {
    this.expectForm(key, botoForm(answer));
  }

  /** Compares the text boto3 gives an error (`str(ClientError)`) with the recorded entry `key`. */
  expectErrorText(key: string, answer: Answer): void {
    this.expectForm(key, botoErrorText(answer));
  }

  /** Compares a value already in the recorded form with the recorded entry `key`. */
  expectForm(key: string, form: unknown): void {
    if (!(key in this.test.entries)) throw new Error(`${this.test.id} recorded no ${key}`);
    if (this.#matched.has(key)) throw new Error(`${this.test.id}: ${key} compared twice`);
    this.#matched.add(key);
    const recorded = this.test.entries[key];
    // Some answers were recorded without boto3's ResponseMetadata.
    const compared = withoutMissingMetadata(recorded, form);
    const differences = compareWithRecording(recorded, compared, this.#bindings);
    this.#results.push({
      id: `${this.test.id} › ${key}`,
      passed: differences.length === 0,
      differences,
    });
  }

  /** Records one of the recorded test's assertions, in our words. */
  check(assertion: string, passed: boolean, detail = ""): void {
    this.#results.push({
      id: `${this.test.id} › ${assertion}`,
      passed,
      differences: passed ? [] : [detail || "the assertion does not hold"],
    });
  }

  /** A fresh secret name in the recorded tests' style. */
  newName(prefix = "s-"): string {
    return `${prefix}${randomUUID().slice(0, 8)}`;
  }
}

function withoutMissingMetadata(recorded: unknown, form: unknown): unknown {
  const keep = (value: unknown) =>
    typeof value === "object" && value !== null && "ResponseMetadata" in value;
  if (keep(recorded) || typeof form !== "object" || form === null || Array.isArray(form))
    return form;
  const { ResponseMetadata: _dropped, ...rest } = form as Record<string, unknown>;
  return rest;
}
