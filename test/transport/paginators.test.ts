/** Paginators through the public client, against a scripted server that serves pages. */
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { AbortError, PaginationError, paginateListSecrets, SecretsManager } from "../../src/index";
import { type FaultReply, type RecordedRequest, startFaultServer } from "../helpers/fault-server";

/** Serves `total` secrets in pages of the requested size (default 3), with tokens `t<offset>`. */
function listingServer(total: number) {
  return (request: RecordedRequest): FaultReply => {
    const body = request.json as { MaxResults?: number; NextToken?: string };
    const size = body.MaxResults ?? 3;
    const offset = body.NextToken === undefined ? 0 : Number(body.NextToken.slice(1));
    const names = Array.from(
      { length: Math.min(size, total - offset) },
      (_, i) => `s${offset + i}`,
    );
    const next = offset + size < total ? `t${offset + size}` : undefined;
    return {
      status: 200,
      body: { SecretList: names.map((Name) => ({ Name })), ...(next ? { NextToken: next } : {}) },
    };
  };
}

describe("paginators", { timeout: 30_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setup(script: (request: RecordedRequest, index: number) => FaultReply) {
    const server = await startFaultServer(script);
    const client = new SecretsManager({
      endpoint: server.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
    });
    cleanups.push(async () => {
      await client.close();
      await server.close();
    });
    return { server, client };
  }
  const bodies = (requests: RecordedRequest[]) => requests.map((request) => request.json);

  test("follows NextToken until it is absent; items() flattens the pages", async () => {
    const { server, client } = await setup(listingServer(10));
    const names: string[] = [];
    for await (const secret of client.paginateListSecrets({}, { pageSize: 4 }).items()) {
      names.push(String(secret.Name));
    }
    assert.deepEqual(
      names,
      Array.from({ length: 10 }, (_, i) => `s${i}`),
    );
    assert.deepEqual(bodies(server.requests), [
      { MaxResults: 4 },
      { MaxResults: 4, NextToken: "t4" },
      { MaxResults: 4, NextToken: "t8" },
    ]);
  });

  test("items(): next() called again before the last one settled loses and repeats nothing", async () => {
    const { server, client } = await setup(listingServer(10));
    const iterator = client
      .paginateListSecrets({}, { pageSize: 4 })
      .items()
      [Symbol.asyncIterator]();
    // Twelve calls at once: across page boundaries, and past the end.
    const steps = await Promise.all(Array.from({ length: 12 }, () => iterator.next()));
    assert.deepEqual(
      steps.map((step) => (step.done ? "done" : String(step.value.Name))),
      [...Array.from({ length: 10 }, (_, i) => `s${i}`), "done", "done"],
    );
    assert.equal(server.requests.length, 3);
  });

  test("pages carry $metadata; pageSize wins over MaxResults in the input", async () => {
    const { server, client } = await setup(listingServer(5));
    const sizes: number[] = [];
    for await (const page of client.paginateListSecrets({ MaxResults: 50 }, { pageSize: 2 })) {
      sizes.push(page.SecretList?.length ?? 0);
      assert.equal(page.$metadata.httpStatusCode, 200);
    }
    assert.deepEqual(sizes, [2, 2, 1]);
    assert.equal((server.requests[0]?.json as { MaxResults?: number } | undefined)?.MaxResults, 2);
  });

  test("an empty NextToken ends the listing", async () => {
    const { server, client } = await setup(() => ({
      status: 200,
      body: { SecretList: [{ Name: "only" }], NextToken: "" },
    }));
    const pages = [];
    for await (const page of client.paginateListSecrets()) pages.push(page);
    assert.equal(pages.length, 1);
    assert.equal(server.requests.length, 1);
  });

  test("startingToken starts mid-listing", async () => {
    const { server, client } = await setup(listingServer(9));
    const names: string[] = [];
    for await (const secret of client.paginateListSecrets({}, { startingToken: "t6" }).items()) {
      names.push(String(secret.Name));
    }
    assert.deepEqual(names, ["s6", "s7", "s8"]);
    assert.deepEqual(bodies(server.requests), [{ NextToken: "t6" }]);
  });

  test("each for-await starts again from the first page; break fetches nothing more", async () => {
    const { server, client } = await setup(listingServer(30));
    const paginator = client.paginateListSecrets();
    for await (const page of paginator) {
      assert.equal(page.SecretList?.[0]?.Name, "s0");
      break;
    }
    assert.equal(server.requests.length, 1);
    let count = 0;
    for await (const _ of paginator.items()) {
      if (++count === 4) break;
    }
    assert.equal(server.requests.length, 3, "pages 1 and 2 of the second loop");
    assert.equal(
      (server.requests[1]?.json as { NextToken?: string } | undefined)?.NextToken,
      undefined,
    );
  });

  test("a NextToken that repeats is a PaginationError, not an endless loop", async () => {
    const { server, client } = await setup(() => ({
      status: 200,
      body: { SecretList: [{ Name: "x" }], NextToken: "same" },
    }));
    const failure = await (async () => {
      for await (const _ of client.paginateListSecrets()) {
        // keep going
      }
    })().catch((e: unknown) => e);
    assert.ok(failure instanceof PaginationError);
    assert.equal(failure.operation, "ListSecrets");
    assert.equal(server.requests.length, 2);
  });

  test("a cycle of tokens is caught too", async () => {
    const { server, client } = await setup((_request, index) => ({
      status: 200,
      body: { SecretList: [], NextToken: index % 2 === 0 ? "a" : "b" },
    }));
    await assert.rejects(async () => {
      for await (const _ of client.paginateListSecrets()) {
        // keep going
      }
    }, PaginationError);
    assert.equal(server.requests.length, 3);
  });

  test("a service that leads back to the starting token is caught before that page repeats", async () => {
    // S -> A -> S: following S again would hand out its page a second time.
    const { server, client } = await setup((request) => {
      const token = (request.json as { NextToken?: string }).NextToken;
      return {
        status: 200,
        body: { SecretList: [{ Name: `from-${token}` }], NextToken: token === "S" ? "A" : "S" },
      };
    });
    const names: string[] = [];
    const failure = await (async () => {
      for await (const secret of client.paginateListSecrets({}, { startingToken: "S" }).items()) {
        names.push(String(secret.Name));
      }
    })().catch((e: unknown) => e);
    assert.ok(failure instanceof PaginationError);
    assert.deepEqual(names, ["from-S", "from-A"]);
    assert.equal(server.requests.length, 2);
  });

  test("items(): after return(), next() hands out nothing more, not even the page in hand", async () => {
    const { server, client } = await setup(listingServer(10));
    const iterator = client
      .paginateListSecrets({}, { pageSize: 4 })
      .items()
      [Symbol.asyncIterator]();
    assert.equal((await iterator.next()).value?.Name, "s0");
    assert.deepEqual(await iterator.return?.(), { value: undefined, done: true });
    assert.deepEqual(await iterator.next(), { value: undefined, done: true });
    assert.equal(server.requests.length, 1);
  });

  test("BatchGetSecretValue: no page size with SecretIdList, sent with Filters; Errors stay on the page", async () => {
    const { server, client } = await setup(() => ({
      status: 200,
      body: {
        SecretValues: [{ Name: "a", SecretString: "1" }],
        Errors: [{ SecretId: "missing", ErrorCode: "ResourceNotFoundException", Message: "no" }],
      },
    }));
    const pages = [];
    for await (const page of client.paginateBatchGetSecretValue(
      { SecretIdList: ["a", "missing"], MaxResults: 10 },
      { pageSize: 5 },
    )) {
      pages.push(page);
    }
    assert.deepEqual(server.requests[0]?.json, { SecretIdList: ["a", "missing"] });
    assert.equal(pages[0]?.Errors?.[0]?.SecretId, "missing");
    const values = [];
    for await (const value of client
      .paginateBatchGetSecretValue({ Filters: [{ Key: "name", Values: ["a"] }] }, { pageSize: 5 })
      .items()) {
      values.push(value);
    }
    assert.deepEqual(values, [{ Name: "a", SecretString: "1" }]);
    assert.equal((server.requests[1]?.json as { MaxResults?: number } | undefined)?.MaxResults, 5);
  });

  test("listSecretVersionIds pages by its Versions", async () => {
    const { client } = await setup((request) => {
      const token = (request.json as { NextToken?: string }).NextToken;
      return {
        status: 200,
        body:
          token === undefined
            ? { Versions: [{ VersionId: "v1" }], NextToken: "n" }
            : { Versions: [{ VersionId: "v2" }] },
      };
    });
    const ids = [];
    for await (const version of client.paginateListSecretVersionIds({ SecretId: "s" }).items()) {
      ids.push(version.VersionId);
    }
    assert.deepEqual(ids, ["v1", "v2"]);
  });

  test("the v3-style function takes { client, pageSize, startingToken }", async () => {
    const { server, client } = await setup(listingServer(4));
    const names: string[] = [];
    for await (const page of paginateListSecrets({ client, pageSize: 3 }, {})) {
      for (const entry of page.SecretList ?? []) names.push(String(entry.Name));
    }
    assert.deepEqual(names, ["s0", "s1", "s2", "s3"]);
    assert.equal(server.requests.length, 2);
  });

  test("an invalid page size is a ValidationError before anything is sent", async () => {
    const { server, client } = await setup(listingServer(4));
    await assert.rejects(async () => {
      for await (const _ of client.paginateListSecrets({}, { pageSize: 1000 })) {
        // nothing
      }
    }, /MaxResults/);
    assert.equal(server.requests.length, 0);
  });

  test("the signal cancels the listing", async () => {
    const controller = new AbortController();
    const { server, client } = await setup(listingServer(100));
    const failure = await (async () => {
      for await (const _ of client.paginateListSecrets({}, { signal: controller.signal })) {
        controller.abort("stop");
      }
    })().catch((e: unknown) => e);
    assert.ok(failure instanceof AbortError);
    assert.equal(server.requests.length, 1);
  });
});
