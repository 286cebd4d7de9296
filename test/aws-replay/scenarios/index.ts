/** Every scenario, and the AWS-validated tests that are not replayed, with the reason. */
import type { Scenario } from "../replay";
import { ERROR_SCENARIOS } from "./errors";
import { LISTING_SCENARIOS } from "./listing";
import { ROTATION_SCENARIOS } from "./rotation";
import { SECRET_SCENARIOS } from "./secrets";
import { VERSION_SCENARIOS } from "./versions";

export const SCENARIOS: readonly Scenario[] = [
  ...SECRET_SCENARIOS,
  ...ERROR_SCENARIOS,
  ...VERSION_SCENARIOS,
  ...LISTING_SCENARIOS,
  ...ROTATION_SCENARIOS,
];

/** AWS-validated tests that no scenario replays, and why. */
export const NOT_REPLAYED: Readonly<Record<string, string>> = {
  "TestSecretsManagerMultiAccounts::test_cross_account_access":
    "needs a second account, and its answers turn on the default KMS key: the emulator serves one account and has no KMS",
  "TestSecretsManagerMultiAccounts::test_cross_account_access_non_default_key":
    "needs a second account and a KMS key policy: the emulator serves one account and has no KMS",
  "TestSecretsManager::test_deprecated_secret_version":
    "LocalStack now marks it as checked against LocalStack only: it expects versions past 100 to be pruned whatever their age, where the service (and the emulator) keep those younger than 24 hours",
  "TestSecretsManager::test_rotate_secret_with_lambda_success":
    "its date is from before the test took a parameter; it is replayed as its [True] and [None] cases",
};
