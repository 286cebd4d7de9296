/** The servers the recordings are replayed against: the emulator, and moto_server. */
import { setTimeout as sleep } from "node:timers/promises";
import { type LocalSecretsManager, startLocalSecretsManager } from "../../src/local/index";
import type { MotoServer } from "../helpers/moto";
import type { ReplayTarget } from "./replay";
import { templateRotation } from "./scenarios/rotation";

const CREDENTIALS = { accessKeyId: "replay", secretAccessKey: "replay-secret" };
const ROTATION_FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:replay-rotation";

/**
 * The emulator, checking signatures, with the template rotation function registered. Its clock
 * runs with the real one; `passTime` moves it a second and more ahead instead of waiting.
 */
export async function emulatorTarget(): Promise<ReplayTarget & { close(): Promise<void> }> {
  let ahead = 0;
  const local: LocalSecretsManager = await startLocalSecretsManager({
    credentials: CREDENTIALS,
    rotationHandlers: { [ROTATION_FUNCTION]: templateRotation },
    now: () => new Date(Date.now() + ahead),
  });
  return {
    name: "emulator",
    endpoint: local.endpoint,
    region: local.region,
    credentials: () => CREDENTIALS,
    async reset() {
      local.reset();
    },
    async passTime() {
      ahead += 1_100;
    },
    rotationFunctionArn: ROTATION_FUNCTION,
    close: () => local.close(),
  };
}

/** moto_server, checking signatures; it has no such rotation function. */
export function motoTarget(moto: MotoServer): ReplayTarget {
  return {
    name: "moto",
    endpoint: moto.endpoint,
    region: moto.region,
    credentials: () => moto.credentials,
    async reset() {
      await moto.reset();
    },
    // moto keeps dates to the second.
    passTime: () => sleep(1_100),
    rotationFunctionArn: ROTATION_FUNCTION,
  };
}
