import { endpointUrlFor, signingName } from "../../generated/endpoint-rules";
import { EndpointError } from "../errors";

/** The settings endpoint resolution reads. */
export interface EndpointParameters {
  /** The AWS Region, for example `eu-west-1`. Required unless `endpoint` is set. */
  region?: string | undefined;
  /**
   * Use the FIPS 140 validated endpoint of the region.
   * @default false
   */
  useFips?: boolean | undefined;
  /**
   * Use the dual-stack (IPv4 and IPv6) endpoint of the region.
   * @default false
   */
  useDualstack?: boolean | undefined;
  /** Send requests here instead, for example a local emulator; FIPS and dual-stack must be off. */
  endpoint?: string | URL | undefined;
}

/** Where to send requests, and how to sign them. */
export interface ResolvedEndpoint {
  /** For example `https://secretsmanager.eu-west-1.amazonaws.com/`; a new object on each call. */
  url: URL;
  /** Headers the rule set adds to each request (none for Secrets Manager today). */
  headers: Record<string, string[]>;
  /** Further facts the rule set attaches to the endpoint (none for Secrets Manager today). */
  properties: Record<string, unknown>;
  /** The SigV4 signing name: `secretsmanager`. */
  signingName: string;
  /** The SigV4 signing region: the region; absent when only `endpoint` was given. */
  signingRegion?: string;
}

// One DNS label: the region is pasted into a host name, so "a/b" or "x.evil.com" must not pass.
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/**
 * Resolves the endpoint with the service's endpoint rule set (compiled to code from
 * codegen/model/ by `npm run codegen`). Pure and synchronous, with no network access; the
 * client calls it once per configuration.
 *
 * @throws {EndpointError} when the rule set rejects the combination (FIPS or dual-stack with a
 * custom endpoint, a partition without FIPS or dual-stack, no region and no endpoint), when the
 * region is not a DNS label, or when the endpoint is not an http(s) URL.
 */
export function resolveEndpoint(params: EndpointParameters): ResolvedEndpoint {
  const { region, endpoint } = params;
  if (region !== undefined && !HOST_LABEL.test(region)) {
    throw new EndpointError(
      `Invalid region "${region}": a region is one DNS label (letters, digits, hyphens)`,
    );
  }
  const url = endpointUrlFor({
    Region: region,
    UseFIPS: params.useFips,
    UseDualStack: params.useDualstack,
    Endpoint: endpoint instanceof URL ? endpoint.href : endpoint,
  });
  return {
    url: parseEndpointUrl(url),
    headers: {},
    properties: {},
    signingName,
    ...(region === undefined ? {} : { signingRegion: region }),
  };
}

// The URL is left out of the messages: a custom endpoint may carry user:password.
function parseEndpointUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new EndpointError("The endpoint is not a valid absolute URL", { cause: error });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new EndpointError(`The endpoint must be an http or https URL, not ${url.protocol}`);
  }
  return url;
}
