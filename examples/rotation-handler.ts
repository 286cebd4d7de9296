/**
 * A rotation Lambda for a PostgreSQL user's password, single user: each rotation gives the
 * user in the secret a new random password. The toolkit runs Secrets Manager's four steps
 * (createSecret, setSecret, testSecret, finishSecret), retries and resumed rotations included;
 * the adapter does the SQL. See docs/rotation.md.
 *
 * The secret is JSON in AWS's structure for database secrets:
 * `{"engine":"postgres","host":"...","port":5432,"username":"orders","password":"...","dbname":"orders"}`.
 *
 * The client is made at the first invocation from the Lambda's environment (Region,
 * credentials, and `AWS_ENDPOINT_URL_SECRETS_MANAGER` when set, as in the tests).
 * `PGSSLMODE=disable` turns TLS off, for a database without it (the tests' local server).
 *
 * For two users taking turns (no connection ever refused while clients catch up), use
 * `alternatingUsers(database)` and name the superuser's secret under `masterarn`.
 */
import { createRotationHandler, singleUser } from "secretsmanager-ts/rotation";
import { postgresAdapter } from "secretsmanager-ts/rotation/postgres";

const database = postgresAdapter({ ssl: process.env["PGSSLMODE"] !== "disable" });

export const handler = createRotationHandler(singleUser(database));
