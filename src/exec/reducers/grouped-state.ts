/**
 * Growable per-group Float64Array storage for the columnar fast paths. Group ids are
 * small dense integers the engine assigns (0, 1, 2, ...); a negative id means "skip
 * this row" (filtered out, or in no group). Arrays grow by doubling when a larger id
 * shows up, so callers need not know the group count in advance.
 */
export function grow(arr: Float64Array, minLength: number, fill: number): Float64Array {
  let cap = Math.max(arr.length * 2, 16);
  while (cap < minLength) cap *= 2;
  const out = new Float64Array(cap);
  out.set(arr);
  if (fill !== 0) out.fill(fill, arr.length);
  return out;
}
