/** ListSecrets (whole listings and filters) and tags. */
import type { Replay, Scenario } from "../replay";
import { field, listAll } from "./steps";

const PREFIX = "TestSecretsManager::";

/**
 * One secret, then three listings of everything. The recorded entries list exactly that secret:
 * they come from a clean account, and so does each replay.
 */
const listedThreeTimes = (test: string, assertion: boolean): Scenario => ({
  test: `${PREFIX}${test}`,
  async run(replay) {
    const name = replay.newName();
    replay.expect(
      "create_secret_rs_1",
      await replay.call("CreateSecret", {
        Name: name,
        SecretString: "my_secret",
        Description: "testing creation of secrets",
      }),
    );
    const counts: number[] = [];
    for (const key of ["list_secrets_res_0", "list_secrets_res_1", "list_secrets_res_2"]) {
      const listed = await listAll(replay);
      counts.push(listed.names.filter((listedName) => listedName === name).length);
      replay.expectForm(key, listed.form);
    }
    if (assertion) {
      replay.check(
        "three listings in a row each show the secret once",
        counts.every((count) => count === 1),
        `counts ${counts.join(", ")}`,
      );
    }
    replay.expect(
      "delete_secret_res_1",
      await replay.call("DeleteSecret", { SecretId: name, ForceDeleteWithoutRecovery: true }),
    );
  },
});

const threeSecretsListed = (test: string, assertion: boolean): Scenario => ({
  test: `${PREFIX}${test}`,
  async run(replay) {
    const names = [replay.newName(""), replay.newName(""), replay.newName("")];
    const arns: string[] = [];
    for (const name of names) {
      const created = await replay.call("CreateSecret", {
        Name: name,
        SecretString: `my_secret_${name}`,
        Description: "Testing secrets creation.",
      });
      arns.push(field(created, "ARN"));
    }
    const listed = await listAll(replay);
    replay.expectForm("list_secrets_res", listed.form);
    if (assertion) {
      replay.check(
        "every secret created is listed, with the ARN it was given",
        names.every((name) => listed.names.includes(name)) &&
          arns.every((arn) => listed.arns.includes(arn)),
        `listed ${JSON.stringify(listed.names)}`,
      );
    }
    for (const [index, name] of names.entries()) {
      replay.expect(
        `delete_secret_res${index}`,
        await replay.call("DeleteSecret", { SecretId: name, ForceDeleteWithoutRecovery: true }),
      );
    }
  },
});

/** The names a filtered ListSecrets finds. */
async function found(replay: Replay, filters: { Key: string; Values: string[] }[]) {
  return new Set((await listAll(replay, { Filters: filters })).names);
}

const filters: Scenario = {
  test: `${PREFIX}test_list_secrets_filtering`,
  async run(replay) {
    const suffix = 10_000 + Math.floor(Math.random() * 90_000);
    const one = `testing1/one-${suffix}`;
    const two = `/testing2/two-${suffix}`;
    const three = `testing3/three-${suffix}`;
    const four = `/testing4/four-${suffix}`;
    const descriptions: [string, string][] = [
      [one, "a secret"],
      [two, "an secret"],
      [three, "asecret"],
      [four, "thesecret"],
    ];
    for (const [name, description] of descriptions) {
      await replay.call("CreateSecret", {
        Name: name,
        SecretString: "secret",
        Description: description,
      });
    }
    const all = [one, two, three, four];
    // Each case: the filters, and the secrets they must find (the others they must not).
    const cases: [string, { Key: string; Values: string[] }[], string[]][] = [
      ["name '/'", [{ Key: "name", Values: ["/"] }], [two, four]],
      ["name '!/'", [{ Key: "name", Values: ["!/"] }], [one, three]],
      [
        "name 'testing1 one' (a prefix, not words)",
        [{ Key: "name", Values: ["testing1 one"] }],
        [],
      ],
      ["description 'a'", [{ Key: "description", Values: ["a"] }], [one, two, three]],
      ["description '!a'", [{ Key: "description", Values: ["!a"] }], [four]],
      [
        "description 'a secret' (word by word)",
        [{ Key: "description", Values: ["a secret"] }],
        [one, two],
      ],
      ["description '!c'", [{ Key: "description", Values: ["!c"] }], all],
      [
        "description 'a' and name 'secret'",
        [
          { Key: "description", Values: ["a"] },
          { Key: "name", Values: ["secret"] },
        ],
        [],
      ],
      [
        "description 'a' and name 'an'",
        [
          { Key: "description", Values: ["a"] },
          { Key: "name", Values: ["an"] },
        ],
        [],
      ],
    ];
    for (const [label, filter, wanted] of cases) {
      const names = await found(replay, filter);
      const wrong = all.filter((name) => names.has(name) !== wanted.includes(name));
      replay.check(`filter ${label}`, wrong.length === 0, `found ${JSON.stringify([...names])}`);
    }
  },
};

const tags: Scenario = {
  test: `${PREFIX}test_secret_tags`,
  async run(replay) {
    const created = await replay.call("CreateSecret", { Name: replay.newName("") });
    replay.expect("create_secret", created);
    const SecretId = field(created, "ARN");
    const describe = () => replay.call("DescribeSecret", { SecretId });
    replay.expect("describe_secret", await describe());
    const tag = (pairs: [string, string][]) =>
      replay.call("TagResource", {
        SecretId,
        Tags: pairs.map(([Key, Value]) => ({ Key, Value })),
      });
    const untag = (keys: string[]) => replay.call("UntagResource", { SecretId, TagKeys: keys });
    replay.expect("tag_resource_1", await tag([["tag1", "value1"]]));
    replay.expect("describe_secret_1", await describe());
    replay.expect("tag_resource_2", await tag([["tag2", "value2"]]));
    replay.expect("describe_secret_2", await describe());
    replay.expect("untag_resource_1", await untag(["tag1"]));
    replay.expect("describe_secret_3", await describe());
    replay.expect("untag_resource_2", await untag(["tag2"]));
    replay.expect("describe_secret_4", await describe());
    await tag([
      ["tag3", "value3"],
      ["tag4", "value4"],
    ]);
    replay.expect("describe_secret_5", await describe());
    await untag(["tag3", "tag4"]);
    replay.expect("describe_secret_6", await describe());
  },
};

export const LISTING_SCENARIOS: readonly Scenario[] = [
  listedThreeTimes("test_call_lists_secrets_multiple_times", true),
  listedThreeTimes("test_call_lists_secrets_multiple_times_snapshots", false),
  threeSecretsListed("test_create_multi_secrets", true),
  threeSecretsListed("test_create_multi_secrets_snapshot", false),
  filters,
  tags,
];
