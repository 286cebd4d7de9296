/**
 * Versions and staging labels, as the service documents them:
 * - a label is on at most one version of a secret; attaching it elsewhere moves it;
 * - moving AWSCURRENT puts AWSPREVIOUS on the version it left; when a new value takes AWSCURRENT
 *   (PutSecretValue, UpdateSecret), AWSPENDING leaves that version too, as AWS's recorded answers
 *   show after a rotation left it on the current version;
 * - the first version a secret gets is AWSCURRENT whatever labels were asked for;
 * - a version without labels is deprecated, and the oldest deprecated versions are removed once
 *   a secret has more than 100 versions (never one created in the last 24 hours);
 * - a ClientRequestToken is the new version's id: sent again with the same value it changes
 *   nothing; sent with another value it is refused.
 */
import { fail } from "./errors";
import type { StoredSecret, StoredVersion } from "./store";

export const AWSCURRENT = "AWSCURRENT";
export const AWSPREVIOUS = "AWSPREVIOUS";
export const AWSPENDING = "AWSPENDING";

const MAX_VERSIONS = 100;
const MAX_STAGES_PER_VERSION = 20;
const DAY = 86_400_000;

/** A secret value in stored form: text, or base64 bytes. */
export interface StoredValue {
  secretString?: string | undefined;
  secretBinary?: string | undefined;
}

export function versionById(secret: StoredSecret, versionId: string): StoredVersion | undefined {
  return secret.versions.find((version) => version.versionId === versionId);
}

export function versionWithStage(secret: StoredSecret, stage: string): StoredVersion | undefined {
  return secret.versions.find((version) => version.stages.includes(stage));
}

export function hasValue(version: StoredVersion): boolean {
  return version.secretString !== undefined || version.secretBinary !== undefined;
}

function sameValue(version: StoredVersion, value: StoredValue): boolean {
  return version.secretString === value.secretString && version.secretBinary === value.secretBinary;
}

/** Labels by version id, for versions that have any (deprecated ones are left out). */
export function versionsToStages(secret: StoredSecret): Record<string, string[]> | undefined {
  const map: Record<string, string[]> = {};
  let any = false;
  for (const version of secret.versions) {
    if (version.stages.length === 0) continue;
    map[version.versionId] = [...version.stages];
    any = true;
  }
  return any ? map : undefined;
}

export interface PutVersionResult {
  version: StoredVersion;
  /** False when the token named an existing version with the same value: nothing changed. */
  created: boolean;
}

/**
 * Stores a value as the version `versionId` and attaches `stages` to it. A version that already
 * exists is left alone when its value is the same, filled in when it is a rotation's placeholder
 * (no value yet), and refused otherwise.
 */
export function putVersion(
  secret: StoredSecret,
  versionId: string,
  value: StoredValue,
  stages: readonly string[],
  now: number,
): PutVersionResult {
  if (stages.length > MAX_STAGES_PER_VERSION) {
    throw fail.limitExceeded(`A version can have at most ${MAX_STAGES_PER_VERSION} labels.`);
  }
  let version = versionById(secret, versionId);
  if (version !== undefined && hasValue(version)) {
    if (sameValue(version, value)) return { version, created: false };
    throw fail.exists(
      "The ClientRequestToken is already the id of a version of this secret, with another value.",
    );
  }
  if (version === undefined) {
    version = { versionId, stages: [], createdDate: now };
    secret.versions.push(version);
  }
  if (value.secretString !== undefined) version.secretString = value.secretString;
  if (value.secretBinary !== undefined) version.secretBinary = value.secretBinary;
  const formerCurrent = versionWithStage(secret, AWSCURRENT);
  for (const stage of stages) attachStage(secret, stage, version);
  if (versionWithStage(secret, AWSCURRENT) === undefined) attachStage(secret, AWSCURRENT, version);
  if (formerCurrent !== undefined && !formerCurrent.stages.includes(AWSCURRENT)) {
    detachStage(formerCurrent, AWSPENDING);
  }
  secret.lastChangedDate = now;
  pruneVersions(secret, now);
  return { version, created: true };
}

/** Moves `stage` onto `target`, and AWSPREVIOUS along with AWSCURRENT. */
export function attachStage(secret: StoredSecret, stage: string, target: StoredVersion): void {
  if (target.stages.includes(stage)) return;
  if (target.stages.length >= MAX_STAGES_PER_VERSION) {
    throw fail.limitExceeded(`A version can have at most ${MAX_STAGES_PER_VERSION} labels.`);
  }
  const previous = versionWithStage(secret, stage);
  if (previous !== undefined) detachStage(previous, stage);
  target.stages.push(stage);
  if (stage === AWSCURRENT && previous !== undefined) {
    const holder = versionWithStage(secret, AWSPREVIOUS);
    if (holder !== undefined) detachStage(holder, AWSPREVIOUS);
    previous.stages.push(AWSPREVIOUS);
  }
}

export function detachStage(version: StoredVersion, stage: string): void {
  version.stages = version.stages.filter((label) => label !== stage);
}

/** Removes the oldest deprecated versions beyond the service's limit of 100. */
function pruneVersions(secret: StoredSecret, now: number): void {
  let excess = secret.versions.length - MAX_VERSIONS;
  if (excess <= 0) return;
  secret.versions = secret.versions.filter((version) => {
    const removable = version.stages.length === 0 && version.createdDate <= now - DAY;
    if (excess > 0 && removable) {
      excess -= 1;
      return false;
    }
    return true;
  });
}
