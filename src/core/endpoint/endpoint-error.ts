import { BrandedError } from "../errors";

/**
 * No endpoint could be resolved: the rule set answered with an error (FIPS with a custom
 * endpoint, a partition without dual-stack, no region), or the parameters or the resolved URL
 * are not usable. Thrown before any request is sent.
 */
export class EndpointError extends BrandedError {
  /** @internal The brand `instanceof` checks across package copies. */
  static readonly kind: string = "EndpointError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EndpointError";
  }
}
