/**
 * A fake Secrets Manager for the benchmark: node:http on 127.0.0.1 with keep-alive, answers
 * GetSecretValue and ListSecrets from bodies computed before the first request, verifies the
 * SigV4 signature of every request, and counts requests and failures.
 *
 * Run by run.mjs as a child with an IPC channel: it sends `{ type: "ready", port }`, answers
 * `{ type: "stats" }` with its counters, and closes on `{ type: "close" }` (or when the parent
 * goes away). `node server.mjs --standalone` serves until Ctrl-C, printing its port.
 */
import { createServer } from "node:http";
import {
  CREDENTIALS,
  createdDate,
  REGION,
  SECRET_COUNT,
  SERVICE,
  secretArn,
  secretIndex,
  secretName,
  secretValue,
  versionId,
} from "./lib/data.mjs";
import { createHttp1Server } from "./lib/http1.mjs";
import { SigV4Verifier } from "./lib/sigv4-verify.mjs";

const CONTENT_TYPE = "application/x-amz-json-1.1";
const TARGET_PREFIX = "secretsmanager.";
/** A request body larger than this is refused: no operation here needs more. */
const MAX_BODY = 64 * 1024;
/** Hard stop: the server never outlives a forgotten run by more than this. */
const MAX_LIFETIME_MS = 30 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Precomputed answers

const getSecretValueBodies = new Array(SECRET_COUNT);
const listEntries = new Array(SECRET_COUNT);
for (let i = 0; i < SECRET_COUNT; i++) {
  const version = versionId(i);
  getSecretValueBodies[i] = Buffer.from(
    JSON.stringify({
      ARN: secretArn(i),
      Name: secretName(i),
      VersionId: version,
      SecretString: secretValue(i),
      VersionStages: ["AWSCURRENT"],
      CreatedDate: createdDate(i),
    }),
  );
  listEntries[i] = {
    ARN: secretArn(i),
    Name: secretName(i),
    Description: `Benchmark secret number ${i}`,
    LastChangedDate: createdDate(i) + 3600,
    LastAccessedDate: 1_760_000_000,
    Tags: [
      { Key: "team", Value: `team-${i % 13}` },
      { Key: "env", Value: "bench" },
    ],
    SecretVersionsToStages: { [versionId(i)]: ["AWSCURRENT"] },
    CreatedDate: createdDate(i),
    PrimaryRegion: REGION,
  };
}

/** NextToken: opaque to clients, long like the service's, and checked on the way back. */
function encodeToken(offset) {
  return Buffer.from(JSON.stringify({ offset, v: 1, pad: "x".repeat(48) })).toString("base64");
}
function decodeToken(token) {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    const offset = parsed.offset;
    if (Number.isInteger(offset) && offset > 0 && offset < SECRET_COUNT && parsed.v === 1) {
      return offset;
    }
  } catch {}
  return undefined;
}

/** Page bodies by `${pageSize}:${offset}`; pages of 100 are built up front. */
const pageBodies = new Map();
function pageBody(pageSize, offset) {
  const key = `${pageSize}:${offset}`;
  let body = pageBodies.get(key);
  if (body === undefined) {
    const end = Math.min(offset + pageSize, SECRET_COUNT);
    const page = { SecretList: listEntries.slice(offset, end) };
    if (end < SECRET_COUNT) page.NextToken = encodeToken(end);
    body = Buffer.from(JSON.stringify(page));
    if (pageBodies.size < 5_000) pageBodies.set(key, body);
  }
  return body;
}
for (let offset = 0; offset < SECRET_COUNT; offset += 100) pageBody(100, offset);

// ---------------------------------------------------------------------------------------------
// Serving

const verifier = new SigV4Verifier({ credentials: CREDENTIALS, region: REGION, service: SERVICE });
const stats = {
  requests: { GetSecretValue: 0, ListSecrets: 0 },
  total: 0,
  failures: 0,
  lastFailure: "",
};
let requestNumber = 0;

function requestId() {
  requestNumber += 1;
  return `00000000-0000-4000-8000-${requestNumber.toString(16).padStart(12, "0")}`;
}

function reply(status, body) {
  return {
    status,
    headers: [
      ["Content-Type", CONTENT_TYPE],
      ["x-amzn-RequestId", requestId()],
    ],
    body,
  };
}

function fail(status, type, message) {
  stats.failures += 1;
  stats.lastFailure = `${type}: ${message}`;
  return reply(status, Buffer.from(JSON.stringify({ __type: type, message })));
}

/** Counters and this process's CPU time so far, for the parent (IPC) and the clients' harness. */
function snapshot() {
  const cpu = process.cpuUsage();
  return { ...structuredClone(stats), cpuUs: cpu.user + cpu.system };
}

function handle(req, body) {
  // The harness reads the counters between phases; not a service request, not counted.
  if (req.method === "GET" && req.url === "/__bench/stats") {
    return {
      status: 200,
      headers: [["Content-Type", "application/json"]],
      body: Buffer.from(JSON.stringify(snapshot())),
    };
  }
  stats.total += 1;
  if (req.method !== "POST" || !req.url.startsWith("/")) {
    return fail(400, "UnknownOperationException", `${req.method} ${req.url}`);
  }
  const problem = verifier.verify(req, body);
  if (problem !== undefined) return fail(403, "InvalidSignatureException", problem);
  const contentType = req.headers["content-type"] ?? "";
  if (!contentType.startsWith(CONTENT_TYPE)) {
    return fail(400, "SerializationException", `content-type ${contentType}`);
  }
  const target = req.headers["x-amz-target"] ?? "";
  let input;
  try {
    input = JSON.parse(body.length === 0 ? "{}" : body.toString("utf8"));
  } catch {
    return fail(400, "SerializationException", "body is not JSON");
  }
  if (typeof input !== "object" || input === null) {
    return fail(400, "SerializationException", "body is not a JSON object");
  }

  switch (target) {
    case `${TARGET_PREFIX}GetSecretValue`: {
      const index = typeof input.SecretId === "string" ? secretIndex(input.SecretId) : -1;
      if (index === -1) {
        return fail(
          400,
          "ResourceNotFoundException",
          "Secrets Manager can't find the specified secret.",
        );
      }
      if (input.VersionId !== undefined || (input.VersionStage ?? "AWSCURRENT") !== "AWSCURRENT") {
        return fail(400, "InvalidParameterException", "only AWSCURRENT is served here");
      }
      stats.requests.GetSecretValue += 1;
      return reply(200, getSecretValueBodies[index]);
    }
    case `${TARGET_PREFIX}ListSecrets`: {
      const pageSize = input.MaxResults ?? 100;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
        return fail(400, "InvalidParameterException", `MaxResults ${pageSize}`);
      }
      let offset = 0;
      if (input.NextToken !== undefined) {
        offset = decodeToken(input.NextToken);
        if (offset === undefined) {
          return fail(400, "InvalidNextTokenException", "The NextToken value is invalid.");
        }
      }
      if (input.Filters !== undefined && input.Filters.length > 0) {
        return fail(400, "InvalidParameterException", "Filters are not served here");
      }
      stats.requests.ListSecrets += 1;
      return reply(200, pageBody(pageSize, offset));
    }
    default:
      return fail(400, "UnknownOperationException", `X-Amz-Target ${target}`);
  }
}

/** `--node-http`: node's own server instead of the lean one (to compare the server's cost). */
const useNodeHttp = process.argv.includes("--node-http");
const server = useNodeHttp
  ? createServer({ keepAlive: true, noDelay: true }, (req, res) => {
      const chunks = [];
      let size = 0;
      req.on("data", (chunk) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      req.on("end", () => {
        const response =
          size > MAX_BODY
            ? fail(413, "SerializationException", "body too large")
            : handle(req, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        res.writeHead(response.status, response.headers.flat());
        res.end(response.body);
      });
    })
  : createHttp1Server(handle, {
      onBadRequest: (message) => {
        stats.failures += 1;
        stats.lastFailure = `malformed HTTP request: ${message}`;
      },
    });
if (useNodeHttp) {
  // Longer than any client's idle keep-alive, so the server is never the side that drops a socket.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
}

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  if (process.connected) process.disconnect();
  setTimeout(() => process.exit(0), 200).unref();
}

const lifetime = setTimeout(() => {
  console.error("bench server: lifetime exceeded, exiting");
  shutdown();
}, MAX_LIFETIME_MS);
lifetime.unref();

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  if (process.send !== undefined) {
    process.send({ type: "ready", port });
    process.on("message", (message) => {
      if (message?.type === "stats") process.send({ type: "stats", stats: snapshot() });
      else if (message?.type === "close") shutdown();
    });
    process.on("disconnect", shutdown);
  } else {
    console.log(`fake Secrets Manager on http://127.0.0.1:${port} (Ctrl-C to stop)`);
    process.on("SIGINT", () => {
      console.log(JSON.stringify(stats));
      shutdown();
    });
  }
});
