import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { emitEndpointData, endpointDataPath } from "../../codegen/emit-endpoint-data";
import { evaluateRuleSet } from "../../src/core/endpoint/evaluate";
import { getAttr, standardFunctions } from "../../src/core/endpoint/functions";
import {
  EndpointError,
  type EndpointParameters,
  resolveEndpoint,
} from "../../src/core/endpoint/index";
import { partitionOf } from "../../src/core/endpoint/partition";
import type { Expression, Partition, Rule, RuleSet } from "../../src/core/endpoint/types";
import { endpointRuleSet, partitions } from "../../src/generated/endpoint-rules";

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
    return { url: resolveEndpoint(params).url.href };
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
  test("gives the signing name, the region as signing region, and the rule set's extras", () => {
    assert.deepEqual(resolveEndpoint({ region: "eu-west-1", useFips: true }), {
      url: new URL("https://secretsmanager-fips.eu-west-1.amazonaws.com/"),
      headers: {},
      properties: {},
      signingName: "secretsmanager",
      signingRegion: "eu-west-1",
    });
  });

  test("a custom endpoint alone has no signing region; a URL object works like its text", () => {
    const resolved = resolveEndpoint({ endpoint: new URL("http://127.0.0.1:4566") });
    assert.equal(resolved.url.href, "http://127.0.0.1:4566/");
    assert.equal(resolved.signingName, "secretsmanager");
    assert.equal("signingRegion" in resolved, false);
    const withRegion = resolveEndpoint({ endpoint: "http://127.0.0.1:4566", region: "us-east-2" });
    assert.equal(withRegion.signingRegion, "us-east-2");
  });

  test("returns a new URL object on each call", () => {
    const first = resolveEndpoint({ region: "us-east-1" });
    first.url.hostname = "changed.example.com";
    assert.equal(
      resolveEndpoint({ region: "us-east-1" }).url.hostname,
      "secretsmanager.us-east-1.amazonaws.com",
    );
  });

  test("rejects a region that is not one DNS label, as the v3 client's config does", async () => {
    const invalid = [
      "",
      "us-east-1/x",
      "evil.com#",
      "x.evil.com",
      "-us-east-1",
      "us-east-1-",
      "a".repeat(64),
    ];
    for (const region of invalid) {
      assert.throws(() => resolveEndpoint({ region }), EndpointError, region);
      const v3Region = async () => new SecretsManagerClient({ region }).config.region();
      await assert.rejects(v3Region, /not a valid hostname component|Region is missing/, region);
    }
  });

  test("rejects an endpoint that is not an http(s) URL, without echoing it", () => {
    assert.throws(
      () => resolveEndpoint({ endpoint: "user:hunter2@not a url" }),
      (error: unknown) => error instanceof EndpointError && !error.message.includes("hunter2"),
    );
    assert.throws(() => resolveEndpoint({ endpoint: "ftp://example.com" }), /http or https/);
  });

  test("EndpointError names itself and is an Error", () => {
    const error = new EndpointError("x");
    assert.equal(error.name, "EndpointError");
    assert.ok(error instanceof Error);
  });
});

describe("the generated endpoint data", () => {
  test("is what codegen/emit-endpoint-data.ts makes of codegen/model/", () => {
    assert.equal(readFileSync(endpointDataPath, "utf8"), emitEndpointData());
  });

  test("uses only functions the interpreter has, and attaches no signing overrides", () => {
    const supported = new Set([...Object.keys(standardFunctions), "aws.partition"]);
    const used = new Set<string>();
    const visitExpression = (expression: Expression): void => {
      if (typeof expression === "object" && "fn" in expression) {
        used.add(expression.fn);
        expression.argv.forEach(visitExpression);
      }
    };
    const visitRule = (rule: Rule): void => {
      for (const condition of rule.conditions) visitExpression(condition);
      if (rule.type === "tree") rule.rules.forEach(visitRule);
      // resolveEndpoint signs for `signingName` in the region; an `authSchemes` property
      // (another signing name or region) would need handling there first.
      if (rule.type === "endpoint") assert.deepEqual(rule.endpoint.properties ?? {}, {});
    };
    endpointRuleSet.rules.forEach(visitRule);
    assert.deepEqual(
      [...used].filter((name) => !supported.has(name)),
      [],
    );
    assert.deepEqual(
      Object.values(endpointRuleSet.parameters).map((parameter) => parameter.builtIn),
      ["AWS::Region", "AWS::UseDualStack", "AWS::UseFIPS", "SDK::Endpoint"],
    );
  });
});

describe("the rules language", () => {
  const call = (name: string, ...args: unknown[]): unknown => {
    const fn = standardFunctions[name];
    assert.ok(fn, name);
    return fn(...args);
  };

  test("isSet, booleanEquals, stringEquals", () => {
    assert.equal(call("isSet", ""), true);
    assert.equal(call("isSet", false), true);
    assert.equal(call("isSet", undefined), false);
    assert.equal(call("booleanEquals", true, true), true);
    assert.equal(call("booleanEquals", false, true), false);
    assert.equal(call("booleanEquals", undefined, undefined), false);
    assert.equal(call("stringEquals", "aws", "aws"), true);
    assert.equal(call("stringEquals", "aws", "aws-cn"), false);
  });

  test("getAttr follows members and list indexes", () => {
    const value = { a: { b: [{ c: "x" }, { c: "y" }] }, name: "aws" };
    assert.equal(getAttr(value, "name"), "aws");
    assert.equal(getAttr(value, "a.b[1].c"), "y");
    assert.deepEqual(getAttr({ list: ["p", "q"] }, "list[0]"), "p");
    assert.equal(getAttr(value, "a.missing.c"), undefined);
    assert.equal(getAttr(value, "a.b[5]"), undefined);
    assert.equal(getAttr(value, "toString"), undefined);
    assert.throws(() => getAttr(value, "a..b"), EndpointError);
    assert.throws(() => getAttr(value, "a[x]"), EndpointError);
  });

  // A one-parameter rule set around the rules under test.
  const run = (rules: Rule[], values: Record<string, unknown> = {}, extra = {}) =>
    evaluateRuleSet(
      {
        version: "1.0",
        parameters: {
          Region: { type: "string", required: true, default: "us-east-1" },
          Flag: { type: "boolean" },
        },
        rules,
      } satisfies RuleSet,
      values,
      { ...standardFunctions, ...extra },
    );
  const endpoint = (url: Expression, conditions: Rule["conditions"] = []): Rule => ({
    type: "endpoint",
    conditions,
    endpoint: { url },
  });

  test("templates: references, getAttr paths, escaped braces", () => {
    const rules: Rule[] = [
      endpoint("https://{{x}}.{Region}.{P#a.b}.{P#list[1]}/", [
        { fn: "id", argv: [{ ref: "Region" }], assign: "R" },
        { fn: "object", argv: [], assign: "P" },
      ]),
    ];
    const extra = {
      id: (value: unknown) => value,
      object: () => ({ a: { b: "c" }, list: ["d", "e"] }),
    };
    assert.equal(run(rules, { Region: "eu-west-1" }, extra).url, "https://{x}.eu-west-1.c.e/");
    assert.throws(() => run([endpoint("https://{Missing}")]), /unknown name Missing/);
    assert.throws(() => run([endpoint("https://{Flag}")], { Flag: true }), /not a string/);
  });

  test("parameters: defaults, required, types", () => {
    assert.equal(run([endpoint("{Region}")]).url, "us-east-1");
    assert.throws(
      () =>
        evaluateRuleSet(
          { version: "1.0", parameters: { R: { type: "string", required: true } }, rules: [] },
          {},
          standardFunctions,
        ),
      /Missing required endpoint parameter R/,
    );
    assert.throws(() => run([], { Flag: "yes" }), /Flag must be a boolean/);
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
    assert.equal(run(rules).url, "https://fallback");
    assert.throws(() => run(rules, { Flag: true }), {
      name: "EndpointError",
      message: "flag on in us-east-1",
    });
    assert.throws(() => run(rules, { Flag: false }), /No endpoint rule matches/);
    assert.throws(() => run([]), /No endpoint rule matches/);
  });

  test("an assigned name is seen by later conditions and nested rules only", () => {
    const rules: Rule[] = [
      {
        type: "tree",
        conditions: [{ fn: "stringEquals", argv: [{ ref: "Region" }, "x"], assign: "Unused" }],
        rules: [endpoint("never")],
      },
      {
        type: "tree",
        conditions: [{ fn: "upper", argv: [{ ref: "Region" }], assign: "Upper" }],
        rules: [endpoint("https://{Upper}", [{ fn: "isSet", argv: [{ ref: "Upper" }] }])],
      },
      endpoint("{Unused}"),
    ];
    const extra = { upper: (value: unknown) => String(value).toUpperCase() };
    assert.equal(run(rules, {}, extra).url, "https://US-EAST-1");
    assert.throws(() => run(rules.slice(2), {}, extra), /unknown name Unused/);
  });

  test("headers and properties are evaluated; unknown functions fail", () => {
    const rules: Rule[] = [
      {
        type: "endpoint",
        conditions: [],
        endpoint: {
          url: "https://x",
          headers: { "x-region": ["{Region}", "b"] },
          properties: { authSchemes: [{ name: "sigv4", signingRegion: "{Region}", n: 1 }] },
        },
      },
    ];
    assert.deepEqual(run(rules), {
      url: "https://x",
      headers: { "x-region": ["us-east-1", "b"] },
      properties: { authSchemes: [{ name: "sigv4", signingRegion: "us-east-1", n: 1 }] },
    });
    assert.throws(
      () => run([endpoint("x", [{ fn: "parseURL", argv: ["x"] }])]),
      /Unsupported endpoint rule function parseURL/,
    );
  });
});

describe("aws.partition", () => {
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
      implicitGlobalRegion: "p-east-1",
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
