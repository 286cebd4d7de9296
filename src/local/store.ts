/**
 * The emulator's state: secrets with their versions, labels, tags, policy, replicas, rotation
 * settings and deletion dates, and the lookups the operations share.
 *
 * Everything is kept in JSON-ready form (dates as epoch milliseconds, binary values as base64)
 * so that a snapshot is the state itself and persistence needs no conversion. Operations turn
 * these into `Date` and `Uint8Array` when they build an answer.
 */
import { randomInt } from "node:crypto";
import { partitionOf } from "../core/endpoint/partition";
import { partitions } from "../generated/endpoint-rules";
import type {
  ExternalSecretRotationMetadataItem,
  RotationRulesType,
  StatusType,
} from "../generated/types";

export interface StoredVersion {
  versionId: string;
  /** Absent on a rotation's placeholder until the rotation function stores the new value. */
  secretString?: string | undefined;
  /** Base64. */
  secretBinary?: string | undefined;
  /** Staging labels; a version with none is deprecated. */
  stages: string[];
  createdDate: number;
  lastAccessedDate?: number | undefined;
}

export interface StoredTag {
  Key: string;
  Value: string;
}

export interface StoredReplica {
  region: string;
  kmsKeyId?: string | undefined;
  status: StatusType;
  statusMessage?: string | undefined;
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string | undefined;
  kmsKeyId?: string | undefined;
  type?: string | undefined;
  owningService?: string | undefined;
  createdDate: number;
  lastChangedDate: number;
  lastAccessedDate?: number | undefined;
  /** When DeleteSecret was called; present while the secret is scheduled for deletion. */
  deletedDate?: number | undefined;
  /** When a scheduled deletion takes effect. */
  deletionDate?: number | undefined;
  /** `undefined` until rotation is first configured; `false` after CancelRotateSecret. */
  rotationEnabled?: boolean | undefined;
  rotationLambdaArn?: string | undefined;
  rotationRules?: RotationRulesType | undefined;
  externalSecretRotationMetadata?: ExternalSecretRotationMetadataItem[] | undefined;
  externalSecretRotationRoleArn?: string | undefined;
  lastRotatedDate?: number | undefined;
  nextRotationDate?: number | undefined;
  tags: StoredTag[];
  /**
   * Set once the secret has had a tag list (created with Tags, or tagged or untagged since):
   * its answers then show `Tags` even when empty, as the service's do. A secret never tagged
   * shows none.
   */
  tagged?: boolean | undefined;
  /** In creation order, oldest first. */
  versions: StoredVersion[];
  resourcePolicy?: string | undefined;
  replicas: StoredReplica[];
}

/** What persistence writes and reads. */
export interface StoreSnapshot {
  format: 1;
  secrets: StoredSecret[];
}

const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class SecretStore {
  readonly region: string;
  readonly accountId: string;
  readonly now: () => number;
  /** The ARN partition of the region: `aws`, `aws-cn`, `aws-us-gov` and so on. */
  readonly #partition: string;
  readonly #secrets = new Map<string, StoredSecret>();
  #revision = 0;

  constructor(region: string, accountId: string, now: () => number) {
    this.region = region;
    this.accountId = accountId;
    this.now = now;
    this.#partition = partitionOf(partitions, region).name;
  }

  /** Counts changes; the server persists whenever it moved during a request. */
  get revision(): number {
    return this.#revision;
  }

  /** Records that state changed. Every mutation calls it. */
  changed(): void {
    this.#revision += 1;
  }

  /** Every secret, scheduled deletions included, in creation order. */
  all(): StoredSecret[] {
    this.#purgeExpired();
    return [...this.#secrets.values()];
  }

  /**
   * The secret a `SecretId` names: its name, its full ARN, or its ARN without the six-character
   * suffix (a partial ARN).
   */
  find(secretId: string): StoredSecret | undefined {
    this.#purgeExpired();
    const byArn = this.#secrets.get(secretId);
    if (byArn !== undefined) return byArn;
    const isArn = secretId.startsWith("arn:");
    for (const secret of this.#secrets.values()) {
      if (isArn ? partialArn(secret.arn) === secretId : secret.name === secretId) return secret;
    }
    return undefined;
  }

  /** The secret with exactly this name. */
  findByName(name: string): StoredSecret | undefined {
    this.#purgeExpired();
    for (const secret of this.#secrets.values()) if (secret.name === name) return secret;
    return undefined;
  }

  /**
   * A replica named by its ARN in the replica Region (full or partial), with its primary. The
   * emulator serves one Region, so a replica exists only as an entry in its primary's list.
   */
  findReplica(secretId: string): { secret: StoredSecret; replica: StoredReplica } | undefined {
    const region = secretId.split(":")[3];
    if (!secretId.startsWith("arn:") || region === undefined) return undefined;
    for (const secret of this.all()) {
      const replica = secret.replicas.find((entry) => entry.region === region);
      if (replica === undefined) continue;
      const arn = replicaArn(secret.arn, region);
      if (arn === secretId || partialArn(arn) === secretId) return { secret, replica };
    }
    return undefined;
  }

  add(secret: StoredSecret): void {
    this.#secrets.set(secret.arn, secret);
    this.changed();
  }

  remove(secret: StoredSecret): void {
    this.#secrets.delete(secret.arn);
    this.changed();
  }

  /** A new ARN for `name`, with a random six-character suffix as the service adds. */
  newArn(name: string): string {
    for (;;) {
      let suffix = "";
      for (let i = 0; i < 6; i++) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
      const arn = `arn:${this.#partition}:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${suffix}`;
      if (!this.#secrets.has(arn)) return arn;
    }
  }

  snapshot(): StoreSnapshot {
    this.#purgeExpired();
    return { format: 1, secrets: [...this.#secrets.values()] };
  }

  load(snapshot: StoreSnapshot): void {
    this.#secrets.clear();
    for (const secret of snapshot.secrets) this.#secrets.set(secret.arn, secret);
    this.changed();
  }

  clear(): void {
    this.#secrets.clear();
    this.changed();
  }

  /** Deletions whose recovery window has passed take effect when the store is next read. */
  #purgeExpired(): void {
    const now = this.now();
    for (const [arn, secret] of this.#secrets) {
      if (secret.deletionDate !== undefined && secret.deletionDate <= now) {
        this.#secrets.delete(arn);
        this.changed();
      }
    }
  }
}

/** The ARN without its `-XXXXXX` suffix. */
export function partialArn(arn: string): string {
  return arn.slice(0, -7);
}

/** The ARN the replica of a secret has in another Region. */
export function replicaArn(arn: string, region: string): string {
  const parts = arn.split(":");
  parts[3] = region;
  return parts.join(":");
}
