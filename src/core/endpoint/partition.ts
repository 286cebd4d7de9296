import type { Partition, PartitionOutputs } from "./types";

/**
 * The rules language's `aws.partition(region)`: the outputs of the partition that lists the
 * region, else of the first partition whose pattern matches it, else of the `aws` partition, so
 * that a region newer than the vendored data still resolves, as in every AWS SDK.
 */
export function partitionOf(partitions: readonly Partition[], region: string): PartitionOutputs {
  for (const partition of partitions) {
    if (Object.hasOwn(partition.regions, region)) {
      return { ...partition.outputs, ...partition.regions[region] };
    }
  }
  const matched = partitions.find((partition) => regexOf(partition).test(region));
  const chosen = matched ?? partitions.find((partition) => partition.id === "aws");
  if (chosen === undefined) throw new Error("the partition data has no `aws` partition");
  return chosen.outputs;
}

const patterns = new WeakMap<Partition, RegExp>();

function regexOf(partition: Partition): RegExp {
  let pattern = patterns.get(partition);
  if (pattern === undefined) {
    pattern = new RegExp(partition.regionRegex);
    patterns.set(partition, pattern);
  }
  return pattern;
}
