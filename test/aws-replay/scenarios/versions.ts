/**
 * Versions and staging labels. These recorded tests are all the same kind of walk through one
 * secret's versions, so they are written as data: each step names the recorded key it is
 * compared with and what it does, versions being numbered in the order they were made (0 is
 * the one CreateSecret made).
 */
import type { Answer } from "../answer-form";
import type { Replay, Scenario } from "../replay";
import { field } from "./steps";

type Step =
  /** CreateSecret with this value: version 0. */
  | { key: string; create: string }
  /** PutSecretValue with this value (and labels), making the next version. */
  | { key: string; put: string; stages?: string[] }
  /** UpdateSecret with this value, making the next version. */
  | { key: string; update: string }
  /** ListSecretVersionIds. */
  | { key: string; list: true; deprecated?: true }
  /** GetSecretValue, of AWSCURRENT or of the version with this number. */
  | { key: string; get: "current" | number }
  /** UpdateSecretVersionStage: move `stage` from one version to another, or off one. */
  | { key: string; move: string; from?: number; to?: number }
  /** DeleteSecret with ForceDeleteWithoutRecovery. */
  | { key: string; forceDelete: true };

async function walk(replay: Replay, steps: readonly Step[]): Promise<void> {
  const name = replay.newName();
  const versions: string[] = [];
  const made = (answer: Answer) => {
    versions.push(field(answer, "VersionId"));
    return answer;
  };
  const id = (index: number | undefined) => (index === undefined ? undefined : versions[index]);
  for (const step of steps) {
    let answer: Answer;
    if ("create" in step) {
      answer = made(await replay.call("CreateSecret", { Name: name, SecretString: step.create }));
    } else if ("put" in step) {
      answer = made(
        await replay.call("PutSecretValue", {
          SecretId: name,
          SecretString: step.put,
          VersionStages: step.stages,
        }),
      );
    } else if ("update" in step) {
      answer = made(
        await replay.call("UpdateSecret", { SecretId: name, SecretString: step.update }),
      );
    } else if ("list" in step) {
      answer = await replay.call("ListSecretVersionIds", {
        SecretId: name,
        IncludeDeprecated: step.deprecated,
      });
    } else if ("get" in step) {
      answer = await replay.call("GetSecretValue", {
        SecretId: name,
        VersionId: step.get === "current" ? undefined : versions[step.get],
      });
    } else if ("move" in step) {
      answer = await replay.call("UpdateSecretVersionStage", {
        SecretId: name,
        VersionStage: step.move,
        RemoveFromVersionId: id(step.from),
        MoveToVersionId: id(step.to),
      });
    } else {
      answer = await replay.call("DeleteSecret", {
        SecretId: name,
        ForceDeleteWithoutRecovery: true,
      });
    }
    replay.expect(step.key, answer);
  }
}

const walkOf = (test: string, steps: readonly Step[]): Scenario => ({
  test: `TestSecretsManager::${test}`,
  run: (replay) => walk(replay, steps),
});

export const VERSION_SCENARIOS: readonly Scenario[] = [
  walkOf("test_put_secret_value_with_version_stages", [
    { key: "create_secret_rs_0", create: "secret_string_v0" },
    { key: "get_secret_value_res_0", get: "current" },
    {
      key: "put_secret_value_res_1",
      put: "secret_string_v1",
      stages: ["SAMPLESTAGE1", "SAMPLESTAGE0"],
    },
    { key: "get_secret_value_res_1", get: "current" },
    // The same two labels again: they move to the new version.
    {
      key: "put_secret_value_res_2",
      put: "secret_string_v2",
      stages: ["SAMPLESTAGE1", "SAMPLESTAGE0"],
    },
    { key: "get_secret_value_res_2", get: "current" },
    { key: "put_secret_value_res_3", put: "secret_string_v3", stages: ["AWSPENDING"] },
    { key: "get_secret_value_res_3", get: "current" },
    { key: "put_secret_value_res_4", put: "secret_string_v4" },
    { key: "get_secret_value_res_4", get: "current" },
    { key: "delete_secret_res_1", forceDelete: true },
  ]),
  walkOf("test_update_secret_version_stages_return_type", [
    { key: "create_secret_rs_0", create: "Something1" },
    { key: "put_secret_value_res_0", put: "Something2", stages: ["AWSPENDING"] },
    { key: "update_secret_version_stage_res_0", move: "AWSCURRENT", from: 0, to: 1 },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
  walkOf("test_update_secret_version_stages_current_previous", [
    { key: "create_secret_rs_0", create: "secret_string_v0" },
    { key: "list_secret_version_ids_res_0", list: true },
    { key: "update_secret_res_0", update: "secret_string_v1" },
    { key: "list_secret_version_ids_res_1", list: true },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
  // AWSCURRENT moves onto the AWSPENDING version; a plain PutSecretValue after that leaves the
  // old version AWSPREVIOUS only.
  walkOf("test_update_secret_version_stages_current_pending", [
    { key: "create_secret_rs_0", create: "Something1" },
    { key: "put_secret_value_res_0", put: "Something2", stages: ["AWSPENDING"] },
    { key: "list_secret_version_ids_res_0", list: true },
    { key: "update_secret_version_stage_res_0", move: "AWSCURRENT", from: 0, to: 1 },
    { key: "list_secret_version_ids_res_1", list: true },
    { key: "put_secret_value_res_1", put: "SS3" },
    { key: "list_secret_version_ids_res_2", list: true },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
  walkOf("test_update_secret_version_stages_current_pending_cycle", [
    { key: "create_secret_rs_0", create: "S1" },
    { key: "put_secret_value_res_0", put: "S2", stages: ["AWSPENDING"] },
    { key: "list_secret_version_ids_res_0", list: true },
    { key: "get_secret_value_res_0", get: "current" },
    { key: "update_secret_version_stage_res_0", move: "AWSCURRENT", from: 0, to: 1 },
    { key: "list_secret_version_ids_res_1", list: true },
    { key: "get_secret_value_res_1", get: "current" },
    { key: "put_secret_value_res_1", put: "S3", stages: ["AWSPENDING"] },
    { key: "list_secret_version_ids_res_2", list: true },
    { key: "get_secret_value_res_2", get: "current" },
    { key: "put_secret_value_res_2", move: "AWSCURRENT", from: 1, to: 2 },
    { key: "list_secret_version_ids_res_3", list: true },
    { key: "get_secret_value_res_3", get: "current" },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
  walkOf("test_update_secret_version_stages_current_pending_cycle_custom_stages_1", [
    { key: "create_secret_rs_0", create: "S1" },
    { key: "put_secret_value_res_0", put: "S2", stages: ["AWSSOMETHING", "AWSPENDING", "PUT1"] },
    { key: "list_secret_version_ids_res_0", list: true },
    { key: "get_secret_value_res_0", get: "current" },
    { key: "update_secret_version_stage_res_0", move: "AWSCURRENT", from: 0, to: 1 },
    { key: "list_secret_version_ids_res_1", list: true },
    { key: "get_secret_value_res_1", get: "current" },
    { key: "put_secret_value_res_1", put: "S3", stages: ["AWSPENDING", "PUT2"] },
    { key: "list_secret_version_ids_res_2", list: true },
    { key: "get_secret_value_res_2", get: "current" },
    { key: "update_secret_version_stage_res_1", move: "AWSCURRENT", from: 1, to: 2 },
    { key: "list_secret_version_ids_res_3", list: true },
    { key: "get_secret_value_res_3", get: "current" },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
  walkOf("test_update_secret_version_stages_current_pending_cycle_custom_stages_2", [
    { key: "create_secret_rs_0", create: "SS" },
    { key: "put_secret_value_res_0", put: "S1", stages: ["AWSCURRENT", "PUT0"] },
    { key: "list_secret_version_ids_res_0", list: true },
    { key: "put_secret_value_res_1", put: "S2", stages: ["AWSPENDING", "PUT1"] },
    { key: "list_secret_version_ids_res_1", list: true },
    { key: "get_secret_value_res_0", get: "current" },
    { key: "update_secret_version_stage_res_0", move: "AWSCURRENT", from: 1, to: 2 },
    { key: "list_secret_version_ids_res_2", list: true },
    { key: "get_secret_value_res_1", get: "current" },
    { key: "put_secret_value_res_2", put: "S3", stages: ["AWSPENDING", "PUT2"] },
    { key: "list_secret_version_ids_res_3", list: true },
    { key: "get_secret_value_res_2", get: "current" },
    { key: "update_secret_version_stage_res_1", move: "AWSCURRENT", from: 2, to: 3 },
    { key: "list_secret_version_ids_res_4", list: true },
    { key: "get_secret_value_res_3", get: "current" },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
  walkOf("test_update_secret_version_stages_current_pending_cycle_custom_stages_3", [
    { key: "create_secret_rs", create: "SS" },
    { key: "put_secret_value_res_0", put: "S1", stages: ["PENDING"] },
    { key: "list_secret_version_ids_rs", list: true },
    { key: "get_secret_value_v1_rs", get: 0 },
    { key: "get_secret_value_v2_rs", get: 1 },
    { key: "update_secret_version_stage_res_1", move: "AWSCURRENT", from: 0, to: 1 },
    { key: "get_secret_value_v1_rs_1", get: 0 },
    { key: "get_secret_value_v2_rs_1", get: 1 },
    { key: "update_secret_version_stage_res_2", move: "PENDING", from: 1 },
    { key: "get_secret_value_v1_rs_2", get: 0 },
    { key: "get_secret_value_v2_rs_2", get: 1 },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
  walkOf("test_deprecated_secret_version_stage", [
    { key: "create_secret", create: "original" },
    { key: "list_secret_version_ids", list: true },
    { key: "put_secret_value_1", put: "update1" },
    { key: "list_secret_version_ids_1", list: true },
    { key: "put_secret_value_2", put: "update2" },
    { key: "list_secret_version_ids_2", list: true },
    { key: "list_secret_version_ids_3", list: true, deprecated: true },
    { key: "put_secret_value_3", put: "update3" },
    { key: "list_secret_version_ids_4", list: true },
    { key: "list_secret_version_ids_5", list: true, deprecated: true },
  ]),
  // Labels other than AWSCURRENT: all of them moved away leaves a version deprecated...
  walkOf("test_non_versioning_version_stages_replacement", [
    { key: "create_secret_rs_0", create: "S0" },
    { key: "put_secret_value_res_0", put: "S1", stages: ["one", "two", "three"] },
    { key: "list_secret_version_ids_res_0", list: true },
    { key: "put_secret_value_res_1", put: "S2", stages: ["one", "two", "three", "four"] },
    { key: "list_secret_version_ids_res_1", list: true },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
  // ...and one left behind keeps it listed.
  walkOf("test_non_versioning_version_stages_no_replacement", [
    { key: "create_secret_rs_0", create: "S0" },
    { key: "put_secret_value_res_0", put: "S1", stages: ["one", "two", "three"] },
    { key: "list_secret_version_ids_res_0", list: true },
    { key: "put_secret_value_res_1", put: "S2", stages: ["one", "two", "four"] },
    { key: "list_secret_version_ids_res_1", list: true },
    { key: "delete_secret_res_0", forceDelete: true },
  ]),
];
