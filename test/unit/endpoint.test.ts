import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  compileRuleSet,
  type Expression,
  NO_MATCH,
  type Rule,
  type RuleSet,
} from "../../codegen/compile-endpoint-rules";
import { prunePartitions } from "../../codegen/emit-endpoint-rules";
import { type EndpointParameters, resolveEndpoint } from "../../src/core/endpoint/index";
import { partitionOf } from "../../src/core/endpoint/partition";
import type { Partition } from "../../src/core/endpoint/types";
import { EndpointError } from "../../src/core/errors";
import { partitions } from "../../src/generated/endpoint-rules";

const root = fileURLToPath(new URL("../..", import.meta.url));

// The oracle: v3's own resolver for this service, called directly (no request, no credentials).
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true";
const v3 = new SecretsManagerClient({
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "unused" },
});

type Outcome = { url: string } | { error: string };

function v3Outcome(params: EndpointParameters): Outcome {
  try {
    const endpoint = v3.config.endpointProvider({
      ...(params.region === undefined ? {} : { Region: params.region }),
      ...(typeof params.endpoint === "string" ? { Endpoint: params.endpoint } : {}),
      UseFIPS: params.useFips ?? false,
      UseDualStack: params.useDualstack ?? false,
    });
    return { url: endpoint.url.href };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function ourOutcome(params: EndpointParameters): Outcome {
  try {
    return { url: resolveEndpoint(params).href };
  } catch (error) {
    assert.ok(error instanceof EndpointError, `unexpected ${String(error)}`);
    return { error: error.message };
  }
}

function assertSameAsV3(params: EndpointParameters): void {
  const expected = v3Outcome(params);
  const actual = ourOutcome(params);
  const label = JSON.stringify(params);
  if ("url" in expected) {
    assert.deepEqual(actual, expected, label);
  } else {
    assert.ok("error" in actual, `${label}: v3 throws "${expected.error}", we resolve`);
    assert.ok(actual.error.includes(expected.error), `${label}: "${actual.error}"`);
  }
}

const REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-2",
  "ca-central-1",
  "me-central-1",
  "cn-north-1",
  "cn-northwest-1",
  "us-gov-west-1",
  "us-gov-east-1",
  "us-iso-east-1",
  "us-iso-west-1",
  "us-isob-east-1",
  "eu-isoe-west-1",
  "us-isof-south-1",
  "us-isof-east-1",
  "eusc-de-east-1",
  // Listed in partitions.json but matching no region pattern.
  "aws-global",
  "aws-cn-global",
  "aws-us-gov-global",
  // Unknown: by pattern (a future region of a partition), or not at all (the aws partition).
  "eu-central-9",
  "cn-south-7",
  "us-gov-north-3",
  "us-iso-south-2",
  "xx-mars-1",
  "local",
];
const FLAGS = [
  { useFips: false, useDualstack: false },
  { useFips: true, useDualstack: false },
  { useFips: false, useDualstack: true },
  { useFips: true, useDualstack: true },
];

describe("resolveEndpoint matches @aws-sdk/client-secrets-manager", () => {
  for (const region of REGIONS) {
    test(region, () => {
      for (const flags of FLAGS) assertSameAsV3({ region, ...flags });
    });
  }

  test("a custom endpoint, with and without a region, FIPS, dual-stack", () => {
    for (const endpoint of ["http://localhost:4566", "https://vpce-123.example.com:8443/base"]) {
      for (const flags of FLAGS) {
        assertSameAsV3({ endpoint, ...flags });
        assertSameAsV3({ endpoint, region: "eu-west-1", ...flags });
      }
    }
  });

  test("no region and no endpoint", () => {
    for (const flags of FLAGS) assertSameAsV3(flags);
  });

  test("the unset flags default to false", () => {
    assertSameAsV3({ region: "us-west-2" });
    assertSameAsV3({ region: "us-west-2", useFips: undefined, useDualstack: undefined });
  });
});

describe("resolveEndpoint", () => {
  test("gives the URL the rule set builds; a URL object works like its text", () => {
    assert.equal(
      resolveEndpoint({ region: "eu-west-1", useFips: true }).href,
      "https://secretsmanager-fips.eu-west-1.amazonaws.com/",
    );
    for (const endpoint of [new URL("http://127.0.0.1:4566"), "http://127.0.0.1:4566"]) {
      assert.equal(resolveEndpoint({ endpoint }).href, "http://127.0.0.1:4566/");
      assert.equal(
        resolveEndpoint({ endpoint, region: "us-east-2" }).href,
        "http://127.0.0.1:4566/",
      );
    }
  });

  test("returns a new URL object on each call", () => {
    const first = resolveEndpoint({ region: "us-east-1" });
    first.hostname = "changed.example.com";
    assert.equal(
      resolveEndpoint({ region: "us-east-1" }).hostname,
      "secretsmanager.us-east-1.amazonaws.com",
    );
  });

  test("EndpointError names itself and is an Error", () => {
    const error = new EndpointError("x");
    assert.equal(error.name, "EndpointError");
    assert.ok(error instanceof Error);
  });
});

describe("the generated endpoint data", () => {
  test("resolves through code compiled from the rule set, which the runtime does not carry", () => {
    const generated = readFileSync(join(root, "src/generated/endpoint-rules.ts"), "utf8");
    assert.match(generated, /export function endpointUrlFor\(/);
    assert.doesNotMatch(generated, /"conditions"|conditions:/);
  });

  test("fills every parameter of the rule set from a client setting", () => {
    const ruleSet = JSON.parse(
      readFileSync(
        join(root, "codegen/model/secretsmanager-2017-10-17.endpoint-rules.json"),
        "utf8",
      ),
    ) as RuleSet;
    assert.deepEqual(
      Object.entries(ruleSet.parameters).map(([name, spec]) => [name, spec.builtIn]),
      [
        ["Region", "AWS::Region"],
        ["UseDualStack", "AWS::UseDualStack"],
        ["UseFIPS", "AWS::UseFIPS"],
        ["Endpoint", "SDK::Endpoint"],
      ],
    );
  });
});

describe("the endpoint rules compiler", () => {
  type Compiled = (parameters: Record<string, unknown>) => string;
  // A compiled body runs as it does in the generated file, with a stand-in for aws.partition.
  const compile = (ruleSet: RuleSet, partition = (region: string) => ({ name: region })) => {
    const body = compileRuleSet(ruleSet);
    const factory = new Function("partition", "EndpointError", `return (parameters) => {${body}}`);
    return factory(partition, EndpointError) as Compiled;
  };
  // A rule set with two parameters around the rules under test.
  const ruleSetOf = (rules: Rule[]): RuleSet => ({
    version: "1.0",
    parameters: {
      Region: { type: "string", required: true, default: "us-east-1" },
      Flag: { type: "boolean" },
    },
    rules,
  });
  const endpoint = (url: Expression, conditions: Rule["conditions"] = []): Rule => ({
    type: "endpoint",
    conditions,
    endpoint: { url },
  });
  const run = (rules: Rule[], parameters: Record<string, unknown> = {}) =>
    compile(ruleSetOf(rules))(parameters);

  test("templates: references, getAttr paths, escaped braces, quotes and backticks kept", () => {
    // Backticks, backslashes and a "$" before an escaped brace must come out as written.
    const awkward = "`$`\\$";
    const rules: Rule[] = [
      endpoint(`https://{{x}}.{Region}.{P#name}.${awkward}{{/`, [
        { fn: "aws.partition", argv: [{ ref: "Region" }], assign: "P" },
      ]),
    ];
    assert.equal(
      run(rules, { Region: "eu-west-1" }),
      `https://{x}.eu-west-1.eu-west-1.${awkward}{/`,
    );
    assert.throws(() => run([endpoint("https://{Missing}")]), /unknown name Missing/);
    assert.throws(() => run([endpoint("{P#a[1]}", [])]), /unknown name P/);
  });

  test("parameters: defaults and required ones", () => {
    assert.equal(run([endpoint("{Region}")]), "us-east-1");
    assert.equal(run([endpoint("{Region}")], { Region: "ca-west-1" }), "ca-west-1");
    const required = compile({
      version: "1.0",
      parameters: { R: { type: "string", required: true } },
      rules: [endpoint("{R}")],
    });
    assert.throws(() => required({}), {
      name: "EndpointError",
      message: "Missing required endpoint parameter R",
    });
  });

  test("rules: first match wins; errors; a matched tree must match inside", () => {
    const flagSet = { fn: "isSet", argv: [{ ref: "Flag" }] };
    const rules: Rule[] = [
      {
        type: "tree",
        conditions: [flagSet],
        rules: [
          {
            type: "error",
            conditions: [{ fn: "booleanEquals", argv: [{ ref: "Flag" }, true] }],
            error: "flag on in {Region}",
          },
        ],
      },
      endpoint("https://fallback"),
    ];
    assert.equal(run(rules), "https://fallback");
    assert.throws(() => run(rules, { Flag: true }), {
      name: "EndpointError",
      message: "flag on in us-east-1",
    });
    assert.throws(() => run(rules, { Flag: false }), new RegExp(NO_MATCH));
    assert.throws(() => run([]), new RegExp(NO_MATCH));
  });

  test("conditions: nested calls, not, and an assigned value that is unset is not met", () => {
    const isOn = { fn: "booleanEquals", argv: [true, { ref: "Flag" }] };
    const rules: Rule[] = [
      endpoint("off", [{ fn: "not", argv: [{ fn: "isSet", argv: [{ ref: "Flag" }] }] }]),
      endpoint("on", [
        { fn: "booleanEquals", argv: [{ fn: "isSet", argv: [{ ref: "Flag" }] }, true] },
        isOn,
      ]),
      endpoint("no name", [
        { fn: "aws.partition", argv: [{ ref: "Region" }], assign: "P" },
        { fn: "getAttr", argv: [{ ref: "P" }, "missing.deeper"], assign: "Missing" },
      ]),
      endpoint("{P#name}", [{ fn: "aws.partition", argv: [{ ref: "Region" }], assign: "P" }]),
    ];
    assert.equal(run(rules), "off");
    assert.equal(run(rules, { Flag: true }), "on");
    assert.equal(run(rules, { Flag: false, Region: "r-1" }), "r-1");
  });

  test("an assigned name is seen by later conditions and nested rules only", () => {
    const rules: Rule[] = [
      {
        type: "tree",
        conditions: [{ fn: "aws.partition", argv: [{ ref: "Region" }], assign: "Scoped" }],
        rules: [endpoint("https://{Scoped#name}", [{ fn: "isSet", argv: [{ ref: "Scoped" }] }])],
      },
    ];
    assert.equal(run(rules, { Region: "x-1" }), "https://x-1");
    assert.throws(() => compileRuleSet(ruleSetOf([...rules, endpoint("{Scoped}")])), /Scoped/);
  });

  test("what the compiler does not support fails generation, naming it", () => {
    const withCall = (fn: string) => ruleSetOf([endpoint("x", [{ fn, argv: ["x"] }])]);
    assert.throws(() => compileRuleSet(withCall("parseURL")), /unsupported function parseURL/);
    assert.throws(() => compileRuleSet(withCall("toString")), /unsupported function toString/);
    const getAttrIndex = ruleSetOf([
      endpoint("x", [{ fn: "getAttr", argv: [{ ref: "Region" }, "a[1]"] }]),
    ]);
    assert.throws(() => compileRuleSet(getAttrIndex), /unsupported getAttr path a\[1\]/);
    const withHeaders: Rule = {
      type: "endpoint",
      conditions: [],
      endpoint: { url: "https://x", headers: { "x-region": ["{Region}"] } },
    };
    assert.throws(() => compileRuleSet(ruleSetOf([withHeaders])), /headers and properties/);
    const withProperties: Rule = {
      type: "endpoint",
      conditions: [],
      endpoint: { url: "https://x", properties: { authSchemes: [] } },
    };
    assert.throws(() => compileRuleSet(ruleSetOf([withProperties])), /headers and properties/);
  });
});

describe("aws.partition", () => {
  test("the generated partitions resolve every region of partitions.json as the full data does", () => {
    const full = (
      JSON.parse(readFileSync(join(root, "codegen/model/partitions.json"), "utf8")) as {
        partitions: Partition[];
      }
    ).partitions;
    const regions = full.flatMap((partition) => Object.keys(partition.regions));
    assert.ok(regions.length > 40, "partitions.json lists the regions");
    for (const region of [...regions, "eu-central-9", "xx-mars-1"]) {
      // What nothing reads is left out of the generated data (codegen/emit-endpoint-rules.ts).
      const {
        description: _,
        implicitGlobalRegion: __,
        ...expected
      } = partitionOf(full, region) as { description?: string; implicitGlobalRegion?: string };
      assert.deepEqual(partitionOf(partitions, region), expected, region);
    }
    assert.deepEqual(prunePartitions(full), partitions);
  });

  test("a listed region, then the first matching pattern, then the aws partition", () => {
    assert.equal(partitionOf(partitions, "aws-global").name, "aws");
    assert.equal(partitionOf(partitions, "us-isob-east-1").name, "aws-iso-b");
    assert.equal(partitionOf(partitions, "us-isof-north-9").name, "aws-iso-f");
    assert.equal(partitionOf(partitions, "cn-west-3").dnsSuffix, "amazonaws.com.cn");
    assert.equal(partitionOf(partitions, "xx-mars-1").name, "aws");
  });

  test("a region's own outputs override its partition's", () => {
    const outputs = {
      name: "p",
      dnsSuffix: "example.com",
      dualStackDnsSuffix: "api.example.com",
      supportsFIPS: true,
      supportsDualStack: true,
    };
    const data: Partition[] = [
      { id: "p", outputs, regionRegex: "^p-", regions: { "p-old-1": { supportsFIPS: false } } },
      { id: "aws", outputs: { ...outputs, name: "aws" }, regionRegex: "^$", regions: {} },
    ];
    assert.equal(partitionOf(data, "p-old-1").supportsFIPS, false);
    assert.equal(partitionOf(data, "p-new-1").supportsFIPS, true);
    assert.equal(partitionOf(data, "q-1").name, "aws");
  });
});
