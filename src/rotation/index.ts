/**
 * `secretsmanager-ts/rotation`: rotation functions that run Secrets Manager's four-step
 * protocol correctly, retries and resumed rotations included. You bring an adapter that logs in
 * to your database and changes a password; `secretsmanager-ts/rotation/postgres` is one.
 *
 * ```ts
 * import { createRotationHandler, singleUser } from "secretsmanager-ts/rotation";
 * import { postgresAdapter } from "secretsmanager-ts/rotation/postgres";
 *
 * export const handler = createRotationHandler(singleUser(postgresAdapter()));
 * ```
 *
 * The root import (`secretsmanager-ts`) never loads this module.
 */
export { alternatingUsers } from "./alternating-users";
export type {
  DatabaseAdapter,
  DatabaseCredentials,
  SingleUserAdapter,
} from "./credentials";
export type { RotationEvent, RotationStep } from "./event";
export {
  createRotationHandler,
  type RotationHandlerOptions,
  type RotationLambdaHandler,
} from "./handler";
export { RotationError } from "./rotation-error";
export { singleUser } from "./single-user";
export type { RotationStrategy, SetSecretContext } from "./strategy";
