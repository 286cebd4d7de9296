/**
 * `secretsmanager-ts/local`: an in-process Secrets Manager for tests and demos. It speaks the
 * service's wire protocol on a local port, so any client works against it: this package's,
 * the AWS SDK's, the AWS CLI.
 *
 * ```ts
 * import { startLocalSecretsManager } from "secretsmanager-ts/local";
 *
 * const local = await startLocalSecretsManager();
 * const client = new SecretsManager({
 *   endpoint: local.endpoint,
 *   region: "us-east-1",
 *   credentials: { accessKeyId: "test", secretAccessKey: "test" },
 * });
 * // ...
 * await local.close();
 * ```
 *
 * The root import (`secretsmanager-ts`) never loads this module.
 */
import { invokeOperation, type OperationContext } from "./operations/index";
import { openStateFile, writeSnapshot } from "./persist";
import { type RotationHandler, RotationRunner } from "./rotation";
import { startServer } from "./server";
import { type SigningCredentials, verifySignature } from "./signature";
import { SecretStore } from "./store";

export type { RotationEvent, RotationHandler, RotationStep } from "./rotation";
export type { SigningCredentials } from "./signature";

/** The options of {@link startLocalSecretsManager}. */
export interface LocalSecretsManagerOptions {
  /**
   * The port to listen on; 0 picks a free one (read it from `endpoint`).
   * @default 0
   */
  port?: number | undefined;
  /**
   * The address to listen on. Anything but a loopback address exposes the secrets to the network.
   * @default "127.0.0.1"
   */
  host?: string | undefined;
  /**
   * The Region the emulator plays: it appears in ARNs and must be the Region requests are signed for
   * (when `credentials` is set).
   * @default "us-east-1"
   */
  region?: string | undefined;
  /**
   * The account id in ARNs.
   * @default "123456789012"
   */
  accountId?: string | undefined;
  /**
   * When set, every request must carry a valid SigV4 signature made with these credentials;
   * others are refused as the service refuses them. Rotation handlers get a client signed with
   * them.
   * @default no signature check
   */
  credentials?: SigningCredentials | undefined;
  /**
   * A JSON file to keep the state in: read at start when it exists, rewritten atomically after
   * every change, before the change is acknowledged. The file holds secret values in clear text
   * (mode 0600). The start fails, with an error naming the file, when its directory is missing
   * or takes no new files, or when the file is not a state file this emulator wrote.
   * @default state kept in memory only
   */
  persistPath?: string | undefined;
  /** Rotation handlers by Lambda ARN; see {@link LocalSecretsManager.setRotationHandler}. */
  rotationHandlers?: Record<string, RotationHandler> | undefined;
  /**
   * The emulator's clock, for dates and recovery windows. Tests move it forward to see a
   * scheduled deletion take effect. Signatures are always checked against the real clock.
   * @default () => new Date()
   */
  now?: (() => Date) | undefined;
}

/** A running emulator, as {@link startLocalSecretsManager} returns it. */
export interface LocalSecretsManager {
  /** `http://127.0.0.1:PORT`: pass it as the client's `endpoint`. */
  readonly endpoint: string;
  /** The Region the emulator plays. */
  readonly region: string;
  /** Stops the server, dropping open connections, and closes the rotation handlers' client. */
  close(): Promise<void>;
  /** Forgets every secret (and, with `persistPath`, writes the empty state). */
  reset(): void;
  /**
   * Registers the in-process rotation function for a Lambda ARN (or removes it, given
   * `undefined`). RotateSecret on a secret whose RotationLambdaARN is `lambdaArn` runs it.
   */
  setRotationHandler(lambdaArn: string, handler: RotationHandler | undefined): void;
}

const LOCAL_CREDENTIALS: SigningCredentials = { accessKeyId: "local", secretAccessKey: "local" };

/** Starts an emulator; resolves once it is listening. */
export async function startLocalSecretsManager(
  options: LocalSecretsManagerOptions = {},
): Promise<LocalSecretsManager> {
  const region = options.region ?? "us-east-1";
  const accountId = options.accountId ?? "123456789012";
  const { credentials } = options;
  const clock = options.now;
  const store = new SecretStore(
    region,
    accountId,
    clock === undefined ? Date.now : () => clock().getTime(),
  );
  // Checked before listening, so a path that cannot work fails the start, not every request.
  const stateFile =
    options.persistPath === undefined ? undefined : openStateFile(options.persistPath);
  if (stateFile?.snapshot !== undefined) store.load(stateFile.snapshot);
  let persisted = store.revision;
  const persist = () => {
    if (stateFile === undefined || store.revision === persisted) return;
    const revision = store.revision;
    writeSnapshot(stateFile.path, store.snapshot());
    persisted = revision;
  };

  let endpoint = "";
  const rotation = new RotationRunner(
    () => ({ endpoint, region, credentials: credentials ?? LOCAL_CREDENTIALS }),
    options.rotationHandlers,
  );
  const context: OperationContext = { store, rotation, rotating: new Set() };
  const server = await startServer(
    {
      authenticate:
        credentials === undefined
          ? undefined
          : (request) => verifySignature(request, credentials, region, Date.now()),
      async invoke(operation, input) {
        try {
          return await invokeOperation(operation, input, context);
        } finally {
          persist();
        }
      },
    },
    { host: options.host ?? "127.0.0.1", port: options.port ?? 0 },
  );
  endpoint = server.endpoint;

  return {
    endpoint,
    region,
    async close() {
      await server.close();
      await rotation.close();
    },
    reset() {
      store.clear();
      persist();
    },
    setRotationHandler(lambdaArn, handler) {
      rotation.set(lambdaArn, handler);
    },
  };
}
