/**
 * The shape of the partition data generated into `src/generated/endpoint-rules.ts`, which the
 * compiled endpoint rules read through `aws.partition`.
 */

/** What `aws.partition` returns; rules read it with `getAttr`. */
export interface PartitionOutputs {
  readonly name: string;
  readonly dnsSuffix: string;
  readonly dualStackDnsSuffix: string;
  readonly supportsFIPS: boolean;
  readonly supportsDualStack: boolean;
}

export interface Partition {
  readonly id: string;
  /** Matches the names of regions that the partition will add later. */
  readonly regionRegex: string;
  /** The partition's known regions, each with the outputs it overrides (usually none). */
  readonly regions: { readonly [region: string]: Partial<PartitionOutputs> };
  readonly outputs: PartitionOutputs;
}
