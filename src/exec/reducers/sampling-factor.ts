/**
 * The sampling factor of an item for `{account_for_sampling: true}`: the `weight`
 * the engine passed, else `item.sampling_factor`, else `item.event.sampling_factor`
 * (join rows), else 1. Any positive finite number is accepted; anything else
 * (missing, 0, negative, not a number) counts as 1, i.e. unsampled.
 */
export function samplingFactorOf(item: unknown, weight: number | undefined): number {
  let f: unknown = weight;
  if (f === undefined && typeof item === 'object' && item !== null) {
    f = (item as { sampling_factor?: unknown }).sampling_factor;
    if (f === undefined) {
      const ev = (item as { event?: unknown }).event;
      if (typeof ev === 'object' && ev !== null) f = (ev as { sampling_factor?: unknown }).sampling_factor;
    }
  }
  return typeof f === 'number' && f > 0 && f - f === 0 ? f : 1;
}

/** `{account_for_sampling: true}` in an options object. */
export function accountsForSampling(options: unknown): boolean {
  return typeof options === 'object' && options !== null && (options as { account_for_sampling?: unknown }).account_for_sampling === true;
}
