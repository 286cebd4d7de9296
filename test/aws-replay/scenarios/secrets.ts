/**
 * The life of a secret: create, read, update, delete, restore, recreate; dates; binary values;
 * resource policies; random passwords. Each scenario follows one recorded test's calls, in our
 * own words; `expect` compares an answer with the entry the test recorded under that key, and
 * `check` states one of the test's assertions.
 */
import { rawJson } from "../answer-form";
import type { Scenario } from "../replay";
import { bodyOf, errorCode, field, listAll } from "./steps";

const PREFIX = "TestSecretsManager::";

const createAndUpdate = (name: string): Scenario => ({
  test: `${PREFIX}test_create_and_update_secret[${name}]`,
  async run(replay) {
    const created = await replay.call("CreateSecret", {
      Name: name,
      SecretString: "my_secret",
      Description: "Testing secret creation.",
    });
    replay.expect("create_secret_rs_1", created);
    const arn = field(created, "ARN");
    replay.expect("get_secret_value_rs_1", await replay.call("GetSecretValue", { SecretId: name }));
    replay.expect("describe_secret_rs_1", await replay.call("DescribeSecret", { SecretId: name }));
    replay.expect("get_secret_value_rs_2", await replay.call("GetSecretValue", { SecretId: arn }));
    // The ARN without its six-character suffix names the secret too.
    const partial = arn.slice(0, -7);
    replay.expect(
      "get_secret_value_rs_3",
      await replay.call("GetSecretValue", { SecretId: partial }),
    );
    replay.expect(
      "put_secret_value_rs_1",
      await replay.call("PutSecretValue", { SecretId: name, SecretString: "new_secret" }),
    );
    replay.expect("get_secret_value_rs_4", await replay.call("GetSecretValue", { SecretId: name }));
    replay.expect(
      "update_secret_res_1",
      await replay.call("UpdateSecret", {
        SecretId: arn,
        SecretString: "test123",
        Description: "d1",
      }),
    );
    replay.expect(
      "delete_secret_res_1",
      await replay.call("DeleteSecret", { SecretId: name, ForceDeleteWithoutRecovery: true }),
    );
  },
});

const restore: Scenario = {
  test: `${PREFIX}test_secret_restore`,
  async run(replay) {
    const name = replay.newName();
    await replay.call("CreateSecret", {
      Name: name,
      SecretString: "my_secret",
      Description: "test description",
    });
    replay.expect("delete_secret_res", await replay.call("DeleteSecret", { SecretId: name }));
    replay.expect("restore_secret_res", await replay.call("RestoreSecret", { SecretId: name }));
  },
};

const createOverScheduledDeletion: Scenario = {
  test: `${PREFIX}test_exp_raised_on_creation_of_secret_scheduled_for_deletion`,
  async run(replay) {
    const input = { Name: replay.newName(), SecretString: `secretstr-${replay.newName("")}` };
    await replay.call("CreateSecret", input);
    replay.expect(
      "delete_res",
      await replay.call("DeleteSecret", { SecretId: input.Name, RecoveryWindowInDays: 7 }),
    );
    replay.expect("invalid_req_ex", await replay.call("CreateSecret", input));
  },
};

const recreateAfterForcedDelete: Scenario = {
  test: `${PREFIX}test_can_recreate_delete_secret`,
  async run(replay) {
    const input = { Name: replay.newName(), SecretString: `secretstr-${replay.newName("")}` };
    replay.expect("create_secret_res_0", await replay.call("CreateSecret", input));
    replay.expect(
      "delete_res_1",
      await replay.call("DeleteSecret", { SecretId: input.Name, ForceDeleteWithoutRecovery: true }),
    );
    replay.expect("create_secret_res_1", await replay.call("CreateSecret", input));
  },
};

const exists: Scenario = {
  test: `${PREFIX}test_secret_exists`,
  async run(replay) {
    const name = replay.newName();
    const input = {
      Name: name,
      SecretString: `my_secret_${name}`,
      Description: "Testing secret already exists.",
    };
    const arn = field(await replay.call("CreateSecret", input), "ARN");
    const listed = await listAll(replay);
    replay.check(
      "the new secret is listed once, with the ARN CreateSecret gave",
      listed.names.filter((listedName) => listedName === name).length === 1 &&
        listed.arns.includes(arn),
      `listed ${JSON.stringify(listed.names)}`,
    );
    const again = await replay.call("CreateSecret", input);
    const message = String(bodyOf(again)["Message"] ?? bodyOf(again)["message"]);
    replay.check(
      "creating it again is ResourceExistsException, HTTP 400, in AWS's words",
      errorCode(again) === "ResourceExistsException" &&
        again.status === 400 &&
        message === `The operation failed because the secret ${name} already exists.`,
      `HTTP ${again.status} ${again.text}`,
    );
  },
};

const existsRecorded: Scenario = {
  test: `${PREFIX}test_secret_exists_snapshots`,
  async run(replay) {
    const name = replay.newName();
    const input = {
      Name: name,
      SecretString: `my_secret_${name}`,
      Description: "Snapshot testing secret already exists.",
    };
    await replay.call("CreateSecret", input);
    replay.expect("ex_log", await replay.call("CreateSecret", input));
    replay.expect(
      "delete_secret_res",
      await replay.call("DeleteSecret", { SecretId: name, ForceDeleteWithoutRecovery: true }),
    );
  },
};

const forceDeleteMissing: Scenario = {
  test: `${PREFIX}test_delete_non_existent_secret_returns_as_if_secret_exists`,
  async run(replay) {
    const name = replay.newName();
    const answer = await replay.call("DeleteSecret", {
      SecretId: name,
      ForceDeleteWithoutRecovery: true,
    });
    const body = bodyOf(answer);
    replay.check(
      "a forced delete of a secret that does not exist answers as if it did",
      answer.status === 200 &&
        body["Name"] === name &&
        typeof body["ARN"] === "string" &&
        body["DeletionDate"] !== undefined,
      `HTTP ${answer.status} ${answer.text}`,
    );
  },
};

const forceDeleteScheduled: Scenario = {
  test: `${PREFIX}test_force_delete_deleted_secret`,
  async run(replay) {
    const name = replay.newName();
    const created = await replay.call("CreateSecret", {
      Name: name,
      SecretString: `secretstr-${replay.newName("")}`,
    });
    replay.expect("create_secret_response", created);
    const arn = field(created, "ARN");
    replay.expect("delete_secret_response", await replay.call("DeleteSecret", { SecretId: arn }));
    replay.expect(
      "describe_secret_response",
      await replay.call("DescribeSecret", { SecretId: arn }),
    );
    replay.expect(
      "force_delete_secret_response",
      await replay.call("DeleteSecret", { SecretId: arn, ForceDeleteWithoutRecovery: true }),
    );
  },
};

const valueAfterEmptyCreate: Scenario = {
  test: `${PREFIX}test_create_secret_version_from_empty_secret`,
  async run(replay) {
    const created = await replay.call("CreateSecret", {
      Name: replay.newName("test-version-"),
      Description: "",
    });
    replay.expect("create-empty-secret", created);
    const arn = field(created, "ARN");
    replay.expect("describe-secret", await replay.call("DescribeSecret", { SecretId: arn }));
    replay.expect(
      "put-secret-value",
      await replay.call("PutSecretValue", {
        SecretId: arn,
        SecretString: "example-string-to-protect",
      }),
    );
  },
};

const description: Scenario = {
  test: `${PREFIX}test_update_secret_description`,
  async run(replay) {
    const name = replay.newName();
    const describe = () => replay.call("DescribeSecret", { SecretId: name });
    const update = (input: Record<string, unknown>) =>
      replay.call("UpdateSecret", { SecretId: name, ...input });
    replay.expect(
      "create_secret_rs_0",
      await replay.call("CreateSecret", { Name: name, SecretString: "MySecretString" }),
    );
    replay.expect("describe_secret_res_0", await describe());
    replay.expect("update_secret_res_0", await update({ Description: "MyDescription" }));
    replay.expect("describe_secret_res_1", await describe());
    replay.expect(
      "update_secret_res_1",
      await update({ SecretString: "MyNewSecretString", Description: "MyNewDescription" }),
    );
    replay.expect("describe_secret_res_2", await describe());
    replay.expect(
      "update_secret_res_2",
      await update({ SecretString: "MyNewSecretString".repeat(2) }),
    );
    replay.expect("describe_secret_res_3", await describe());
    // Nothing to change: no new version, nothing else moves.
    replay.expect("update_secret_res_3", await update({}));
    replay.expect("describe_secret_res_4", await describe());
    replay.expect(
      "delete_secret_res_0",
      await replay.call("DeleteSecret", { SecretId: name, ForceDeleteWithoutRecovery: true }),
    );
  },
};

const lastChanged: Scenario = {
  test: `${PREFIX}test_last_updated_date`,
  async run(replay) {
    const name = replay.newName();
    const changedAt = async () => {
      const value = bodyOf(await replay.call("DescribeSecret", { SecretId: name }))[
        "LastChangedDate"
      ];
      return typeof value === "number" ? value : Number.NaN;
    };
    await replay.call("CreateSecret", { Name: name, SecretString: "MySecretValue" });
    const created = await changedAt();
    const valueCreated = bodyOf(await replay.call("GetSecretValue", { SecretId: name }))[
      "CreatedDate"
    ];
    replay.check(
      "CreateSecret sets LastChangedDate, and the value's CreatedDate agrees with it",
      Number.isFinite(created) &&
        typeof valueCreated === "number" &&
        Math.abs(valueCreated - created) <= Math.max(valueCreated, created) &&
        (await changedAt()) === created,
      `LastChangedDate ${created}, CreatedDate ${String(valueCreated)}`,
    );
    const update = async (value: string) => {
      await replay.target.passTime();
      await replay.call("UpdateSecret", { SecretId: name, SecretString: value });
      return changedAt();
    };
    const first = await update("MyNewSecretValue");
    replay.check("UpdateSecret with a new value moves LastChangedDate on", first > created);
    const second = await update("MyNewSecretValue");
    replay.check(
      "UpdateSecret with the same value again still moves LastChangedDate on",
      second > first,
      `${second} after ${first}`,
    );
    const third = await update("MyVeryNewSecretValue");
    replay.check("a third UpdateSecret leaves LastChangedDate after creation", third > created);
  },
};

const lastAccessed: Scenario = {
  test: `${PREFIX}test_last_accessed_date`,
  async run(replay) {
    // The access date is kept by the day: should the day change between the two reads, the
    // recorded test reads once more on the new day, and so does this.
    for (let attempt = 0; attempt < 2; attempt++) {
      const name = replay.newName();
      const accessed = async () =>
        bodyOf(await replay.call("DescribeSecret", { SecretId: name }))["LastAccessedDate"];
      await replay.call("CreateSecret", { Name: name, SecretString: "MySecretValue" });
      const neverRead = await accessed();
      const day = new Date().toISOString().slice(0, 10);
      await replay.call("GetSecretValue", { SecretId: name });
      const first = await accessed();
      await replay.call("GetSecretValue", { SecretId: name });
      const second = await accessed();
      if (attempt === 0 && new Date().toISOString().slice(0, 10) !== day) continue;
      replay.check("a secret never read has no LastAccessedDate", neverRead === undefined);
      replay.check("GetSecretValue sets LastAccessedDate", typeof first === "number");
      replay.check(
        "a second read the same day leaves LastAccessedDate as it was",
        first === second,
        `${String(first)} then ${String(second)}`,
      );
      return;
    }
  },
};

const binary: Scenario = {
  test: `${PREFIX}test_get_secret_value`,
  async run(replay) {
    const name = replay.newName();
    // boto3 sends a string given as SecretBinary as its UTF-8 bytes.
    const created = await replay.call("CreateSecret", { Name: name, SecretBinary: "footest" });
    replay.expect(
      "secret_value_response",
      await replay.call("GetSecretValue", { SecretId: field(created, "ARN") }),
    );
    // The same read as plain HTTP: the bytes stay base64 text; the recorder turned CreatedDate
    // into `datetime`.
    const raw = rawJson(await replay.call("GetSecretValue", { SecretId: name }));
    const form = typeof raw === "object" && raw !== null ? { ...raw } : raw;
    if (typeof form === "object" && form !== null && "CreatedDate" in form) {
      (form as Record<string, unknown>)["CreatedDate"] = "datetime";
    }
    replay.expectForm("secret_value_http_response", form);
  },
};

const POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: "*",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
    },
  ],
};

const resourcePolicy: Scenario = {
  test: `${PREFIX}test_resource_policy`,
  async run(replay) {
    const name = replay.newName();
    await replay.call("CreateSecret", {
      Name: name,
      SecretString: "my_secret",
      Description: "testing creation of secrets",
    });
    replay.expect(
      "put_resource_policy",
      await replay.call("PutResourcePolicy", {
        SecretId: name,
        ResourcePolicy: JSON.stringify(POLICY),
      }),
    );
    replay.expect(
      "get_resource_policy",
      await replay.call("GetResourcePolicy", { SecretId: name }),
    );
    const deleted = await replay.call("DeleteResourcePolicy", { SecretId: name });
    replay.check("DeleteResourcePolicy answers HTTP 200", deleted.status === 200, deleted.text);
  },
};

const randomPassword: Scenario = {
  test: `${PREFIX}test_get_random_exclude_characters_and_symbols`,
  async run(replay) {
    const excluded = "xyzDje@?!.";
    const answer = await replay.call("GetRandomPassword", {
      PasswordLength: 120,
      ExcludeCharacters: excluded,
    });
    const password = field(answer, "RandomPassword");
    replay.check(
      "120 characters, none of them excluded",
      password.length === 120 && ![...password].some((character) => excluded.includes(character)),
      answer.text.slice(0, 200),
    );
  },
};

export const SECRET_SCENARIOS: readonly Scenario[] = [
  ...["s-c64bdc03", "Valid/_+=.@-Name", "Valid/_+=.@-Name-a1b2", "Valid/_+=.@-Name-a1b2c3-"].map(
    createAndUpdate,
  ),
  restore,
  createOverScheduledDeletion,
  recreateAfterForcedDelete,
  exists,
  existsRecorded,
  forceDeleteMissing,
  forceDeleteScheduled,
  valueAfterEmptyCreate,
  description,
  lastChanged,
  lastAccessed,
  binary,
  resourcePolicy,
  randomPassword,
];
