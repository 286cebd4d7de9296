import { endpointUrlFor } from "../../generated/endpoint-rules";

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

/**
 * The endpoint URL from the service's endpoint rule set (compiled to code from codegen/model/ by
 * `npm run codegen`): pure and synchronous, with no network access, a new URL on each call. The
 * parameters are the validated settings (settings.ts checks the region and the endpoint).
 *
 * @throws {EndpointError} when the rule set refuses the combination: FIPS or dual-stack with a
 * custom endpoint, a partition without FIPS or dual-stack, no region and no endpoint.
 */
export function resolveEndpoint(params: EndpointParameters): URL {
  const { endpoint } = params;
  return new URL(
    endpointUrlFor({
      Region: params.region,
      UseFIPS: params.useFips,
      UseDualStack: params.useDualstack,
      Endpoint: endpoint instanceof URL ? endpoint.href : endpoint,
    }),
  );
}
