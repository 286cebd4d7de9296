/**
 * @aws-lite/client. There is no published Secrets Manager plugin, so the calls go through the
 * client's own request function with the AWS JSON 1.1 headers, as its JSON plugins do;
 * `awsjson: false` keeps it from DynamoDB-marshalling the payload. Keep-alive is asked for
 * explicitly: aws-lite turns it off outside AWS by default.
 */
import awsLite from "@aws-lite/client";

export const label = "@aws-lite/client";

const HEADERS = { "content-type": "application/x-amz-json-1.1" };

export function connect(endpoint) {
  return awsLite({ region: "us-east-1", endpoint, keepAlive: true });
}

function call(aws, operation, payload, extra = {}) {
  return aws({
    service: "secretsmanager",
    headers: { ...HEADERS, "x-amz-target": `secretsmanager.${operation}` },
    awsjson: false,
    payload,
    ...extra,
  });
}

export async function getSecretValue(aws, id) {
  const { payload } = await call(aws, "GetSecretValue", { SecretId: id });
  return { name: payload.Name, value: payload.SecretString };
}

/** Through aws-lite's own paginator, which gathers every page's items. */
export async function listAll(aws) {
  const { payload } = await call(
    aws,
    "ListSecrets",
    { MaxResults: 100 },
    {
      paginate: true,
      paginator: { cursor: "NextToken", token: "NextToken", accumulator: "SecretList" },
    },
  );
  return payload.SecretList;
}

export function close() {
  // aws-lite keeps one module-wide agent whose idle sockets do not hold the process open.
}
