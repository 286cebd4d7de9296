/**
 * The two operations moto does not implement (it answers them with an HTML 500, see
 * test/moto/moto-helper.test.ts): StopReplicationToReplica and ValidateResourcePolicy. Each is
 * checked on the wire against a scripted server: the request the client sends, the output it
 * reads from a realistic reply, and a modeled error arriving as its class.
 */
import assert from "node:assert/strict";
import { type TestContext, test } from "node:test";
import {
  MalformedPolicyDocumentException,
  ResourceNotFoundException,
  SecretsManager,
  SecretsManagerServiceException,
} from "../../src/index";
import { type FaultScript, type FaultServer, startFaultServer } from "../helpers/fault-server";

const TIMEOUT = { timeout: 5_000 };
const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf";
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
    },
  ],
});

/** A scripted server and a client pointed at it, both closed after the test. */
async function setup(t: TestContext, script: FaultScript): Promise<[FaultServer, SecretsManager]> {
  const server = await startFaultServer(script);
  const client = new SecretsManager({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "AKID", secretAccessKey: "x" },
  });
  t.after(async () => {
    await client.close();
    await server.close();
  });
  return [server, client];
}

/** The one request the server saw, with the headers every operation shares checked. */
function onlyRequest(server: FaultServer, target: string) {
  assert.equal(server.requests.length, 1);
  const [request] = server.requests;
  assert.ok(request);
  assert.equal(request.method, "POST");
  assert.equal(request.url, "/");
  assert.equal(request.headers["x-amz-target"], `secretsmanager.${target}`);
  assert.equal(request.headers["content-type"], "application/x-amz-json-1.1");
  assert.match(
    String(request.headers.authorization),
    /^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/us-east-1\/secretsmanager\/aws4_request, /,
  );
  return request;
}

/** What `promise` rejected with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail("expected the call to fail");
}

test("StopReplicationToReplica: request and output", TIMEOUT, async (t) => {
  const [server, client] = await setup(t, [
    { status: 200, headers: { "x-amzn-requestid": "req-stop" }, body: { ARN } },
  ]);
  const output = await client.stopReplicationToReplica({ SecretId: "app/db" });

  const request = onlyRequest(server, "StopReplicationToReplica");
  assert.deepEqual(request.json, { SecretId: "app/db" });
  assert.equal(output.ARN, ARN);
  assert.deepEqual(output.$metadata, {
    httpStatusCode: 200,
    requestId: "req-stop",
    attempts: 1,
    totalRetryDelay: 0,
  });
});

test("StopReplicationToReplica: a ResourceNotFoundException reply", TIMEOUT, async (t) => {
  const [server, client] = await setup(t, [
    {
      status: 400,
      headers: { "x-amzn-requestid": "req-missing" },
      body: {
        __type: "ResourceNotFoundException",
        message: "Secrets Manager can't find the specified secret.",
      },
    },
  ]);
  const error = await rejection(client.stopReplicationToReplica({ SecretId: "app/missing" }));

  onlyRequest(server, "StopReplicationToReplica");
  assert.ok(error instanceof ResourceNotFoundException);
  assert.ok(error instanceof SecretsManagerServiceException);
  assert.equal(error.name, "ResourceNotFoundException");
  assert.equal(error.message, "Secrets Manager can't find the specified secret.");
  assert.equal(error.$fault, "client");
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.equal(error.$metadata.requestId, "req-missing");
  assert.equal(error.$metadata.attempts, 1, "a modeled client error is not retried");
});

test("ValidateResourcePolicy: request and a failed validation", TIMEOUT, async (t) => {
  const reply = {
    PolicyValidationPassed: false,
    ValidationErrors: [
      {
        CheckName: "BLOCK_PUBLIC_POLICY",
        ErrorMessage: "The policy grants access to every principal.",
      },
    ],
  };
  const [server, client] = await setup(t, [
    { status: 200, headers: { "x-amzn-requestid": "req-validate" }, body: reply },
  ]);
  const output = await client.validateResourcePolicy({
    SecretId: "app/db",
    ResourcePolicy: POLICY,
  });

  const request = onlyRequest(server, "ValidateResourcePolicy");
  assert.deepEqual(request.json, { SecretId: "app/db", ResourcePolicy: POLICY });
  const { $metadata, ...rest } = output;
  assert.deepEqual(rest, reply);
  assert.equal($metadata.requestId, "req-validate");
  assert.equal($metadata.httpStatusCode, 200);
});

test("ValidateResourcePolicy: SecretId is optional and left out", TIMEOUT, async (t) => {
  const [server, client] = await setup(t, [
    { status: 200, body: { PolicyValidationPassed: true, ValidationErrors: [] } },
  ]);
  const output = await client.validateResourcePolicy({ ResourcePolicy: POLICY });

  const request = onlyRequest(server, "ValidateResourcePolicy");
  assert.deepEqual(request.json, { ResourcePolicy: POLICY });
  assert.equal(output.PolicyValidationPassed, true);
  assert.deepEqual(output.ValidationErrors, []);
});

test("ValidateResourcePolicy: modeled errors arrive as their classes", TIMEOUT, async (t) => {
  const [server, client] = await setup(t, [
    {
      status: 400,
      body: { __type: "ResourceNotFoundException", message: "no such secret" },
    },
    {
      status: 400,
      body: {
        __type: "MalformedPolicyDocumentException",
        message: "This resource policy contains an unsupported principal.",
      },
    },
  ]);

  const missing = await rejection(
    client.validateResourcePolicy({ SecretId: "app/missing", ResourcePolicy: POLICY }),
  );
  assert.ok(missing instanceof ResourceNotFoundException);
  assert.ok(missing instanceof SecretsManagerServiceException);
  assert.equal(missing.message, "no such secret");
  assert.equal(missing.$metadata.httpStatusCode, 400);

  const malformed = await rejection(client.validateResourcePolicy({ ResourcePolicy: "{}" }));
  assert.ok(malformed instanceof MalformedPolicyDocumentException);
  assert.ok(!(malformed instanceof ResourceNotFoundException));
  assert.equal(malformed.name, "MalformedPolicyDocumentException");
  assert.equal(malformed.$fault, "client");
  assert.equal(server.requests.length, 2);
});
