/**
 * Helpers for the emulator's tests: one emulator and one of our clients per `describe`, state
 * wiped before each test, everything closed after the last; a raw HTTP sender for what a
 * client would never send; and a way to run other tools (boto3, the AWS CLI) against it.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, beforeEach } from "node:test";
import { request } from "undici";
import { SecretsManager } from "../../src/index";
import {
  type LocalSecretsManager,
  type LocalSecretsManagerOptions,
  type RotationHandler,
  startLocalSecretsManager,
} from "../../src/local/index";

export const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/** Every test in these files stays under this. */
export const TIMEOUT = { timeout: 30_000 };

export function clientFor(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string } = TEST_CREDENTIALS,
): SecretsManager {
  return new SecretsManager({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}

export interface Setup {
  local: LocalSecretsManager;
  client: SecretsManager;
}

/**
 * Starts an emulator (and a client) before the suite's first test, resets it before each test
 * and closes both after the last. Read the result's fields inside tests only.
 */
export function useEmulator(options: LocalSecretsManagerOptions = {}): Setup {
  const setup = {} as Setup;
  before(async () => {
    setup.local = await startLocalSecretsManager(options);
    setup.client = clientFor(setup.local.endpoint);
  });
  beforeEach(() => setup.local.reset());
  after(async () => {
    await setup.client?.close();
    await setup.local?.close();
  });
  return setup;
}

/** Runs `promise`, which must fail; returns the error for further checks. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, "rejects with an Error");
    return error as Error & Record<string, unknown>;
  }
  assert.fail("expected the call to fail");
}

/** Asserts the call fails with the error `code` (the error's name). */
export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<Error> {
  const error = await failure(promise);
  assert.equal(error.name, code, `${error.name}: ${error.message}`);
  return error;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | undefined;
}

/** Sends one unsigned POST as is: the body untouched, the target header only when given. */
export async function rawPost(
  endpoint: string,
  target: string | undefined,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const response = await request(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      ...(target === undefined ? {} : { "x-amz-target": target }),
      ...headers,
    },
    body,
  });
  const text = await response.body.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking the event loop (the emulator it talks to runs in this
 * process), killing it after `timeoutMs`.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The ARN the tool tests (boto3, the AWS CLI) rotate with; a handler is registered for it. */
export const TOOL_ROTATION_FUNCTION =
  "arn:aws:lambda:us-east-1:123456789012:function:tool-rotation";

/** The environment another tool runs in: the hermetic one, plus the test credentials. */
export const TOOL_ENVIRONMENT: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_REGION: "us-east-1",
  AWS_MAX_ATTEMPTS: "1",
  AWS_PAGER: "",
};

/**
 * An emulator for another tool to drive, checking signatures and able to rotate with
 * `rotation` under {@link TOOL_ROTATION_FUNCTION}; started before the suite's first test and
 * closed after its last. Read `local` inside tests only.
 */
export function useEmulatorForTools(rotation: RotationHandler): { local: LocalSecretsManager } {
  const setup = {} as { local: LocalSecretsManager };
  before(async () => {
    setup.local = await startLocalSecretsManager({
      credentials: TEST_CREDENTIALS,
      rotationHandlers: { [TOOL_ROTATION_FUNCTION]: rotation },
    });
  });
  after(async () => {
    await setup.local?.close();
  });
  return setup;
}
