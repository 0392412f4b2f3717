/** The median of some numbers (0 of none): the robust middle the burst and mover rules measure from. Pure. */
export function median(values: readonly number[] | Float64Array): number {
  // A typed array sorts numerically in the runtime's own code: a refresh takes ~200 medians of 28 days.
  return medianOfSorted(Float64Array.from(values).sort());
}

/** The median of numbers sorted in ascending order (0 of none). */
export function medianOfSorted(sorted: Float64Array): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
