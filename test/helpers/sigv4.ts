// SigV4 for requests a test sends by hand (to moto, to the emulator). Made with
// @smithy/signature-v4's own SignatureV4 class, not our signer, so that the server's check is
// tested against an independent implementation.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export interface SignedJsonRequest {
  readonly endpoint: string;
  /** The `X-Amz-Target` value, for example `secretsmanager.ListSecrets`. */
  readonly target: string;
  readonly body: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The headers of a signed Secrets Manager JSON request, `host` among them. */
export async function signJsonRequest(request: SignedJsonRequest): Promise<Record<string, string>> {
  const url = new URL(request.endpoint);
  const signer = new SignatureV4({
    service: "secretsmanager",
    region: request.region,
    credentials: request.credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: {},
    headers: {
      host: url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": request.target,
    },
    body: request.body,
  });
  return signed.headers;
}
