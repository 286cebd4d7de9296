/**
 * RotateSecret and CancelRotateSecret.
 *
 * RotateSecret, as the service documents it: the rotation settings are stored and rotation is
 * turned on; the ClientRequestToken becomes the id of the new version, which the service creates
 * (without a value) with the AWSPENDING label before calling the function, so that the function's
 * createSecret step can find it and store the new value under it (PutSecretValue with that token
 * and AWSPENDING); finishSecret moves AWSCURRENT to it. AWSPENDING is then left where it is: on
 * the version that is now current, which does not count as a rotation in progress. A version
 * holding AWSPENDING that is not AWSCURRENT is an unfinished rotation, and a RotateSecret with
 * another token is refused while it lasts (sending the same token again retries it).
 *
 * With RotateImmediately false, only testSecret runs, against a placeholder that is removed
 * afterwards; the rotation itself waits for the schedule, which the emulator does not run.
 *
 * Where the service runs the function asynchronously and reports failures only in its logs, the
 * emulator awaits it and answers a failure with InvalidRequestException naming the step, so a
 * test sees it; the placeholder and whatever the function did stay. A Lambda ARN without a
 * registered handler is answered as the service answers a function it cannot invoke:
 * AccessDeniedException.
 */
import type { RotationRulesType } from "../../generated/types";
import {
  CANNOT_INVOKE_FUNCTION,
  fail,
  NO_ROTATION_FUNCTION,
  ProtocolCode,
  ServiceError,
} from "../errors";
import { ROTATION_STEPS, RotationStepFailure } from "../rotation";
import type { StoredSecret, StoredVersion } from "../store";
import { AWSCURRENT, AWSPENDING, attachStage, versionById, versionWithStage } from "../versions";
import { type Handler, requireSecret, tokenOf } from "./context";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RATE = /^rate\((\d+) (hours?|days?)\)$/;
const PREVIOUS_ROTATION = "A previous rotation isn't complete. That rotation will be reattempted.";

export const rotateSecret: Handler<"RotateSecret"> = async (input, context) => {
  const { store, rotation, rotating } = context;
  const secret = requireSecret(context, input.SecretId);
  if (input.RotationRules !== undefined) checkRules(input.RotationRules);
  const lambdaArn = input.RotationLambdaARN ?? secret.rotationLambdaArn;
  if (lambdaArn === undefined || lambdaArn === "") {
    throw fail.invalidRequest(NO_ROTATION_FUNCTION);
  }
  if (rotating.has(secret.arn)) throw fail.invalidRequest(PREVIOUS_ROTATION);
  const token = tokenOf(input);
  const current = versionWithStage(secret, AWSCURRENT);
  const pending = versionWithStage(secret, AWSPENDING);
  if (pending !== undefined && pending !== current && pending.versionId !== token) {
    throw fail.invalidRequest(PREVIOUS_ROTATION);
  }
  const existing = versionById(secret, token);
  const immediately = input.RotateImmediately ?? true;
  if (immediately && existing !== undefined && existing === current) {
    // This rotation already finished: the request is a retry.
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  }
  if (existing !== undefined && existing !== pending) {
    throw fail.invalidRequest(
      "The ClientRequestToken is already the id of a version of this secret.",
    );
  }
  const handler = rotation.get(lambdaArn);
  if (handler === undefined) {
    // The service's answer for a function it cannot invoke; here, one with no handler registered.
    throw new ServiceError(ProtocolCode.accessDenied, CANNOT_INVOKE_FUNCTION);
  }

  const now = store.now();
  secret.rotationEnabled = true;
  secret.rotationLambdaArn = lambdaArn;
  if (input.RotationRules !== undefined) secret.rotationRules = input.RotationRules;
  if (input.ExternalSecretRotationMetadata !== undefined) {
    secret.externalSecretRotationMetadata = input.ExternalSecretRotationMetadata;
  }
  if (input.ExternalSecretRotationRoleArn !== undefined) {
    secret.externalSecretRotationRoleArn = input.ExternalSecretRotationRoleArn;
  }
  secret.lastChangedDate = now;
  const placeholder = existing ?? addPlaceholder(secret, token, now);
  store.changed();

  rotating.add(secret.arn);
  try {
    if (!immediately) {
      try {
        await rotation.run(handler, ["testSecret"], secret.arn, token);
      } finally {
        removePlaceholder(secret, placeholder);
      }
      secret.nextRotationDate = nextRotation(secret.rotationRules, now);
      return { ARN: secret.arn, Name: secret.name };
    }
    await rotation.run(handler, ROTATION_STEPS, secret.arn, token);
    const finished = store.now();
    secret.lastRotatedDate = finished;
    secret.nextRotationDate = nextRotation(secret.rotationRules, finished);
    return { ARN: secret.arn, Name: secret.name, VersionId: token };
  } catch (error) {
    if (error instanceof RotationStepFailure) throw fail.invalidRequest(error.message);
    throw error;
  } finally {
    rotating.delete(secret.arn);
  }
};

export const cancelRotateSecret: Handler<"CancelRotateSecret"> = (input, context) => {
  const secret = requireSecret(context, input.SecretId);
  const current = versionWithStage(secret, AWSCURRENT);
  const pending = versionWithStage(secret, AWSPENDING);
  // A secret never set up for rotation keeps RotationEnabled absent, as DescribeSecret shows it.
  if (secret.rotationEnabled !== undefined) secret.rotationEnabled = false;
  secret.nextRotationDate = undefined;
  secret.lastChangedDate = context.store.now();
  return {
    ARN: secret.arn,
    Name: secret.name,
    // The version an unfinished rotation left, for the caller to inspect or clean up.
    VersionId: pending !== undefined && pending !== current ? pending.versionId : undefined,
  };
};

function checkRules(rules: RotationRulesType): void {
  const { AutomaticallyAfterDays: days, ScheduleExpression: schedule } = rules;
  if (days !== undefined && schedule !== undefined) {
    throw fail.invalidParameter(
      "RotationRules takes AutomaticallyAfterDays or ScheduleExpression, not both.",
    );
  }
  if (schedule !== undefined && !RATE.test(schedule) && !/^cron\(.+\)$/.test(schedule)) {
    throw fail.invalidParameter("ScheduleExpression must be a rate(...) or cron(...) expression.");
  }
}

function addPlaceholder(secret: StoredSecret, versionId: string, now: number): StoredVersion {
  const version: StoredVersion = { versionId, stages: [], createdDate: now };
  secret.versions.push(version);
  attachStage(secret, AWSPENDING, version);
  return version;
}

function removePlaceholder(secret: StoredSecret, version: StoredVersion): void {
  if (version.secretString !== undefined || version.secretBinary !== undefined) {
    version.stages = version.stages.filter((stage) => stage !== AWSPENDING);
    return;
  }
  secret.versions = secret.versions.filter((entry) => entry !== version);
}

/**
 * When the schedule next calls for a rotation: `AutomaticallyAfterDays` or a `rate(...)`
 * after `from`. A `cron(...)` schedule is stored but not computed.
 */
function nextRotation(rules: RotationRulesType | undefined, from: number): number | undefined {
  if (rules?.AutomaticallyAfterDays !== undefined) return from + rules.AutomaticallyAfterDays * DAY;
  const rate = RATE.exec(rules?.ScheduleExpression ?? "");
  if (rate === null) return undefined;
  const count = Number(rate[1]);
  return from + count * (rate[2]?.startsWith("hour") ? HOUR : DAY);
}
