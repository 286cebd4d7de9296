/**
 * `SecretsManager`: the client users construct. The 23 operation methods are generated
 * (src/generated/client-methods.ts); this file holds what is written by hand: options, the
 * one send path they share, and closing.
 */
import { inspect } from "node:util";
import { resolveClientConfig } from "./core/client-config";
import { type CredentialsOptions, clientCredentials } from "./core/credentials";
import { AbortError, ConfigurationError, type MetadataBearer } from "./core/errors";
import { createAutoEngine } from "./core/http/auto";
import { createNodeEngine } from "./core/http/node";
import type { HttpEngineFactory } from "./core/http/types";
import { createUndiciEngine } from "./core/http/undici";
import type { Logger, RequestHook } from "./core/logger";
import { clearRegExpResidue } from "./core/regexp-residue";
import type { SettingsOptions } from "./core/settings";
import type { HashConstructor } from "./core/sign";
import { type CallOptions, Transport } from "./core/transport";
import { validateInput } from "./core/validate";
import { SecretsManagerOperations } from "./generated/client-methods";
import { modeledErrors } from "./generated/errors";
import { type OperationName, type OperationTypes, operations } from "./generated/operations";
import { inputSchema } from "./generated/schemas";
import {
  readBinary,
  readJson,
  readString,
  type SecretSchema,
  secretValueInput,
  type VersionSelector,
} from "./secret-value";

export interface SecretsManagerOptions extends SettingsOptions, CredentialsOptions {
  /**
   * Milliseconds one attempt may take, from sending to the end of the response; an attempt
   * that times out is retried. Per call: `{ requestTimeout }`.
   * @default 30000
   */
  requestTimeout?: number | undefined;
  /**
   * Milliseconds to wait for a connection to be established.
   * @default 5000
   */
  connectionTimeout?: number | undefined;
  /**
   * The HTTP engine. `"auto"` starts on node's own client (the cheapest cold start) and moves
   * to an undici pool once the client makes 32 requests within a second, loading undici then,
   * in the background; `"undici"` (fastest for busy services) and `"node"` force one; or pass
   * your own `HttpEngineFactory`.
   * @default "auto"
   */
  http?: "auto" | "undici" | "node" | HttpEngineFactory | undefined;
  /**
   * Most connections open at once to the endpoint; further requests wait for a free one.
   * @default no limit
   */
  maxSockets?: number | undefined;
  /**
   * Most bytes a response body may have. A longer body (or a larger `Content-Length`) closes
   * the connection at once and fails the call with `ResponseTooLargeError`, not retried. The
   * default holds the largest answer the service can give (a BatchGetSecretValue page of 20
   * values of 64 KiB) twice over; a misbehaving endpoint cannot fill the process's memory.
   * @default 16777216 (16 MiB)
   */
  maxResponseBytes?: number | undefined;
  /** Receives one debug line per attempt and a warning on clock-skew correction. Never a body. */
  logger?: Logger | undefined;
  /** Called after every HTTP attempt with its operation, attempt, status, duration and request id. */
  onRequest?: RequestHook | undefined;
  /**
   * The SHA-256 used for signing, as v3's option: pass `Sha256` from `@aws-crypto/sha256-js`
   * for a pure-JS hash.
   * @default a `node:crypto` hash
   */
  sha256?: HashConstructor | undefined;
}

export class SecretsManager extends SecretsManagerOperations {
  readonly #transport: Transport;
  /** The region option as given: until the first call the environment has not been read. */
  readonly #regionOption: string | undefined;
  /** The region requests are signed for, set when the first call resolves the settings. */
  #region: string | undefined;

  constructor(options: SecretsManagerOptions = {}) {
    super();
    checkTimeout("requestTimeout", options.requestTimeout);
    checkTimeout("connectionTimeout", options.connectionTimeout);
    if (
      options.maxSockets !== undefined &&
      !(Number.isInteger(options.maxSockets) && options.maxSockets > 0)
    ) {
      throw new ConfigurationError("maxSockets must be a positive integer");
    }
    if (
      options.maxResponseBytes !== undefined &&
      !(Number.isSafeInteger(options.maxResponseBytes) && options.maxResponseBytes > 0)
    ) {
      throw new ConfigurationError("maxResponseBytes must be a positive integer (bytes)");
    }
    this.#transport = new Transport({
      resolveConfig: async () => {
        const config = await resolveClientConfig(options);
        this.#region = config.region;
        return config;
      },
      // Fetched only when a call signs, after the settings and so the region are resolved.
      credentials: clientCredentials(options, { region: () => this.#region }),
      modeledErrors,
      engine: chooseEngine(options.http),
      maxSockets: options.maxSockets,
      maxResponseBytes: options.maxResponseBytes,
      connectionTimeout: options.connectionTimeout,
      requestTimeout: options.requestTimeout,
      sha256: options.sha256,
      logger: options.logger,
      onRequest: options.onRequest,
    });
    this.#regionOption = options.region;
  }

  protected override async send<K extends OperationName>(
    operation: K,
    input: OperationTypes[K]["input"],
    options: CallOptions | undefined,
  ): Promise<OperationTypes[K]["output"] & MetadataBearer> {
    if (options?.signal?.aborted) throw new AbortError(options.signal.reason);
    try {
      checkTimeout("requestTimeout", options?.requestTimeout);
      validateInput(operation, inputSchema(operation), input);
      const output = await this.#transport.send(operations[operation], input, options);
      return output as OperationTypes[K]["output"] & MetadataBearer;
    } finally {
      // Whatever ran during the call (validation, signing, parsing, an in-process emulator)
      // may have left a payload or a body in RegExp's statics.
      clearRegExpResidue();
    }
  }

  /**
   * The secret's SecretString parsed as JSON and checked by `schema` (a zod schema, or anything
   * with `parse`), typed as the schema's output. A value that is not JSON or does not match is
   * a `SecretFormatError` naming the path and the rule, never the value.
   */
  async getJson<T>(
    secretId: string,
    schema: SecretSchema<T>,
    version?: VersionSelector,
    options?: CallOptions,
  ): Promise<T> {
    const output = await this.getSecretValue(secretValueInput(secretId, version), options);
    return readJson(secretId, output, schema);
  }

  /** The secret's SecretString (a `SecretFormatError` if it holds only a binary value). */
  async getString(
    secretId: string,
    version?: VersionSelector,
    options?: CallOptions,
  ): Promise<string> {
    return readString(
      secretId,
      await this.getSecretValue(secretValueInput(secretId, version), options),
    );
  }

  /** The secret's SecretBinary (a `SecretFormatError` if it holds only a string value). */
  async getBinary(
    secretId: string,
    version?: VersionSelector,
    options?: CallOptions,
  ): Promise<Uint8Array> {
    return readBinary(
      secretId,
      await this.getSecretValue(secretValueInput(secretId, version), options),
    );
  }

  /** Closes the connection pool. Calls made afterwards fail. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  /** The same as {@link close}, under the name v3 uses. */
  destroy(): Promise<void> {
    return this.close();
  }

  /** Shows no option that could hold a credential. */
  [inspect.custom](): string {
    const region = this.#region ?? this.#regionOption;
    return `SecretsManager { region: ${region === undefined ? "(resolved at the first call)" : inspect(region)} }`;
  }
}

/** The `http` option as an engine factory; `"auto"` (the default) is described in http/auto.ts. */
function chooseEngine(http: SecretsManagerOptions["http"]): HttpEngineFactory {
  if (typeof http === "function") return http;
  switch (http ?? "auto") {
    case "auto":
      return createAutoEngine;
    case "node":
      return createNodeEngine;
    case "undici":
      return createUndiciEngine;
    default:
      throw new ConfigurationError(`http must be "auto", "undici", "node" or an engine factory`);
  }
}

function checkTimeout(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`${name} must be a positive number of milliseconds`);
  }
}
